"""Excel templates the county clerks fill in: the monthly 填报表 and the yearly 目标分解表.

Both are built from the catalog with targets (`store.indicators_with_targets`) and
returned as .xlsx bytes; nothing here touches the store. Every sheet has a title in
row 1 (the period is read back from it), a meta line in row 2, headers in
HEADER_ROW and one indicator per row below. Only the cells a clerk fills are
unlocked; the sheets are protected without a password.
"""
from __future__ import annotations

from io import BytesIO

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from indicators import catalog
from indicators.progress import RATE_UNITS, TEXT_KINDS
from indicators.report import data_period_label, due_month, period_label

DATA_SHEET = "填报表"
GUIDE_SHEET = "填报说明"
TARGET_SHEET = "目标分解"
BASELINE_SHEET = "上年月度数"
HEADER_ROW = 3
FIRST_DATA_ROW = HEADER_ROW + 1
MONTH_HEADERS = [f"{m}月" for m in range(1, 13)]

TEMPLATE_HEADERS = ["编码", "指标名称", "单位", "指标类型", "年度目标", "牵头单位",
                    "本期累计值", "累计增速(%)", "上年同期", "状态", "情况说明"]
STATUS_CHOICES = ["已完成", "正常推进", "进度滞后", "未完成"]
TARGET_HEADERS = ["编码", "指标名称", "单位", "2025年基数", "年度目标", "目标依据", *MONTH_HEADERS]
BASELINE_HEADERS = ["编码", "指标名称", "单位", *MONTH_HEADERS]

VALUE_COLUMN_BY_KIND = {"growth_rate": "累计增速(%)", "cumulative": "本期累计值", "point": "本期累计值",
                        "ceiling": "本期累计值", "decrease": "本期累计值", "zero_event": "本期累计值",
                        "milestone": "状态", "qualitative": "状态"}
KIND_LABELS = {"growth_rate": "增速", "cumulative": "累计", "point": "时点", "ceiling": "上限",
               "decrease": "持续下降", "zero_event": "零发生", "milestone": "节点", "qualitative": "定性"}
KIND_HINTS = {
    "growth_rate": "填同比累计增速，单位为%，直接填数字。",
    "cumulative": "填1月至本月累计完成数，单位见“单位”列。",
    "point": "填本月末（或最新）水平值，如占比、比率、金额。",
    "ceiling": "填本月末（或最新）数值，目标为不超过上限。",
    "decrease": "填1月至本月累计数，并在“上年同期”填上年同期数，用于判断是否下降。",
    "zero_event": "填1月至本月累计发生数，未发生填0。",
    "milestone": "按期完成的节点任务，在“状态”列选择进展；完成后选“已完成”，逾期未完成即为滞后。",
    "qualitative": "在“状态”列从下拉列表选择：" + "、".join(STATUS_CHOICES) + "。",
}
DEFAULT_TARGET_TEXT = {"decrease": "较上年同期下降", "zero_event": "不发生"}

TITLE = "汨罗市“开局八好”指标填报表（{period}）"
TARGETS_TITLE = "汨罗市“开局八好”目标分解表（{period}）"
BASELINE_TITLE = "汨罗市“开局八好”上年月度累计数（{period}）"
CREATOR = "八好看板"
BLANK = "＿＿＿＿"

WIDTHS = {"编码": 9, "指标名称": 30, "单位": 10, "指标类型": 9, "年度目标": 24, "牵头单位": 18,
          "本期累计值": 13, "累计增速(%)": 13, "上年同期": 12, "状态": 12, "情况说明": 40,
          "2025年基数": 13, "目标依据": 22}
MONTH_WIDTH = 10

# Cell roles: fixed (catalog, locked), required (the one to fill, yellow),
# optional (may be filled, white), greyed (not for this row, locked).
FILLS = {"header": PatternFill("solid", fgColor="DDEBF7"), "required": PatternFill("solid", fgColor="FFF2CC"),
         "greyed": PatternFill("solid", fgColor="D9D9D9")}
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_COLUMNS = {"指标名称", "年度目标", "牵头单位", "情况说明", "目标依据"}
NUMBER_ERROR = "请填写数字，不要带单位、%号或文字；文字说明请写在“情况说明”列。"


def _headed_sheet(ws, title: str, meta: str, headers: list[str]) -> None:
    """Row 1 merged title, row 2 merged meta line, HEADER_ROW headers, widths, freeze and print setup."""
    last = get_column_letter(len(headers))
    ws.merge_cells(f"A1:{last}1")
    ws.merge_cells(f"A2:{last}2")
    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=16)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws["A2"] = meta
    ws["A2"].alignment = Alignment(horizontal="left", vertical="center")
    ws.row_dimensions[1].height = 30
    ws.row_dimensions[2].height = 22
    for col, header in enumerate(headers, start=1):
        cell = ws.cell(row=HEADER_ROW, column=col, value=header)
        cell.font, cell.fill, cell.border = Font(bold=True), FILLS["header"], BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(col)].width = WIDTHS.get(header, MONTH_WIDTH)
    ws.freeze_panes = f"A{FIRST_DATA_ROW}"
    _print_setup(ws)


def _print_setup(ws) -> None:
    """A4 landscape, one page wide, title rows repeated, page numbers in the footer."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"1:{HEADER_ROW}"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def _put(ws, row: int, col: int, value, role: str = "fixed", header: str = ""):
    """Write one body cell with its role's fill, lock state, border and alignment."""
    cell = ws.cell(row=row, column=col, value=_blank_if_missing(value))
    cell.border = BORDER
    cell.alignment = Alignment(vertical="center", wrap_text=header in WRAP_COLUMNS)
    cell.protection = Protection(locked=role in ("fixed", "greyed"))
    if role in FILLS:
        cell.fill = FILLS[role]
    return cell


def _blank_if_missing(value):
    """None for NaN/None so empty cells stay empty; numpy numbers become plain Python numbers."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    return value.item() if hasattr(value, "item") else value


def _protect(ws) -> None:
    """Protect the sheet without a password; clerks may still resize columns and rows."""
    ws.protection.sheet = True
    ws.protection.formatColumns = ws.protection.formatRows = False


def _row_height(row: pd.Series, widths: dict[str, float]) -> float:
    """Enough height for the wrapped text of the longest cell (a CJK character is ~2 width units)."""
    lines = 1
    for header, width in widths.items():
        text = str(_blank_if_missing(row.get(header)) or "")
        lines = max(lines, -(-len(text) * 2 // max(int(width) - 1, 1)))
    return 16.0 * lines + 4


def _validation(validations: dict, prompt: str, kind: str = "decimal") -> DataValidation:
    """The one DataValidation per (type, prompt): decimal (any number) or the 状态 list."""
    key = (kind, prompt)
    if key not in validations:
        if kind == "list":
            dv = DataValidation(type="list", formula1='"' + ",".join(STATUS_CHOICES) + '"',
                                allow_blank=True, error="请从下拉列表中选择。")
        else:
            dv = DataValidation(type="decimal", operator="between", formula1="-1E+15", formula2="1E+15",
                                allow_blank=True, error=NUMBER_ERROR)
        dv.errorTitle, dv.promptTitle, dv.prompt = "填写有误", "填写提示", prompt[:250]
        dv.showErrorMessage = dv.showInputMessage = True
        validations[key] = dv
    return validations[key]


def _unit_note(unit: str | None) -> str:
    """'单位：亿元' plus the percentage hint for rate units; '无单位' when there is none."""
    if not unit:
        return "无单位"
    note = f"单位：{unit}"
    return note + "；百分数请直接填数字，如5.3表示5.3%" if unit in RATE_UNITS else note


def _value_prompt(row, year: int, month: int) -> str:
    """What to type into this row's value cell for the period, in the clerk's words."""
    due = due_month(row, month)
    if due is None:
        when = {"annual": "年度指标，12月须填报全年数", "quarterly": "季度指标，首个季度数据尚未发布"}.get(
            row.frequency, "本期尚未到报送期")
        if not pd.isna(getattr(row, "result_month", None)):
            when = f"认定结果一般于{int(row.result_month)}月公布"
        return f"{when}；本期可不填，如已有阶段数据也可填写（将按本期判定），说明请写在“情况说明”。"
    period = data_period_label(row.frequency, year, due)
    if row.kind == "growth_rate":
        return f"请填写{period}累计增速（%）：增速请直接填5.3表示5.3%，下降填负数，如-1.2。"
    what = {"point": f"截至{period}的最新数值", "ceiling": f"截至{period}的最新数值",
            "zero_event": f"{period}累计发生数（未发生填0）"}.get(row.kind, f"{period}累计值")
    extra = "；须同时填写“上年同期”" if row.kind == "decrease" else ""
    return f"请填写{what}，{_unit_note(row.unit)}{extra}。"


def _last_year_prompt(row, year: int, month: int) -> str:
    """The input message of the 上年同期 cell."""
    due = due_month(row, month) or month
    need = "必填" if row.kind == "decrease" else "选填"
    unit = "增速，单位：%" if row.kind == "growth_rate" else _unit_note(row.unit)
    return f"{need}：{data_period_label(row.frequency, year - 1, due)}同口径数值（{unit}）。"


def _fill_roles(kind: str, due: bool = True) -> dict[str, str]:
    """Role of each fill column for one kind: its value column required (optional while no figure
    is due), the other value columns greyed, 上年同期 optional (required for 持续下降), 情况说明 open."""
    value_column = VALUE_COLUMN_BY_KIND[kind]
    own = "required" if due or kind in TEXT_KINDS else "optional"
    roles = {c: (own if c == value_column else "greyed") for c in ("本期累计值", "累计增速(%)", "状态")}
    roles["上年同期"] = "greyed" if kind in TEXT_KINDS else ("required" if kind == "decrease" else "optional")
    roles["情况说明"] = "optional"
    return roles


def _select(rows: pd.DataFrame, area: int | None, department: str | None) -> pd.DataFrame:
    """The indicators of one area and/or lead department (all when both are None)."""
    chosen = rows
    if area is not None:
        chosen = chosen[chosen["area"] == area]
    if department is not None:
        chosen = chosen[catalog.led_by(chosen, department)]
    if chosen.empty:
        raise ValueError(f"没有符合条件的指标（领域：{area or '全部'}，牵头单位：{department or '全部'}）")
    return chosen.reset_index(drop=True)


def _meta_line(rows: pd.DataFrame, area: int | None, department: str | None) -> str:
    """领域：…　牵头单位：…　填报单位：＿＿　填报人：＿＿"""
    filtered = (area is not None or department is not None) and "area_name" in rows
    area_text = "、".join(dict.fromkeys(rows["area_name"])) if filtered else "全部"
    return (f"领域：{area_text}　牵头单位：{department or '全部'}　"
            f"填报单位：{BLANK}　填报人：{BLANK}")


def _data_row(ws, r: int, row, year: int, month: int, validations: dict) -> None:
    """One indicator row of the 填报表: catalog cells locked, fill cells by role, validations attached."""
    fixed = {"编码": row.code, "指标名称": row.name, "单位": row.unit or "", "指标类型": KIND_LABELS[row.kind],
             "年度目标": row.target_label or DEFAULT_TARGET_TEXT.get(row.kind, ""),
             "牵头单位": row.lead_department or ""}
    roles = _fill_roles(row.kind, due_month(row, month) is not None)
    for col, header in enumerate(TEMPLATE_HEADERS, start=1):
        cell = _put(ws, r, col, fixed.get(header), roles.get(header, "fixed"), header)
        if roles.get(header) not in ("required", "optional") or header == "情况说明":
            continue
        if header == "状态":
            _validation(validations, "定性指标请从下拉列表选择进展情况。", "list").add(cell)
        elif header == "上年同期":
            _validation(validations, _last_year_prompt(row, year, month)).add(cell)
        else:
            _validation(validations, _value_prompt(row, year, month)).add(cell)
    ws.row_dimensions[r].height = _row_height(pd.Series(fixed), {h: WIDTHS[h] for h in ("指标名称", "年度目标")})


def _note_validation(ws, last_row: int) -> None:
    """An input message on every 情况说明 cell (text, so no type check)."""
    col = get_column_letter(TEMPLATE_HEADERS.index("情况说明") + 1)
    dv = DataValidation(allow_blank=True, showInputMessage=True, promptTitle="情况说明",
                        prompt="低于序时进度、状态为“进度滞后”或“未完成”时必填：写明原因和下步措施。")
    dv.add(f"{col}{FIRST_DATA_ROW}:{col}{last_row}")
    ws.add_data_validation(dv)


def _add_validations(ws, validations: dict) -> None:
    """Attach the collected validations to the sheet."""
    for dv in validations.values():
        ws.add_data_validation(dv)


def _finish(wb: Workbook, title: str) -> bytes:
    """Set the workbook properties and serialise it."""
    wb.properties.title = title
    wb.properties.creator = CREATOR
    wb.properties.lastModifiedBy = CREATOR
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def indicator_template(rows: pd.DataFrame, year: int, month: int, area: int | None = None,
                       department: str | None = None) -> bytes:
    """The monthly 填报表 (.xlsx bytes) for one period, optionally one area and/or lead department.

    `rows` is `store.indicators_with_targets(cur, year)`; a department's template holds only
    the indicators it leads. Raises ValueError when the filter leaves no indicator."""
    chosen = _select(rows, area, department)
    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    title = TITLE.format(period=period_label(year, month))
    _headed_sheet(ws, title, _meta_line(chosen, area, department), TEMPLATE_HEADERS)
    validations: dict = {}
    for i, row in enumerate(chosen.itertuples(index=False)):
        _data_row(ws, FIRST_DATA_ROW + i, row, year, month, validations)
    _add_validations(ws, validations)
    _note_validation(ws, FIRST_DATA_ROW + len(chosen) - 1)
    _protect(ws)
    _guide_sheet(wb.create_sheet(GUIDE_SHEET), "填报说明", _data_guide(year, month))
    return _finish(wb, title)


def _data_guide(year: int, month: int) -> list[tuple[str, str]]:
    """The 填报说明 lines of the monthly template: (事项, 说明)."""
    per_kind = [(f"{KIND_LABELS[k]}类指标", f"填写“{c}”列。{KIND_HINTS[k]}") for k, c in VALUE_COLUMN_BY_KIND.items()]
    return [
        ("本期", f"本表为{period_label(year, month)}数据。数值一律填1月至本月的累计数（时点类填本月末数）。"),
        ("填哪里", "只填黄色单元格；白色单元格选填；灰色单元格与编码、名称等列已锁定，无需填写。"),
        *per_kind,
        ("1-2月", "统计部门1-2月数据合并发布：1月统计类数据可不填，2月填报1-2月累计数。"),
        ("季度、年度指标", "季度指标填最近一个已发布季度的累计数（如5月填一季度数）；年度指标在12月须填报全年数，"
                       "平时如已有阶段数据也可填写，看板按所填期间判定。"),
        ("百分数", "增速、占比、比率直接填数字：增长5.3%填5.3，下降1.2%填-1.2，不要带%号或单位。"),
        ("上年同期", "选填，填上年同一期间同口径数值；持续下降类指标必填。"),
        ("情况说明", "数值低于序时进度或未达目标、状态为“进度滞后”“未完成”时必须填写原因和下步措施。"),
        ("不要改动", "不要修改编码（系统按编码识别指标），不要增删行列、合并单元格或改工作表名称；"
                     "第1行标题中的期间用于识别数据期间，请勿改动。"),
        ("工作表保护", "填报表已保护但未设密码，仅为防止误改；可调整行高列宽。"),
        ("上传", "填好后按原格式（.xlsx）保存，上传至八好看板；不要另存为.xls或.csv。"),
    ]


def _guide_sheet(ws, title: str, lines: list[tuple[str, str]]) -> None:
    """A plain two-column instruction sheet: 事项 | 说明 (left unprotected)."""
    ws.merge_cells("A1:B1")
    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=16)
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 90
    for col, header in enumerate(("事项", "说明"), start=1):
        cell = ws.cell(row=HEADER_ROW, column=col, value=header)
        cell.font, cell.fill, cell.border = Font(bold=True), FILLS["header"], BORDER
    for i, (topic, text) in enumerate(lines, start=FIRST_DATA_ROW):
        ws.cell(row=i, column=1, value=topic).font = Font(bold=True)
        ws.cell(row=i, column=2, value=text).alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[i].height = 16.0 * max(1, -(-len(text) * 2 // 88)) + 4


def _target_roles(kind: str) -> dict[str, str]:
    """Which 目标分解 cells an administrator may fill for one kind (monthly paths only for 累计)."""
    roles = {"2025年基数": "greyed" if kind in TEXT_KINDS else "required",
             "年度目标": "greyed" if kind in TEXT_KINDS else "required", "目标依据": "optional"}
    roles.update({m: "required" if kind == "cumulative" else "greyed" for m in MONTH_HEADERS})
    return roles


def _lookup_baselines(baselines: pd.DataFrame) -> dict[str, float]:
    """code -> value, the city-wide row when the frame carries regions."""
    if baselines is None or baselines.empty:
        return {}
    if "region" in baselines:
        baselines = baselines[baselines["region"].fillna("全市") == "全市"]
    return dict(zip(baselines["code"], baselines["value"]))


def _lookup_paths(paths: pd.DataFrame) -> dict[tuple[str, int], float]:
    """(code, month) -> cumulative_target."""
    if paths is None or paths.empty:
        return {}
    return {(c, int(m)): v for c, m, v in zip(paths["code"], paths["month"], paths["cumulative_target"])}


def _target_sheet(ws, rows: pd.DataFrame, baselines: dict, paths: dict, year: int) -> None:
    """The TARGET_SHEET body: one row per indicator, baseline/target/path prefilled where known."""
    validations: dict = {}
    for r, row in enumerate(rows.itertuples(index=False), start=FIRST_DATA_ROW):
        roles = _target_roles(row.kind)
        values = {"编码": row.code, "指标名称": row.name, "单位": row.unit or "",
                  "2025年基数": baselines.get(row.code),
                  "年度目标": None if row.kind in TEXT_KINDS else row.target,
                  **{f"{m}月": paths.get((row.code, m)) for m in range(1, 13)}}
        for col, header in enumerate(TARGET_HEADERS, start=1):
            role = roles.get(header, "fixed")
            cell = _put(ws, r, col, values.get(header), role, header)
            if role != "fixed" and role != "greyed" and header != "目标依据":
                _validation(validations, _target_prompt(header, row, year)).add(cell)
        ws.row_dimensions[r].height = _row_height(pd.Series(values), {"指标名称": WIDTHS["指标名称"]})
    _add_validations(ws, validations)


def _target_prompt(header: str, row, year: int) -> str:
    """Input message of one 目标分解 cell."""
    unit = _unit_note(row.unit)
    if header == "2025年基数":
        return f"{year - 1}年全年实际数，{unit}。"
    if header == "年度目标":
        if row.target_pending:
            return f"方案要求“{row.target_label}”：上级下达具体数值后填写（{unit}），并在“目标依据”注明文件。"
        return f"{year}年全年目标，{unit}。"
    return f"截至该月末的累计目标，{unit}；留空表示按时间均匀推进。"


def _baseline_sheet(ws, rows: pd.DataFrame, year: int) -> None:
    """The BASELINE_SHEET body: last year's monthly cumulative values, blank to fill."""
    validations: dict = {}
    numeric = rows[~rows["kind"].isin(TEXT_KINDS)]
    for r, row in enumerate(numeric.itertuples(index=False), start=FIRST_DATA_ROW):
        values = {"编码": row.code, "指标名称": row.name, "单位": row.unit or ""}
        prompt = f"{year - 1}年1月至该月累计数（时点类填月末数），{_unit_note(row.unit)}。"
        for col, header in enumerate(BASELINE_HEADERS, start=1):
            role = "required" if header in MONTH_HEADERS else "fixed"
            cell = _put(ws, r, col, values.get(header), role, header)
            if role == "required":
                _validation(validations, prompt).add(cell)
    _add_validations(ws, validations)


def targets_template(rows: pd.DataFrame, baselines: pd.DataFrame, paths: pd.DataFrame, year: int) -> bytes:
    """The 目标分解表 (.xlsx bytes) for administrators.

    TARGET_SHEET: one row per indicator with last year's baseline (`baselines`: code, value),
    the annual target (blank for qualitative ones) and the monthly cumulative target path
    (`paths`: code, month, cumulative_target; blank = straight line). BASELINE_SHEET: last
    year's monthly cumulative series of every non-qualitative indicator, blank to fill."""
    wb = Workbook()
    ws = wb.active
    ws.title = TARGET_SHEET
    title = TARGETS_TITLE.format(period=period_label(year, None))
    meta = f"领域：全部　月度累计目标留空＝按时间均匀推进　填报单位：{BLANK}　填报人：{BLANK}"
    _headed_sheet(ws, title, meta, TARGET_HEADERS)
    _target_sheet(ws, rows.reset_index(drop=True), _lookup_baselines(baselines), _lookup_paths(paths), year)
    _protect(ws)
    base = wb.create_sheet(BASELINE_SHEET)
    base_meta = f"{year - 1}年各月1月至当月累计数，用于计算上年同期　填报单位：{BLANK}　填报人：{BLANK}"
    _headed_sheet(base, BASELINE_TITLE.format(period=period_label(year - 1, None)), base_meta, BASELINE_HEADERS)
    _baseline_sheet(base, rows, year)
    _protect(base)
    _guide_sheet(wb.create_sheet(GUIDE_SHEET), "填报说明", _targets_guide(year))
    return _finish(wb, title)


def _targets_guide(year: int) -> list[tuple[str, str]]:
    """The 填报说明 lines of the 目标分解表."""
    return [
        ("用途", f"本表用于录入{year}年各指标的年度目标、{year - 1}年基数、月度累计目标和上年各月数据。"),
        ("填哪里", "只填黄色单元格；白色单元格选填；灰色单元格已锁定，无需填写。"),
        ("2025年基数", f"填{year - 1}年全年实际数；定性指标无需填写。"),
        ("年度目标", "已按方案预填。方案要求“完成上级下达目标”的暂为空（看板显示“目标待定”），下达具体数值后填写，"
                    "并在“目标依据”注明文件；定性指标与节点任务无需填写。"),
        ("目标依据", "选填，如“岳阳市下达文件”“总体方案”，注明文件名称和文号。"),
        ("1月—12月", "仅累计类指标填写：截至各月末的累计目标，应逐月不减、12月等于年度目标；"
                    "留空表示按时间均匀推进（直线）。"),
        ("上年月度数", f"在“{BASELINE_SHEET}”表填{year - 1}年各月1月至当月累计数（时点类填月末数），用于上年同期比较。"),
        ("百分数", "直接填数字：5.3%填5.3，不要带%号或单位。"),
        ("不要改动", "不要修改编码，不要增删行列或改工作表名称；工作表已保护但未设密码，仅为防止误改。"),
    ]
