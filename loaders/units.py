"""Units as written in bureau tables and in the catalog: which are the same measure, and the factor
between them (亿元 = 10000 万元). A value only feeds an indicator whose unit it can be put in."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# families of units that measure the same thing; each base is worth 1 of its family
_FAMILIES = {
    "元": "money", "吨": "mass", "吨标准煤": "energy", "千瓦时": "power", "度": "power", "亩": "land",
    "公顷": "hectare", "平方米": "area", "平方公里": "km2", "立方米": "volume", "公里": "length", "千米": "length",
    "%": "percent", "个百分点": "points", "百分点": "points", "‰": "permille",
}
# counted things: 个 and 家 are both "how many", whatever is counted
_COUNTS = ("人次", "个", "家", "项", "座", "所", "处", "条", "套", "间", "张", "台", "名", "户", "例", "场",
           "起", "次", "件", "辆", "人", "头", "只", "批", "宗", "栋", "家次", "户次")
_SCALES = {"万": 1e4, "亿": 1e8, "千": 1e3, "百": 1e2, "十": 10.0}
_LABEL = re.compile(r"^(计量)?单位[:：]?")


@dataclass(frozen=True)
class Unit:
    """A unit's family (what it measures) and its scale within the family (万元 = money × 10000)."""
    family: str
    scale: float = 1.0


def parse_unit(text) -> Unit | None:
    """The unit a cell or a bracket states, or None when the text is not a unit at all."""
    flat = _LABEL.sub("", re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text or ""))))
    if not flat or len(flat) > 8:
        return None
    for prefix, scale in [("", 1.0), *_SCALES.items()]:
        if prefix and not flat.startswith(prefix):
            continue
        base = flat[len(prefix):]
        if base in _FAMILIES:
            return Unit(_FAMILIES[base], scale)
        if base in _COUNTS:
            return Unit("count", scale)
    return Unit(flat) if "/" in flat and len(flat) <= 8 else None


def factor(written: Unit | None, wanted: Unit | None) -> float | None:
    """What to multiply a value in `written` by to have it in `wanted`: 1 when either is unknown,
    None when they measure different things (a growth rate in % is not an amount in 亿元)."""
    if written is None or wanted is None:
        return 1.0
    if written.family != wanted.family:
        return None
    return written.scale / wanted.scale
