"""督办 documents (issue 15, section 3) from the store: the 督办单 of a period's open 督办 (.docx, laid out
by outputs/orders.py), the 台账 as Excel, and what the monthly 调度通报 says (outputs/bulletin.py writes it).

Every document is of one period and says how things stand on `today` (逾期 depends on it)."""
from __future__ import annotations

from datetime import date

import pandas as pd

from charts.excel import to_excel
from common.columns import headers
from common.periods import period_label
from indicators import catalog, numbers, report, supervision
from indicators.narrative import value_mark
from indicators.progress import GREEN, GREY, MISSING, RED, status_label
from indicators.supervision import STATUSES, SupervisionError
from outputs import bulletin, orders

LEDGER_SHEET = "督办台账"
LEDGER_HEADERS = {"id": "编号", **headers(["code", "name", "lead_department"]), "period": "期间", "status": "状态",
                  "deadline": "答复期限", "opened_by": "督办人", "answered_at": "答复时间", "reason": "滞后原因",
                  "measures": "整改措施", "recovery": "预计恢复月", "closed_at": "办结时间", "close_note": "办结说明"}
NO_LEAD = "方案未明确牵头单位"


def _text(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value).strip()


def _when(value, pattern: str = "%Y-%m-%d %H:%M") -> str:
    return "" if pd.isna(value) else f"{value:{pattern}}"


def _of_period(rows: pd.DataFrame, period: tuple[int, int] | None) -> pd.DataFrame:
    return rows if period is None else rows[(rows["year"] == period[0]) & (rows["month"] == period[1])]


# ---- 督办单 ----------------------------------------------------------------------------------------------

def chosen(cur, period: tuple[int, int] | None = None, ids=None, today: date | None = None) -> pd.DataFrame:
    """The 督办 (supervision.table rows) of `ids`, whatever their status, or else every one of `period`
    not yet closed (待答复, 已答复, 逾期); an id that is no 督办 is refused."""
    rows = supervision.table(cur, today=today)
    if ids is None:
        return _of_period(rows, period)[lambda r: r["status"] != "closed"]
    missing = sorted(set(ids) - set(rows["id"]))
    if missing:
        raise SupervisionError(f"没有编号为 {'、'.join(str(i) for i in missing)} 的督办")
    return rows[rows["id"].isin(ids)]


def orders_for(cur, period: tuple[int, int] | None = None, ids=None, today: date | None = None) -> list[orders.Order]:
    """The 督办单 of the chosen 督办 (see `chosen`), each from its indicator's row of the 督办's period."""
    rows = chosen(cur, period, ids, today)
    periods = {(int(y), int(m)) for y, m in zip(rows["year"], rows["month"])}
    tables = {p: _status_rows(cur, p) for p in periods}
    return [_order(r, tables[(r["year"], r["month"])][r["code"]]) for r in rows.to_dict("records")]


def _status_rows(cur, period: tuple[int, int]) -> dict[str, dict]:
    """code -> the status row of `period` (its `doubted` says whether the 督查室 doubts the shown value)."""
    return {r["code"]: r for r in report.status_table(cur, *period).drop_duplicates("code").to_dict("records")}


def actual_label(row: dict, period: str) -> str:
    """实际 with its unit, the period of the figure when it is not the 督办's own (a quarterly one), and its
    mark: （示例） for demo data, （核验有疑问） while the 督查室 doubts it."""
    if numbers.missing(row["actual"]):
        shown = _text(row["actual_text"]) or status_label(row["status"], row["reason"])
    else:
        shown = numbers.with_unit(row["actual"], row["unit"])
    data = _text(row["data_period"])
    return shown + (f"（{data}数据）" if data and data != period else "") + value_mark(row)


def _order(row: dict, status: dict) -> orders.Order:
    period = period_label(row["year"], row["month"])
    return orders.Order(
        number=f"汨督〔{row['opened_at'].year}〕{row['id']}号", units=row["lead_department"],
        indicator=f"{row['code']} {row['name']}", period=period, target=_text(status["target_label"]) or "—",
        actual=actual_label(status, period), time_progress=numbers.percent(status["time_progress"]),
        status=status_label(status["status"], status["reason"]), note=_text(status["note"]),
        request=_text(row["request"]), deadline=row["deadline"], issued=row["opened_at"].date())


def orders_file(cur, period: tuple[int, int] | None = None, ids=None, today: date | None = None) -> bytes:
    """One .docx with the 督办单 of the chosen 督办; refused when there is none to write."""
    found = orders_for(cur, period, ids, today)
    if not found:
        raise SupervisionError(f"{period_label(*period)}没有未办结的督办，没有督办单可导出" if period else "没有选中督办")
    return orders.orders_docx(found)


# ---- 台账 ----------------------------------------------------------------------------------------------

def ledger_frame(cur, period: tuple[int, int] | None = None, today: date | None = None) -> pd.DataFrame:
    """One row per 督办 of `period` (every 督办 when None), as the 台账 sheet shows it: LEDGER_HEADERS."""
    rows = _of_period(supervision.table(cur, today=today), period)
    recovery = [supervision.recovery_label(y, m) for y, m in zip(rows["recovery_year"], rows["recovery_month"])]
    frame = rows.assign(status=rows["status"].map(STATUSES), recovery=recovery,
                        answered_at=[_when(a) for a in rows["answered_at"]],
                        closed_at=[_when(c) for c in rows["closed_at"]],
                        reason=rows["reason"].map(_text), measures=rows["measures"].map(_text),
                        close_note=rows["close_note"].map(_text))
    return frame[list(LEDGER_HEADERS)].rename(columns=LEDGER_HEADERS).reset_index(drop=True)


def ledger_excel(cur, period: tuple[int, int] | None = None, today: date | None = None) -> bytes:
    """The 台账 as a workbook: formula-safe (charts.excel), Chinese headers, status as of `today`."""
    title = "督办台账" + (f"（{period_label(*period)}）" if period else "")
    return to_excel({LEDGER_SHEET: ledger_frame(cur, period, today)}, title=title)


# ---- 调度通报 --------------------------------------------------------------------------------------------

def bulletin_for(cur, period: tuple[int, int], today: date | None = None) -> bulletin.Bulletin:
    """What the 调度通报 of `period` says on `today`: units to praise, 逾期 督办, the 滞后 list with answers."""
    today = today or date.today()
    table = report.status_table(cur, *period).drop_duplicates("code")
    ledger = supervision.table(cur, today=today)
    ledger = ledger[[(y, m) <= period for y, m in zip(ledger["year"], ledger["month"])]]  # none of a later month
    overdue = _overdue(ledger, today)
    return bulletin.Bulletin(period=period_label(*period), issued=today, praised=_praised(cur, table, period, overdue),
                             overdue=overdue, lagging=_lagging(table, ledger, period),
                             is_demo=bool(table["is_demo"].fillna(False).any()))


def _recovered(cur, table: pd.DataFrame, period: tuple[int, int]) -> pd.DataFrame:
    """The indicators 正常 this month that were 滞后 or 预警 the month before (none in January)."""
    if period[1] == 1:
        return table.iloc[0:0]
    moved = report.status_changes(table, report.status_matrix(cur, period[0], [period[1] - 1]))
    return table[table["code"].isin(moved.loc[moved["now"] == GREEN, "code"])]


def _praised(cur, table: pd.DataFrame, period: tuple[int, int], overdue: list) -> list[bulletin.Praise]:
    """Units whose every judged indicator is 正常 (one not reported when due spoils it; one not yet due,
    or without a target, counts neither way), and units with an indicator recovered this month; never
    a unit that leads a 滞后 indicator or has a 逾期 督办, whatever else it did."""
    recovered = _recovered(cur, table, period)
    blamed = set(catalog.lead_units(table[table["status"] == RED])) | {u for o in overdue for u in catalog.leads_of(o.unit)}
    found = []
    for unit in sorted(set(catalog.lead_units(table)) - blamed):
        reasons = [_all_green(table[catalog.led_by(table, unit)])]
        back = recovered[catalog.led_by(recovered, unit)]
        reasons.append("、".join(back["code"] + " " + back["name"]) + "恢复正常" if len(back) else "")
        if any(reasons):
            found.append(bulletin.Praise(unit, "；".join(r for r in reasons if r)))
    return found


def _all_green(rows: pd.DataFrame) -> str:
    """Why `rows` (one unit's indicators) earn praise, or "" when they do not."""
    unreported = (rows["status"] == GREY) & (rows["reason"] == MISSING)
    judged = rows[rows["status"] != GREY]
    if judged.empty or unreported.any() or (judged["status"] != GREEN).any():
        return ""
    waiting = len(rows) - len(judged)
    return f"牵头的{len(judged)}项指标全部正常" + (f"（另{waiting}项未到报送期或目标待定）" if waiting else "")


def _overdue(ledger: pd.DataFrame, today: date) -> list[bulletin.Overdue]:
    late = ledger[ledger["status"] == "overdue"]
    return [bulletin.Overdue(unit=r["lead_department"], indicator=f"{r['code']} {r['name']}", number=int(r["id"]),
                             period=period_label(r["year"], r["month"]), deadline=r["deadline"],
                             days=(today - r["deadline"]).days) for r in late.to_dict("records")]


def _lagging(table: pd.DataFrame, ledger: pd.DataFrame, period: tuple[int, int]) -> list[bulletin.Lagging]:
    """Each 滞后 indicator of the period with the answer to its latest 督办 (or why there is none): one
    closed in an earlier month answered for then, not now."""
    now = (ledger["year"] == period[0]) & (ledger["month"] == period[1])
    live = ledger[(ledger["status"] != "closed") | now]
    latest = live.drop_duplicates("code", keep="last").set_index("code")
    return [bulletin.Lagging(indicator=f"{r['code']} {r['name']}", units=_text(r["lead_department"]) or NO_LEAD,
                             actual=actual_label(r, _text(r["data_period"])),
                             target=_text(r["target_label"]) or "—",
                             answer=_answer(latest.loc[r["code"]] if r["code"] in latest.index else None))
            for r in table[table["status"] == RED].to_dict("records")]


def _answer(row) -> bulletin.Answer:
    if row is None:
        return bulletin.Answer("尚未督办")
    if row["status"] not in ("answered", "closed") or pd.isna(row["answered_at"]):
        return bulletin.Answer("未答复（已逾期）" if row["status"] == "overdue" else "未答复")
    recovery = supervision.recovery_label(row["recovery_year"], row["recovery_month"])
    return bulletin.Answer("已答复", _text(row["reason"]), _text(row["measures"]), recovery)
