"""The layout of the dashboard's own workbooks, declared once: the writer (outputs.template) lays them
out from here and the readers (loaders.layouts, indicators.validate) recognise them from here.

The 填报表: title in row 1 (the period is read back from it), a meta line in row 2, the headers in
HEADER_ROW, one indicator per row below. The 目标分解表 and its 上年月度数 sheet alike."""
from __future__ import annotations

DATA_SHEET = "填报表"
GUIDE_SHEET = "填报说明"
TARGET_SHEET = "目标分解"
BASELINE_SHEET = "上年月度数"
HEADER_ROW = 3
FIRST_DATA_ROW = HEADER_ROW + 1
MONTH_HEADERS = [f"{m}月" for m in range(1, 13)]

# header -> the field a reader takes from its column
TEMPLATE_FIELDS = {"编码": "code", "指标名称": "name", "单位": "unit", "本期累计值": "value", "累计增速(%)": "growth",
                   "上年同期": "last_year", "状态": "status", "情况说明": "note"}
TARGET_FIELDS = {"编码": "code", "指标名称": "name", "单位": "unit", "2025年基数": "baseline",
                 "年度目标": "target", "目标依据": "target_source"}

TEMPLATE_HEADERS = ["编码", "指标名称", "单位", "指标类型", "年度目标", "牵头单位",
                    "本期累计值", "累计增速(%)", "上年同期", "状态", "情况说明"]
TARGET_HEADERS = ["编码", "指标名称", "单位", "2025年基数", "年度目标", "目标依据", *MONTH_HEADERS]
BASELINE_HEADERS = ["编码", "指标名称", "单位", *MONTH_HEADERS]
# what a qualitative indicator's 状态 cell may say (a drop-down in the template)
STATUS_CHOICES = ["已完成", "正常推进", "进度滞后", "未完成"]

TITLE = "汨罗市“开局八好”指标填报表（{period}）"
TARGETS_TITLE = "汨罗市“开局八好”目标分解表（{period}）"
BASELINE_TITLE = "汨罗市“开局八好”上年月度累计数（{period}）"
