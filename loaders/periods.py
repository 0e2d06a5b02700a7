"""Periods as bureaus write them in titles, headers and row names: 2026年1-5月, 1-5月累计, 一季度,
上半年, 本月. Pure text → numbers; nothing here knows about indicators or the store.

A tag says which month a figure belongs to and its scope: CUMULATIVE (1 to that month, or a
quarter's cumulative figure such as 上半年) or MONTHLY (that month, or one quarter, alone).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

CUMULATIVE, MONTHLY = "cumulative", "monthly"
CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
             "十一": 11, "十二": 12}
_NUMBER = r"(\d{1,2}|十[一二]?|[一二三四五六七八九十])"
_DASH = r"\s*[-—–~～至到－]\s*"
# The order matters: the longer, more specific forms first.
_TAGS = [
    (re.compile(r"前三季度|1" + _DASH + r"3季度|一" + _DASH + r"三季度"), 9, CUMULATIVE),
    (re.compile(r"上半年|1" + _DASH + r"2季度|一" + _DASH + r"二季度"), 6, CUMULATIVE),
    (re.compile(r"(?:第)?[一1]季度"), 3, CUMULATIVE),
    (re.compile(r"(?:第)?[二2]季度"), 6, MONTHLY),
    (re.compile(r"(?:第)?[三3]季度"), 9, MONTHLY),
    (re.compile(r"(?:第)?[四4]季度"), 12, MONTHLY),
    (re.compile(r"全年"), 12, CUMULATIVE),
]
_RANGE = re.compile(r"[1一]" + _DASH + _NUMBER + r"\s*月")
_SINGLE = re.compile(_NUMBER + r"\s*月(?!\s*[-—–~～至到－])")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_THIS_MONTH = re.compile(r"本月|当月")
_RUNNING = re.compile(r"累计|1" + _DASH + r"本月|本年|年初以来")


@dataclass(frozen=True)
class Tag:
    """What a piece of text says about a period; None where it says nothing."""
    year: int | None = None
    month: int | None = None
    scope: str | None = None


NO_TAG = Tag()  # a text that says nothing about its period (Tag is immutable: one will do)


def plain(text) -> str:
    """NFKC (full-width digits and brackets to half-width) without any white space."""
    # str.split() splits at exactly the characters \s matches, in a third of re.sub's time
    return "".join(unicodedata.normalize("NFKC", "" if text is None else str(text)).split())


def _number(text: str) -> int:
    return int(text) if text.isdigit() else CN_DIGITS[text]


def tag_of(text) -> Tag:
    """The period a header or a row name states: 1-5月 → (5, cumulative), 5月 → (5, monthly),
    一季度 → (3, cumulative), 本月 → (None, monthly), 累计 → (None, cumulative)."""
    flat = plain(text)
    year_match = _YEAR.search(flat)
    year = int(year_match.group(1)) if year_match else None
    flat = _YEAR.sub("", flat)
    for pattern, month, scope in _TAGS:
        if pattern.search(flat):
            return Tag(year, month, scope)
    return Tag(year, *_month_and_scope(flat))


def _month_and_scope(flat: str) -> tuple[int | None, str | None]:
    found = _RANGE.search(flat)
    if found:
        return _number(found.group(1)), CUMULATIVE
    found = _SINGLE.search(flat)
    if found:
        return _number(found.group(1)), CUMULATIVE if _RUNNING.search(flat) else MONTHLY
    if _RUNNING.search(flat):
        return None, CUMULATIVE
    if _THIS_MONTH.search(flat):
        return None, MONTHLY
    return None, None


def find_period(texts: list[str]) -> tuple[int, int] | None:
    """(year, month) of a file from its titles, sheet names and headers: 2026年1-5月, 2026年5月,
    or 1-5月 with 2026年 elsewhere. Cumulative forms (1-5月) win over a bare month (5月)."""
    tags = [tag_of(t) for t in texts if t]
    year = next((t.year for t in tags if t.year), None)
    dated = [t for t in tags if t.month]
    best = next((t for t in dated if t.scope == CUMULATIVE), dated[0] if dated else None)
    if best is None or not (best.year or year):
        return None
    return best.year or year, best.month


def month_label(month: int, scope: str | None = CUMULATIVE) -> str:
    """1-5月, 5月 (monthly scope), 1月."""
    return f"{month}月" if month == 1 or scope == MONTHLY else f"1-{month}月"
