"""The Chinese header of each column of the status table, for every output that shows one (the pages'
tables, the Excel download, the CLI report): each output picks its columns and their order, and takes
the words from here."""
from __future__ import annotations

HEADERS = {
    "code": "编码", "area": "领域", "area_name": "领域", "name": "指标", "unit": "单位",
    "target": "目标", "target_label": "年度目标", "actual": "实际", "shown_value": "实际",
    "actual_text": "状态/文字", "nature": "数据性质", "data_period": "数据期间",
    "completion": "完成率", "time_progress": "序时进度", "status": "状态", "status_label": "状态",
    "projected": "预计全年", "verdict": "判断", "projection_method": "推算方法",
    "lead_department": "牵头单位", "note": "情况说明",
}


def headers(columns: list[str], **own: str) -> dict[str, str]:
    """{column: header} in the order given; `own` words replace the shared ones where an output says more
    (Excel: 完成率（%）)."""
    return {c: own.get(c, HEADERS[c]) for c in columns}
