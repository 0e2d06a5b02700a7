"""The catalog: every phrase is the plan's, the parquet is the TOML's, the rules catch bad entries."""
from pathlib import Path

import pandas as pd
import pytest

from indicators import catalog

SEED = catalog.ROOT.parent / "shared" / "seeds" / "000_dc8561f09460115c.txt"


@pytest.fixture(scope="module")
def built():
    return catalog.build_frame()


@pytest.fixture(scope="module")
def plan_text():
    return catalog.PLAN_TEXT.read_text(encoding="utf-8")


def by_name(frame, fragment, **equal):
    rows = frame[frame["name"].str.contains(fragment, regex=False)]
    for column, value in equal.items():
        rows = rows[rows[column] == value]
    assert len(rows) == 1, f"{fragment}: {rows['code'].tolist()}"
    return rows.iloc[0]


def test_shipped_parquet_agrees_with_the_toml_sources(built):
    shipped = catalog.read_catalog()
    pd.testing.assert_frame_equal(shipped, built, check_dtype=False)


def test_every_recorded_phrase_occurs_in_the_plan(built, plan_text):
    assert catalog.missing_phrases(built, plan_text) == []


@pytest.mark.skipif(not SEED.exists(), reason="shared/ seed not beside the repository")
def test_the_repository_copy_is_the_plan_itself():
    assert catalog.PLAN_TEXT.read_bytes() == SEED.read_bytes()


def test_about_two_hundred_distinct_indicators_in_eight_areas(built):
    assert 170 <= len(built) <= 240
    assert sorted(built["area"].unique()) == list(range(1, 9))
    assert built["code"].is_unique
    assert not built.duplicated(["area", "name"]).any()


def test_every_area_has_headline_indicators(built):
    headlines = built[built["headline"]].groupby("area").size()
    assert headlines.reindex(range(1, 9), fill_value=0).between(3, 10).all(), headlines.to_dict()


@pytest.mark.parametrize("fragment,kind,comparator,target,unit", [
    ("地区生产总值增", "growth_rate", "~", 5.5, "%"),
    ("电子商务交易额", "cumulative", ">=", 73.0, "亿元"),
    ("新签约项目", "cumulative", ">=", 80.0, "个"),
    ("民间投资占", "point", ">=", 60.0, "%"),
    ("城镇调查失业率", "ceiling", "<=", 5.5, "%"),
])
def test_headline_targets_read_as_the_plan_states_them(built, fragment, kind, comparator, target, unit):
    row = by_name(built, fragment, kind=kind, unit=unit)
    assert (row["comparator"], row["target"]) == (comparator, target)


@pytest.mark.parametrize("fragment,target,stretch", [("研发经费", 8.5, 9.0), ("进出口总额", 3.3, 7.0)])
def test_annex_lizheng_numbers_are_stretch_targets(built, fragment, target, stretch):
    row = by_name(built, fragment)
    assert (row["target"], row["stretch_target"]) == (target, stretch)
    assert row["conflict"] == ""
    assert f"力争{stretch:g}" in row["target_text"]


@pytest.mark.parametrize("fragment,target,other", [("充电桩", 168.0, "160"), ("省级和美乡村", 5.0, "2")])
def test_other_disagreements_are_flagged_as_conflicts(built, fragment, target, other):
    row = by_name(built, fragment)
    assert row["target"] == target
    assert other in row["conflict"] and len(row["source"]) >= 2


def test_kinds_without_numbers_are_present(built):
    kinds = built["kind"].value_counts()
    for kind in ("zero_event", "decrease", "qualitative"):
        assert kinds.get(kind, 0) >= 2, kind


def test_inferred_leads_are_the_area_office(built):
    offices = {a["id"]: a["office"] for a in catalog.load_areas()}
    inferred = built[built["lead_inferred"]]
    named_office = inferred["lead_department"] == inferred["area"].map(offices)
    second_office = (inferred["area"] == 3) & (inferred["lead_department"] == "市工信局")
    assert (named_office | second_office).all()


GOOD = {"code": "A1-99", "name": "测试指标", "unit": "个", "kind": "cumulative", "comparator": ">=",
        "target": 5, "frequency": "annual", "source": [{"section": "附件1 一", "text": "x"}]}


@pytest.mark.parametrize("change,message", [
    ({"code": "B1-01"}, "B1-01 [code] 编码须形如 A1-01"),
    ({"name": " "}, "[name] 缺少指标名称"),
    ({"kind": "ratio"}, "[kind] 类型须为"),
    ({"comparator": "≥"}, "[comparator] 比较符须为"),
    ({"frequency": "weekly"}, "[frequency] 频度须为"),
    ({"target": "73亿"}, "[target] 该类型须有数值目标"),
    ({"stretch_target": "力争9"}, "[stretch_target] 力争目标须为数值"),
    ({"source": []}, "[source] 至少须有一处出处"),
    ({"source": [{"section": "附件1"}]}, "[source] 每处出处须有 section 与 text"),
])
def test_rule_failures_name_the_indicator_and_field(change, message):
    failures = catalog.check_indicator({**GOOD, **change})
    assert len(failures) == 1 and message in failures[0]


def test_a_good_indicator_passes_every_rule():
    assert catalog.check_indicator(GOOD) == []


def test_every_failure_of_every_file_is_reported_at_once(tmp_path: Path):
    (tmp_path / "area1.toml").write_text(
        '[area]\nid = 1\nname = "甲"\ntitle = "甲"\noffice = "市发改局"\n'
        '[[indicator]]\ncode = "A1-01"\nname = ""\nunit = "%"\nkind = "growth_rate"\ncomparator = "~"\n'
        'frequency = "monthly"\n[[indicator.source]]\nsection = "s"\ntext = "t"\n', encoding="utf-8")
    (tmp_path / "area2.toml").write_text(
        '[area]\nid = 2\nname = "乙"\ntitle = "乙"\noffice = "市发改局"\n'
        '[[indicator]]\ncode = "A1-02"\nname = "x"\nunit = "%"\nkind = "qualitative"\ncomparator = "="\n'
        'frequency = "monthly"\n[[indicator.source]]\nsection = "s"\ntext = "t"\n', encoding="utf-8")
    with pytest.raises(catalog.CatalogError) as info:
        catalog.build_frame(tmp_path)
    assert info.value.failures == [
        "area1.toml: A1-01 [name] 缺少指标名称",
        "area1.toml: A1-01 [target] 该类型须有数值目标",
        "area2.toml: A1-02 编码与领域 2 不符",
    ]


@pytest.mark.parametrize("item,expected", [
    ({**GOOD, "target": 73, "unit": "亿元"}, "73亿元以上"),
    ({**GOOD, "comparator": "~", "target": 5.5, "unit": "%"}, "5.5%左右"),
    ({**GOOD, "comparator": "<=", "target": 5.5, "unit": "%"}, "5.5%以内"),
    ({**GOOD, "target": 8.5, "unit": "%", "stretch_target": 9}, "8.5%以上（力争9%）"),
    ({**GOOD, "target_text": "完成岳阳市下达目标"}, "完成岳阳市下达目标"),
])
def test_target_text(item, expected):
    assert catalog.target_text(item) == expected


def test_conflict_text_names_the_disagreeing_statement():
    item = {**GOOD, "target": 168, "unit": "个", "source": [
        {"section": "总体方案 二(五)", "text": "充电桩 168 个", "value": 168},
        {"section": "附件6 二(一)4", "text": "充电桩160个以上", "value": 160}]}
    assert catalog.conflict_text(item) == "目标取 168个；另有：附件6 二(一)4「充电桩160个以上」"
