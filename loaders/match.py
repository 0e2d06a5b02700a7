"""Names as clerks write them -> catalog codes.

A bureau row such as 社会消费品零售总额(亿元) carries both the amount and its growth, so one
name may feed several indicators (the growth indicator takes the 同比 column, an amount
indicator the cumulative column)."""
from __future__ import annotations

import functools
import re

import pandas as pd

# the bureau's wording on the left, the catalog's indicator name on the right
ALIASES = {
    "规模以上工业增加值": "规模工业增加值",
    "规上工业增加值": "规模工业增加值",
    "GDP": "地区生产总值",
    "生产总值": "地区生产总值",
    "社零总额": "社会消费品零售总额",
    "固投": "固定资产投资",
    "一般公共预算收入": "地方一般公共预算收入",
    "第一产业增加值": "第一产业增加值",
    "农林牧渔业增加值": "第一产业增加值",
    "外贸进出口总额": "进出口总额",
    "进出口": "进出口总额",
    "城镇调查失业率": "城镇调查失业率",
    "城镇新增就业": "城镇新增就业人数",
    "民间投资占比": "民间投资占固定资产投资比重",
    "居民人均可支配收入": "居民人均可支配收入",
    "研发经费投入": "全社会研发经费投入",
    "R&D经费投入": "全社会研发经费投入",
}
DECORATION = re.compile(r"^(其中[:：]?|#+|\s|[一二三四五六七八九十]+[、.．]|\d+[、.．])+")
UNITS = re.compile(r"[（(][^）)]*[）)]")
ENDINGS = re.compile(r"(增速|增长率|增长|增幅|同比|累计|总量)$")


@functools.lru_cache(maxsize=4096)
def normalize(name: str) -> str:
    """The bare indicator words: no 其中：/#/numbering, no (亿元), no 增速/增长 ending, no spaces."""
    bare = UNITS.sub("", DECORATION.sub("", str(name))).replace(" ", "").replace("　", "")
    return ENDINGS.sub("", bare)


def name_index(catalog: pd.DataFrame) -> dict[str, list[str]]:
    """normalized name -> codes (地区生产总值 feeds both the growth rate and the 500亿 level)."""
    index: dict[str, list[str]] = {}
    for code, name in zip(catalog["code"], catalog["name"]):
        index.setdefault(normalize(name), []).append(code)
    return index


def match(name: str, index: dict[str, list[str]]) -> list[str]:
    """The catalog codes a written name stands for ([] when none)."""
    bare = normalize(name)
    bare = normalize(ALIASES.get(bare, bare))
    return index.get(bare, [])
