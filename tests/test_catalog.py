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


def test_a_consistent_restatement_is_not_a_conflict(built):
    chargers = by_name(built, "充电桩")
    assert (chargers["target"], chargers["conflict"]) == (168.0, "") and "160个以上" in chargers["restatement"]
    assert "5家以上" in by_name(built, "破零")["restatement"] and by_name(built, "破零")["conflict"] == ""


@pytest.mark.parametrize("fragment,words", [
    ("规模工业增加值", "7%以上"),              # 7%左右 and 7%以上 accept different figures
    ("粮食总产量", "左右"),                      # 以上 against 左右
    ("新签约项目", "牵头单位为市发改局"),        # 附件1 and 附件2 name different leads
    ("新开工项目", "牵头单位为市发改局"),
    ("单位GDP二氧化碳", "岳阳市下达"),          # 省下达 against 岳阳市下达
    ("PM2.5", "岳阳市下达"),
])
def test_statements_that_cannot_both_hold_are_conflicts(built, fragment, words):
    assert words in by_name(built, fragment)["conflict"]


def test_the_provincial_villages_are_two_and_the_city_ones_three(built):
    assert by_name(built, "省级和美乡村")["target"] == 2.0 and by_name(built, "市级和美乡村")["target"] == 3.0


def test_core_and_bottleneck_technologies_are_two_targets(built):
    core, bottleneck = by_name(built, "关键核心技术"), by_name(built, "关键瓶颈技术")
    assert (core["target"], bottleneck["target"]) == (10.0, 8.0) and core["code"] != bottleneck["code"]


@pytest.mark.parametrize("fragment", [
    "托育托管", "切坡建房", "高效办成一件事", "以旧换新", "流动供销", "爱心驿站", "4G", "普通高中",
    "水生态修复", "定额包干", "综合性养老服务中心", "挤占挪用", "公共服务支出", "健康风险", "施工进度", "资金支付",
])
def test_targets_missing_before_have_rows(built, fragment):
    assert built["name"].str.contains(fragment, regex=False).sum() >= 1, fragment


@pytest.mark.parametrize("fragments,units", [
    (["康复救助", "托养服务", "就业服务"], None), (["蓄水能力", "灌溉面积"], {"万立方米", "万亩"}),
])
def test_tasks_with_different_measures_are_separate_rows(built, fragments, units):
    rows = [by_name(built, f) for f in fragments]
    assert len({r["code"] for r in rows}) == len(fragments)
    assert units is None or {r["unit"] for r in rows} == units


MEASURABLE_WORDS = ("全覆盖", "清零", "杜绝", "零自付", "不发生", "全部纳入", "应补尽补", "下达目标", "只增不减", "不低于")


def test_qualitative_rows_are_only_direction_wording(built):
    qualitative = built[built["kind"] == "qualitative"]
    assert 0 < len(qualitative) < 20
    for row in qualitative.itertuples():
        assert not any(w in row.target_text for w in MEASURABLE_WORDS), (row.code, row.target_text)


@pytest.mark.parametrize("fragment,kind,target", [
    ("事故隐患动态清零", "zero_event", 0.0), ("新增隐性债务", "zero_event", 0.0), ("融资平台", "zero_event", 0.0),
    ("三个不发生", "zero_event", 0.0), ("挤占挪用", "zero_event", 0.0), ("财政科技投入", "growth_rate", 0.0),
    ("路网运行监测", "point", 100.0), ("中等缺损自建桥梁", "cumulative", 80.0), ("纳入重建计划", "cumulative", 50.0),
    ("湘易办", "cumulative", 100.0),
])
def test_measurable_wording_is_judged_from_data(built, fragment, kind, target):
    row = by_name(built, fragment)
    assert (row["kind"], row["target"]) == (kind, target)


def test_targets_left_to_a_higher_level_wait_for_an_admin(built):
    pending = built[built["target_pending"]]
    assert len(pending) >= 10 and pending["target"].isna().all()
    assert pending["kind"].isin(["growth_rate", "cumulative", "point", "ceiling"]).all()
    assert by_name(built, "PM2.5")["target_pending"]


def test_dated_deliverables_are_milestones_with_a_due_month(built):
    museum = by_name(built, "端午文化博物馆")
    assert (museum["kind"], museum["due_month"]) == ("milestone", 7)
    milestones = built[built["kind"] == "milestone"]
    assert len(milestones) >= 20 and milestones["due_month"].between(1, 12).all()
    dated = built[built["source_text"].map(lambda texts: any("月底前" in t or "建成投用" in t for t in texts))]
    assert (dated["kind"] == "milestone").all(), dated[["code", "name", "kind"]]


@pytest.mark.parametrize("fragment", ["新增高新技术企业", "专精特新", "绿色工厂", "智能工厂", "和美乡村", "龙头企业"])
def test_yearly_results_are_not_due_before_they_arrive(built, fragment):
    rows = built[built["name"].str.contains(fragment, regex=False)]
    assert len(rows) and (rows["figures_from"] == "认定结果").all() and rows["result_month"].between(1, 12).all()


def test_every_row_says_who_leads_why_and_where_its_figures_come_from():
    for path in sorted(catalog.CATALOG_DIR.glob("area*.toml")):
        _, items = catalog.load_area_file(path)
        for item in items:
            assert {"frequency", "figures_from", "lead_basis"} <= set(item), (path.name, item["code"])


@pytest.mark.parametrize("fragment,lead", [
    ("隐性债务化解", "市财政局"), ("清偿拖欠企业账款", "市财政局"), ("新增隐性债务", "市财政局"), ("融资平台", "市财政局"),
    ("PM2.5", "岳阳市生态环境局汨罗分局"), ("空气质量优良天数", "岳阳市生态环境局汨罗分局"),
    ("受污染耕地", "岳阳市生态环境局汨罗分局"), ("屋场互助养老", "市民政局"),
])
def test_leads_are_the_units_the_plan_names(built, fragment, lead):
    assert by_name(built, fragment)["lead_departments"][0] == lead


def test_office_leads_are_the_office_the_plan_sets_up(built, plan_text):
    offices = {a["id"]: a["office"] for a in catalog.load_areas()}
    office = built[built["lead_basis"] == "office"]
    own = office["lead_department"] == office["area"].map(offices)
    industry = (office["area"] == 3) & (office["lead_department"] == "市工信局")  # 附件3's second 专班
    assert (own | industry).all()
    for area in catalog.load_areas():
        assert f"办公室设在{area['office']}" in catalog.normalize(plan_text), area["id"]


def test_every_lead_is_a_unit_the_plan_names(built, plan_text):
    units = {unit for leads in built["lead_departments"] for unit in leads}
    assert all(unit in plan_text for unit in units), [u for u in units if u not in plan_text]
    assert (built["lead_departments"].map(len) > 1).any()  # joint leads are kept as a list


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
    ({"unit": "斤两"}, "[unit] 单位无法识别"),
    ({"kind": "decrease", "comparator": "<", "target": None, "unit": "人"}, "[target_text] 持续下降类"),
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
        "area1.toml: A1-01 [target] 该类型须有数值目标（上级下达、尚无数值的，写 target_pending = true 与 target_text）",
        "area2.toml: A1-02 编码与领域 2 不符",
    ]


@pytest.mark.parametrize("item,expected", [
    ({**GOOD, "target": 73, "unit": "亿元"}, "73亿元以上"),
    ({**GOOD, "comparator": "~", "target": 5.5, "unit": "%"}, "5.5%左右"),
    ({**GOOD, "comparator": "<=", "target": 5.5, "unit": "%"}, "5.5%以内"),
    ({**GOOD, "target": 8.5, "unit": "%", "stretch_target": 9}, "8.5%以上（力争9%）"),
    ({**GOOD, "target_text": "完成岳阳市下达目标"}, "完成岳阳市下达目标"),
    ({**GOOD, "target": 2270, "unit": "例"}, "2270例以上"),
    ({**GOOD, "target": 17.14, "unit": "万人次"}, "17.14万人次以上"),
])
def test_target_text(item, expected):
    assert catalog.target_text(item) == expected


@pytest.mark.parametrize("main,other,together", [
    ((168, "="), (160, ">="), True), ((4, ">="), (5, ">="), True), ((7, "~"), (7, ">="), False),
    ((42.08, ">="), (42.08, "~"), False), ((5, "="), (2, "="), False), ((5.5, "<="), (6, "<="), True),
    ((8.5, "="), (8.5, "~"), True), ((3, "~"), (3, "~"), True),
])
def test_which_statements_can_both_hold(main, other, together):
    assert catalog.compatible(main, other) is together


def test_conflict_text_names_the_disagreeing_statement_and_why():
    item = {**GOOD, "target": 7, "unit": "%", "comparator": "~", "lead_departments": ["市工信局"], "source": [
        {"section": "总体方案 一(三)", "text": "规模工业增加值增长7%左右", "value": 7},
        {"section": "附件3 二(一)", "text": "规模工业增加值增长7%以上", "value": 7, "comparator": ">="},
        {"section": "附件1 二(二)1", "text": "另一处", "lead": "市发改局"}]}
    assert catalog.conflict_text(item) == ("目标取 7%左右，市工信局牵头；另有：附件3 二(一)「规模工业增加值增长7%以上」（数值不同）；"
                                           "附件1 二(二)1「另一处」（牵头单位为市发改局不同）")


def test_lead_counts_count_a_joint_lead_for_each_of_its_units_most_first():
    rows = pd.DataFrame({"lead_department": ["市发改局", "市发改局、市财政局", "市财政局", "市教育局", None]})
    assert catalog.lead_counts(rows) == {"市发改局": 2, "市财政局": 2, "市教育局": 1}
    assert list(catalog.lead_counts(rows)) == ["市发改局", "市财政局", "市教育局"]
    whole = catalog.read_catalog()
    assert catalog.lead_counts(whole) == {u: int(catalog.led_by(whole, u).sum()) for u in catalog.lead_units(whole)}
