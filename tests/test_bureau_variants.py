"""The same 月报 written many ways at random (seeded): numbering, indentation, synonyms, units in the
name or a column, 万元 for 亿元, header wordings, growth as percent cells or text. Every variant must land
the same statuses: the rules are general, not tuned to one file."""
import io
import random
from datetime import date

import openpyxl
import pandas as pd
import pytest

from conftest import YEAR, make_store
from indicators import report, upload
from make_bureau_files import EXPECTED, ROWS

NAMES = {
    "地区生产总值": ["地区生产总值", "GDP", "生产总值", "地区生产总值(GDP)"],
    "第一产业增加值": ["第一产业增加值", "农林牧渔业增加值", "一产业增加值"],
    "第三产业增加值": ["第三产业增加值", "服务业增加值"],
    "规模以上工业增加值": ["规模以上工业增加值", "规上工业增加值", "规模工业增加值", "规模以上工业增加值（可比价）"],
    "固定资产投资": ["固定资产投资", "全社会固定资产投资", "全部投资", "固定资产投资（不含农户）"],
    "民间投资占全部投资比重": ["民间投资占全部投资比重", "民间投资占固定资产投资比重", "民间投资占全部投资的比重", "民间投资占比"],
    "新签约项目": ["新签约项目", "新签约项目数", "新签约项目个数"],
    "新开工项目": ["新开工项目", "新开工项目数"],
    "新投产项目": ["新投产项目", "新投产项目数"],
    "社会消费品零售总额": ["社会消费品零售总额", "社零总额", "社会消费品零售额"],
    "电子商务交易额": ["电子商务交易额", "电商交易额"],
    "地方一般公共预算收入": ["地方一般公共预算收入", "一般公共预算收入"],
    "进出口总额": ["进出口总额", "外贸进出口总额", "进出口总值", "外贸进出口"],
    "全社会研发经费投入": ["全社会研发经费投入", "R&D经费投入", "研发经费支出", "研究与试验发展（R&D）经费支出"],
    "旅游收入": ["旅游收入", "旅游总收入"],
    "城镇新增就业": ["城镇新增就业", "城镇新增就业人数", "新增城镇就业"],
}
NUMBERING = ["", "一、", "（一）", "1.", "①", "　　", "(2)", "3、", "#", "  "]
VALUE_HEADERS = ["1-5月", "1-5月累计", "1—5月", "本年累计", "累计", "1-5月（累计）", "1~5月"]
GROWTH_HEADERS = ["同比增长(%)", "比上年同期增长（%）", "增长%", "同比±%", "增速（%）", "增幅", "比上年增长"]
NAME_HEADERS = ["指标名称", "指 标", "项目", "指  标  名  称", "项 目"]
UNIT_HEADERS = ["计量单位", "单位", "单 位"]


def _name(rng, written: str) -> str:
    bare, _, tag = written.strip().removeprefix("其中：").strip().partition("（")
    choices = NAMES.get(bare.strip(), [bare.strip()])
    return rng.choice(NUMBERING) + rng.choice(choices) + (f"（{tag}" if tag else "")


def _amount(rng, unit, value):
    """A 亿元 amount sometimes written in 万元 (the catalog's unit is 亿元: it must be converted back)."""
    if unit == "亿元" and isinstance(value, (int, float)) and rng.random() < 0.3:
        return "万元", round(value * 10000, 1)
    return unit, value


def variant(seed: int) -> bytes:
    rng = random.Random(seed)
    unit_in_name, growth_as_text = rng.random() < 0.4, rng.random() < 0.5
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = rng.choice(["主要指标", "1-5月", "Sheet1", "月报"])
    ws.append([rng.choice(["汨罗市2026年1-5月主要经济指标", "2026年1-5月汨罗市经济运行主要指标"])])
    header = [rng.choice(NAME_HEADERS)] + ([] if unit_in_name else [rng.choice(UNIT_HEADERS)]) + \
        [rng.choice(VALUE_HEADERS), rng.choice(GROWTH_HEADERS)]
    ws.append(header)
    for written, unit, cum, growth, *_ in ROWS:
        unit, cum = _amount(rng, unit, cum)
        name = _name(rng, written) + (f"（{unit}）" if unit_in_name else "")
        shown = f"{growth}%" if growth_as_text and isinstance(growth, (int, float)) else growth
        ws.append([name] + ([] if unit_in_name else [unit]) + [cum, shown])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("seed", range(12))
def test_every_written_variant_lands_the_same_statuses(seed):
    cur = make_store()
    prepared = upload.prepare(cur, variant(seed), f"变体{seed}.xlsx", today=date(YEAR, 6, 20))
    assert prepared.errors == [], [p.format_message() for p in prepared.errors]
    upload.land(cur, prepared, "统计局", confirmed=True)
    table = report.status_table(cur, YEAR, 5).set_index("code")
    got = {c: (table.loc[c, "status"], None if pd.isna(table.loc[c, "data_month"]) else int(table.loc[c, "data_month"]))
           for c in EXPECTED}
    assert got == EXPECTED
    assert table.loc["A4-03", "actual"] == pytest.approx(1.6)  # whether written in 亿元 or 万元
