"""运行分析: short paragraphs in the bureau's usual style, written from the data only.

Plain templates over status rows (indicators.report.status_table); nothing is invented: a
sentence only states figures the row carries. Also the words every page puts on a row: its
status word, the counts by status word, and the （示例） mark after a demo value.
"""
from __future__ import annotations

import re
from collections import Counter

from common.values import num
from indicators import catalog, numbers
from indicators.progress import GREEN, GREY, GREY_REASONS, MISSING, NOT_DUE, RED, STATUS_LABELS, YELLOW, status_label

RATE_ENDINGS = re.compile(r"(增速|增长率|增长)$")
MOST_SENTENCES = 6
DEMO_MARK = "（示例）"
DOUBT_MARK = "（核验有疑问）"
JUDGED = tuple(STATUS_LABELS[s] for s in (GREEN, YELLOW, RED))
ALWAYS_COUNTED = JUDGED + (MISSING, NOT_DUE)


def value_mark(row) -> str:
    """What follows a value wherever it is shown: （示例） after system-generated demo data, （核验有疑问）
    after a value the 督查室 doubts (until the doubt is resolved); nothing after a plain real one."""
    return (DEMO_MARK if row.get("is_demo") in (True,) else "") + (DOUBT_MARK if row.get("doubted") in (True,) else "")


def status_word(row) -> str:
    """正常/预警/滞后, or why the row is grey (未报送, 未到报送期 …)."""
    return status_label(row.get("status") or GREY, row.get("reason") or "")


def status_counts(rows) -> dict[str, int]:
    """Rows per status word: 正常 … 未到报送期 always, 目标待定 and 无基数 only when found."""
    found = Counter(status_word(r) for r in rows)
    return {word: found[word] for word in JUDGED + GREY_REASONS if word in ALWAYS_COUNTED or found[word]}


def short_period(label: str) -> str:
    """2026年1-5月 -> 1-5月; 2026年一季度 -> 一季度."""
    return re.sub(r"^\d{4}年", "", label or "")


def _compare(gap: float, unit: str, what: str) -> str:
    if abs(gap) < 0.05:
        return f"与{what}持平"
    return f"{'高于' if gap > 0 else '低于'}{what}{numbers.with_unit(abs(gap), unit)}"


def _growth(row, value: float) -> str:
    subject = RATE_ENDINGS.sub("", row["name"])
    moved = f"增长{numbers.with_unit(value, '%')}" if value >= 0 else f"下降{numbers.with_unit(-value, '%')}"
    target = num(row["target"])
    tail = f"，{_compare(value - target, '个百分点', '全年目标')}" if target is not None else ""
    return f"全市{subject}{moved}{tail}"


def _cumulative(row, value: float) -> str:
    text = f"全市{row['name']}完成{numbers.with_unit(value, row['unit'])}"
    completion, expected = num(row["completion"]), num(row["time_progress"])
    if completion is not None:
        text += f"，完成年计划的{numbers.percent(completion)}"
        if expected is not None:
            text += f"，{_compare((completion - expected) * 100, '个百分点', '序时进度')}"
    return text


def _level(row, value: float) -> str:
    met = row["status"] == GREEN
    return f"{row['name']}为{numbers.with_unit(value, row['unit'])}，{'达到' if met else '未达到'}年度目标（{row['target_label']}）"


def _ceiling(row, value: float) -> str:
    target, shown = num(row["target"]), numbers.with_unit(value, row["unit"])
    if target is None or value <= target:
        return f"{row['name']}为{shown}，控制在目标（{row['target_label']}）内"
    return f"{row['name']}为{shown}，超出控制目标（{row['target_label']}）{numbers.difference(value - target, row['unit'])}"


def _decrease(row, value: float) -> str:
    before, shown = num(row.get("last_year")), numbers.with_unit(value, row["unit"])
    if before is None:
        return f"{row['name']}{shown}"
    change = value - before
    moved = "持平" if change == 0 else f"{'减少' if change < 0 else '增加'}{numbers.with_unit(abs(change), row['unit'])}"
    return f"{row['name']}{shown}，较上年同期{moved}"


def _zero(row, value: float) -> str:
    return f"未发生{row['name']}" if value == 0 else f"发生{row['name']}{numbers.with_unit(value, row['unit'])}"


WRITERS = {"growth_rate": _growth, "cumulative": _cumulative, "point": _level, "ceiling": _ceiling,
           "decrease": _decrease, "zero_event": _zero}


def sentence(row: dict, with_lead: bool = True, with_period: bool = True) -> str:
    """One indicator in the bureau's words: 1-5月，全市规模工业增加值增长6.1%，低于全年目标0.9个百分点；牵头单位：市工信局。"""
    value, said = num(row.get("actual")), row.get("actual_text")
    if row["kind"] == "qualitative" and isinstance(said, str) and said:
        body = f"{row['name']}：{said}{value_mark(row)}"
    elif value is None or row["kind"] == "qualitative":
        body = f"{row['name']}{NOT_DUE if row.get('reason') == NOT_DUE else '尚' + MISSING}"
    else:
        body = WRITERS[row["kind"]](row, value) + value_mark(row)
    lead = f"；牵头单位：{_lead(row)}" if with_lead else ""
    period = short_period(row.get("data_period", "")) if with_period else ""
    return f"{period}，{body}{lead}。" if period else f"{body}{lead}。"


def _lead(row: dict) -> str:
    """The 牵头单位, marked 暂列 where the plan does not name it (rows without the catalog's basis: as given)."""
    return catalog.lead_label(row) if row.get("lead_basis") else row["lead_department"]


def area_paragraph(rows: list[dict], area_name: str, period_label: str) -> str:
    """The area's 运行分析: the count sentence, then the red and the yellow indicators by name."""
    return paragraph(rows, f"{area_name}领域", period_label)


def paragraph(rows: list[dict], scope: str, period_label: str) -> str:
    """The count sentence for `scope` (稳增长挑大梁领域, 全市“开局八好”), then what is behind."""
    counts = status_counts(rows)
    green, yellow, red = (counts[word] for word in JUDGED)
    reported = green + yellow + red
    if not reported:
        return f"{short_period(period_label)}，{scope}{len(rows)}项指标暂无数据报送。"
    grey = "、".join(f"{word}{n}项" for word, n in counts.items() if word not in JUDGED and n)
    opening = (f"{short_period(period_label)}，{scope}{len(rows)}项指标中，已报送{reported}项，"
               f"达到序时进度{green}项、占比{green / reported:.1%}；"
               f"滞后{red}项、预警{yellow}项" + (f"；{grey}。" if grey else "。"))
    behind = [r for s in (RED, YELLOW) for r in rows if r["status"] == s][:MOST_SENTENCES]
    details = "".join(_with_note(r) for r in behind)
    return opening + (f"需关注：{details}" if details else "各项指标均达到序时进度。")


def _with_note(row: dict) -> str:
    text = sentence(row, with_period=row.get("frequency") != "monthly")
    note = row.get("note")
    if isinstance(note, str) and note.strip():
        text = text[:-1] + f"（情况说明：{note.strip()}）。"
    return text
