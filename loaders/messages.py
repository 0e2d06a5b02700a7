"""The Chinese messages for files that cannot be read at all, and the errors that carry them."""
from __future__ import annotations

from common.errors import Problem, TooLarge, UnreadableFile

MSG_EMPTY = "文件为空"
MSG_CORRUPT = "文件已损坏或不完整，请重新导出后上传"
MSG_PASSWORD = "文件设置了打开密码，请取消密码后再上传"
MSG_NO_DATA = "文件中没有任何数据"
MSG_NOT_SHEET = "这不是Excel或CSV表格文件（{}）"
MSG_WORD = "这是Word文档，不是Excel表格"
MSG_POWERPOINT = "这是PowerPoint演示文稿，不是Excel表格"
MSG_ZIP = "这是ZIP压缩包，不是Excel表格，请解压后上传其中的表格文件"
MSG_XLSB = "这是Excel二进制工作簿（.xlsb），请另存为 .xlsx 后上传"
MSG_HTML = "这是网页（HTML）文件，只是扩展名像表格，请用Excel打开后另存为 .xlsx 再上传"
MSG_XML2003 = "这是Excel 2003 XML表格，请用Excel打开后另存为 .xlsx 再上传"
MSG_ENCODING = "无法识别文件的文字编码（既不是UTF-8也不是GBK），请用Excel打开后另存为 .xlsx 再上传"
MSG_LOCK_FILE = "这是Excel打开文件时生成的临时文件（文件名以 ~$ 开头），不是表格本身，请上传原文件"
MSG_XLS_FORMATS = "无法读取该 .xls 文件的单元格格式，请用Excel打开后另存为 .xlsx 再上传"
MSG_CSV = "CSV文件第 {} 行无法解析（引号不配对或单元格内容过长），请用Excel打开后另存为 .xlsx 再上传"


def unreadable(filename: str, message: str) -> UnreadableFile:
    return UnreadableFile([Problem(message, file=filename)])


def size_text(n: float) -> str:
    """23.4 MB, 20 MB, 1.5 KB (for the limit as well as the file)."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if n >= scale:
            return f"{n / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{int(n)} 字节"


def too_many_rows(filename: str, sheet: str, rows: int | None, max_rows: int) -> TooLarge:
    counted = f"（共 {rows} 行）" if rows else ""
    return TooLarge([Problem(f"行数超过 {max_rows} 行上限{counted}，请拆分后上传",
                             file=filename, sheet=sheet)])
