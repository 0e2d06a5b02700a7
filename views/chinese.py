"""Streamlit's and plotly's own words in Chinese, and a page that fetches nothing from elsewhere.

Neither Streamlit 1.67 nor the plotly it bundles ships Chinese, so their buttons, menus, tooltips and
placeholders ("Upload", "Download as CSV", "Download plot as a PNG") are put into Chinese in the
browser: every page loads a small script from this server (assets/zh.js) which rewrites text nodes and
the attributes a reader sees or hears (ATTRIBUTES) as they appear, from the one table below. The same
middleware names the page in Chinese before the app starts and points its icon at this server.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from starlette.middleware import Middleware
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from views import signin

ASSETS = Path(__file__).resolve().parent / "assets"
ICON = str(ASSETS / "icon.png")  # the tab icon: a file of this app, never a font from the internet
SCRIPT, ICON_URL = "/ui/zh.js", "/ui/icon.png"
APP_NAME = "八好看板"
ATTRIBUTES = ("title", "aria-label", "placeholder", "data-title", "alt")

# Streamlit's and plotly's English, word for word as they show it, and what a reader sees instead
TEXTS = {
    # the app's frame
    "Skip to main content": "跳到主要内容", "App pages": "页面导航", "Sidebar": "侧边栏",
    "Collapse sidebar": "收起侧边栏", "Expand sidebar": "展开侧边栏", "View less": "收起",
    "Link to heading": "本节链接", "Main menu": "主菜单", "Running...": "正在运行…", "Stop": "停止",
    "Rerun": "重新运行", "Connecting": "正在连接", "Please wait...": "请稍候…", "Connection error": "连接中断",
    "Connection lost. Please wait for the app to reconnect, then try again.": "连接已断开，请等待看板重新连接后再试。",
    "Reconnected to server.": "已重新连接。", "Page not found": "页面不存在",
    "The page that you have requested does not seem to exist": "您要打开的页面不存在",
    "Streamlit server is not responding. Are you connected to the internet?": "看板服务没有响应，请检查网络连接。",
    "Unable to connect to Streamlit server": "无法连接看板服务",
    "Is Streamlit still running? If you accidentally stopped Streamlit, just restart it in your terminal:":
        "看板服务没有响应，可能已停止运行。请联系管理员在服务器上重新启动：", "Connection timed out.": "连接超时。",
    "Try again": "重试", "Close": "关闭", "Dismiss": "关闭", "Toolbar action": "工具栏",
    "Scroll tabs left": "向左滚动标签", "Scroll tabs right": "向右滚动标签",
    # an unexpected error (client.showErrorDetails = "none")
    ("This app has encountered an error. The original error message is redacted to prevent data leaks. Full error "
     "details have been recorded in the logs (if you're on Streamlit Cloud, click on 'Manage app' in the lower "
     "right of your app)."): "看板出错了，详情已记入服务器日志（为防止泄露数据，这里不显示）。请刷新页面重试；仍出错请联系管理员。",
    "Copy": "复制", "Ask Google": "网上搜索此错误", "Ask ChatGPT": "询问智能助手",
    # inputs
    "Open": "展开", "Choose an option": "请选择", "Choose options": "请选择", "No options to select": "无可选项",
    "No results": "无匹配项", "Select all": "全选", "Clear all": "全部清除", "Clear value": "清除",
    "Clear entry": "清除", "Selected values": "已选", "Show password": "显示密码", "Hide password": "隐藏密码",
    "Invalid input.": "输入无效。", "Copy to clipboard": "复制", "Copied": "已复制",
    "Fullscreen": "全屏", "Close fullscreen": "退出全屏",
    # the file uploader
    "Upload": "选择文件", "Drag and drop file here": "将文件拖到此处", "Drag and drop a file here": "将文件拖到此处",
    "Drag and drop files here": "将文件拖到此处", "Add files": "添加文件", "add icon": "添加文件",
    "file upload": "选择文件", "Remove file": "移除文件",
    "Error uploading file": "文件上传失败", "Error deleting file": "文件移除失败", "Upload failed": "上传失败",
    "Click to retry upload": "点击重新上传", "Only one file is allowed.": "一次只能上传一个文件。",
    "Too many files": "文件过多", "File size is too small.": "文件太小。",
    "Unexpected error. Please try again.": "出现意外错误，请重试。",
    # tables
    "Show/hide columns": "显示/隐藏列", "Download as CSV": "下载为 CSV", "Search": "搜索",
    "Type to search": "输入关键词搜索", "Close Search": "关闭搜索", "Next Result": "下一个",
    "Previous Result": "上一个", "Sort ascending": "升序", "Sort descending": "降序", "Pin column": "固定列",
    "Unpin column": "取消固定", "Hide column": "隐藏列", "Copy column name": "复制列名", "Autosize": "自动列宽",
    "Format": "数字格式", "Rename": "重命名", "Wrap": "自动换行", "Visibility": "显示", "Statistics": "统计",
    "Dataframe column menu": "列菜单", "Clear selection": "取消选择", "Loading...": "加载中…",
    "No data": "无数据", "No options": "无可选项", "Automatic": "自动", "Localized": "本地格式",
    "Plain": "原样", "Percent": "百分比", "Dollar": "美元", "Euro": "欧元", "Yen": "日元",
    "Compact": "简写", "Scientific": "科学计数", "Engineering": "工程计数", "Accounting": "会计格式",
    "Calendar": "日历", "Distance": "距离", "Duration": "时长", "Relative": "相对时间",
    "Count": "计数", "Distinct": "不同值", "Empty": "空值", "Minimum": "最小值", "Maximum": "最大值",
    "Average": "平均值", "Median": "中位数", "Sum": "合计", "Standard deviation": "标准差", "Range": "范围",
    "Minimum length": "最短长度", "Maximum length": "最长长度", "Average length": "平均长度",
    "Top values frequency chart": "常见值频次图", "Distribution histogram": "分布直方图",
    "Based on sample": "基于抽样", "Values": "有值", "True": "是", "False": "否", "(index)": "（行号）",
    # a column's kind, named on its icon
    "text": "文本", "number": "数字", "checkbox": "勾选", "datetime": "日期时间", "date": "日期", "time": "时间",
    "list": "列表", "link": "链接", "progress": "进度",
    # plotly's chart toolbar and notices
    "Download plot as a PNG": "下载为 PNG 图片", "Download plot": "下载图片", "Zoom": "缩放", "Pan": "平移",
    "Box Select": "框选", "Lasso Select": "套索选择", "Zoom in": "放大", "Zoom out": "缩小",
    "Autoscale": "自动缩放", "Reset axes": "复原坐标轴", "Reset": "复原", "Reset view": "复原视图",
    "Reset views": "复原视图", "Toggle Spike Lines": "显示/隐藏参考线",
    "Show closest data on hover": "悬停显示最近的数据", "Compare data on hover": "悬停比较数据",
    "Toggle show closest data on hover": "切换悬停显示方式", "Double-click to zoom back out": "双击复原",
    "Double-click on legend to isolate one trace": "双击图例只看这一项",
    "Preparing image - this may take a few seconds": "正在生成图片，请稍候",
    "Taking snapshot - this may take a few seconds": "正在生成图片，请稍候",
    "Image download succeeded": "图片已下载", "Snapshot succeeded": "图片已生成",
    "Sorry, there was a problem downloading your image!": "抱歉，图片下载失败。",
    "Sorry, there was a problem downloading your snapshot!": "抱歉，图片下载失败。",
}
# English with a number or name inside (JavaScript regular expressions, $1 for the captured part)
PATTERNS = (
    (r"^(\d+(?:\.\d+)?)\s*([KMG]?B) per file$", "每个文件不超过 $1$2"),
    (r"^•\s*([A-Z0-9]+(?:, [A-Z0-9]+)*)$", "• 可用格式 $1"),
    (r"^(.+) files are not allowed\.$", "不接受 $1 格式的文件。"),
    (r"^File must be (.+) or smaller\.$", "文件不能超过 $1。"),
    (r"^View (\d+) more$", "再显示 $1 项"),
    (r"^The page that you have requested does not seem to exist\. Running the app's main page\.$",
     "您要打开的页面不存在，已打开总览。"),
    ((r"^You have requested page /(.+), but no corresponding file was found in the app's pages/ directory\. "
      r"Running the app's main page\.$"), "没有找到页面 /$1，已打开总览。"),
    (r"^(\d+) options? available\.$", "共 $1 个选项"),
    (r"^Remove (.+)$", "移除 $1"),
    (r"^Cancel upload of (.+)$", "取消上传 $1"),
    (r"^File is larger than (.+)$", "文件大于 $1"),
    (r"^Top values frequency chart: (.*)$", "常见值频次图：$1"),
    (r"^Distribution histogram: (.*)$", "分布直方图：$1"),
    (r"^Press Enter to (submit form|apply)$", "按回车键确认"),
    (r"^Press (⌘|Ctrl)\+Enter to (submit form|apply)$", "按 $1+回车键确认"),
)


def script() -> str:
    """assets/zh.js with the table filled in."""
    table = json.dumps({"texts": TEXTS, "patterns": PATTERNS, "attributes": ATTRIBUTES}, ensure_ascii=False)
    return (ASSETS / "zh.js").read_text(encoding="utf-8").replace("__TABLE__", table)


async def serve_script(request) -> Response:
    return Response(script(), media_type="text/javascript; charset=utf-8", headers={"Cache-Control": "no-cache"})


async def serve_icon(request) -> FileResponse:
    return FileResponse(ICON, media_type="image/png")


def chinese_page(html: str) -> str:
    """Streamlit's index.html as this app serves it: Chinese, named, its icon and the script from here."""
    for pattern, replacement in (
            (r'<html lang="en">', '<html lang="zh-CN">'), (r"<title>Streamlit</title>", f"<title>{APP_NAME}</title>"),
            (r'<link rel="shortcut icon" href="[^"]*"', f'<link rel="shortcut icon" href="{ICON_URL}"'),
            (r"<noscript>.*?</noscript>", f"<noscript>请在浏览器中启用 JavaScript 后再打开{APP_NAME}。</noscript>")):
        html = re.sub(pattern, replacement, html, count=1, flags=re.DOTALL)
    return html.replace("</head>", f'<script src="{SCRIPT}"></script></head>', 1)


class ChinesePages:
    """ASGI middleware: every page of the app is served as chinese_page(Streamlit's index.html)."""

    IGNORED = (b"accept-encoding", b"if-none-match", b"if-modified-since")  # the page must come whole, uncompressed

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if not signin.is_page(scope):
            return await self.app(scope, receive, send)
        headers = [(key, value) for key, value in scope["headers"] if key not in self.IGNORED]
        start, body = {}, []

        async def collect(message):
            if message["type"] == "http.response.start":
                return start.update(message)
            body.append(message.get("body", b""))
            if not message.get("more_body"):
                await self._send(send, start, b"".join(body))
        await self.app({**scope, "headers": headers}, receive, collect)

    @staticmethod
    async def _send(send, start, body: bytes) -> None:
        headers = list(start.get("headers", []))
        if start.get("status") == 200 and b"text/html" in dict(headers).get(b"content-type", b""):
            body = chinese_page(body.decode("utf-8")).encode("utf-8")
            headers = [(key, value) for key, value in headers if key not in (b"content-length", b"etag",
                                                                             b"last-modified")]
            headers.append((b"content-length", str(len(body)).encode()))
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": body})


ROUTES = [Route(SCRIPT, serve_script, methods=["GET"]), Route(ICON_URL, serve_icon, methods=["GET"])]
MIDDLEWARE = [Middleware(ChinesePages)]
