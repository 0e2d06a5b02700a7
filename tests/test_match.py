"""Row names -> catalog codes: both sides normalised the same way, synonyms as data, never a guess."""
import random
import re
import unicodedata
from pathlib import Path

import pytest

from conftest import YEAR, make_store
from indicators import catalog, store
from loaders import match, periods, units


@pytest.fixture(scope="module")
def index():
    return match.build_index(catalog.read_catalog())


def codes_of(name, index):
    return match.candidates(match.parse_name(name), index)


@pytest.mark.parametrize("written,catalog_name", [
    ("新签约项目", "新签约项目数"), ("新开工项目（个）", "新开工项目数"), ("　　其中：新投产项目", "新投产项目数"),
    ("新签约项目个数", "新签约项目数"), ("民间投资占全部投资比重", "民间投资占固定资产投资比重"),
    ("民间投资占全部投资的比重(%)", "民间投资占固定资产投资比重"), ("民间投资占比", "民间投资占固定资产投资比重"),
    ("全社会研发经费投入", "全社会研发经费投入增速"), ("R&D经费支出", "全社会研发经费投入增速"),
    ("研究与试验发展（R&D）经费投入", "全社会研发经费投入增速"),
    ("数字经济核心产业增加值", "数字经济核心产业增加值增速"), ("一、规模以上工业增加值", "规模工业增加值增速"),
    ("（一）规上工业增加值", "规模工业增加值增速"), ("1.社会消费品零售总额", "社会消费品零售总额增速"),
    ("①社零总额", "社会消费品零售总额增速"), ("⑴全社会固定资产投资", "固定资产投资增速"),
    ("#全部投资", "固定资产投资增速"), ("城镇新增就业人数", "城镇新增就业人数"), ("新增城镇就业", "城镇新增就业人数"),
    ("外贸进出口总额（亿元）", "进出口总额"), ("进出口总值", "进出口总额"), ("电商交易额", "电子商务交易额"),
    ("旅游总收入", "旅游收入增速"), ("第三产业增加值", "服务业增加值增速"), ("农林牧渔业增加值", "第一产业增加值增速"),
    ("一般公共预算收入", "地方一般公共预算收入增速"), ("城镇调查失业率（％）", "城镇调查失业率"),
    ("生猪出栏", "生猪出栏量"), ("粮食产量", "粮食总产量"), ("技术合同登记额", "技术合同成交额增速"),
    ("对外直接投资", "对外实际投资增速"), ("新 签 约 项 目", "新签约项目数"), ("新签约项目：", "新签约项目数"),
])
def test_written_names_find_the_plan_indicator(index, written, catalog_name):
    code = catalog.read_catalog().set_index("name").loc[catalog_name, "code"]
    assert code in codes_of(written, index)


@pytest.mark.parametrize("written", [
    "规模以上工业企业利润总额", "其中：民间投资", "房地产开发投资", "高新技术企业数", "城镇化率", "全社会用电量",
    "限额以上单位消费品零售额", "工业投资", "城镇居民人均可支配收入", "新签约亿元以上项目", "一、工业",
])
def test_rows_that_are_not_plan_targets_stay_unmatched(index, written):
    assert codes_of(written, index) == []


def test_one_name_may_stand_for_an_amount_and_its_growth(index):
    assert set(codes_of("地区生产总值", index)) == {"A1-01", "A5-21"}


def test_no_two_catalog_indicators_share_a_key_unless_their_units_tell_them_apart():
    frame = catalog.read_catalog()
    keys = frame.assign(key=frame["name"].map(match.key_of), family=frame["unit"].map(
        lambda u: getattr(units.parse_unit(u), "family", u)))
    clashes = keys[keys.duplicated(["key", "family"], keep=False)]
    assert clashes.empty, clashes[["code", "name", "unit"]]


@pytest.mark.parametrize("written,unit,month,growth", [
    ("地区生产总值（一季度）", None, 3, False), ("居民人均可支配收入(1-3月)", None, 3, False),
    ("地区生产总值（上半年）（亿元）", units.Unit("money", 1e8), 6, False),
    ("社会消费品零售总额（亿元）", units.Unit("money", 1e8), None, False),
    ("规模以上工业增加值增速(%)", units.Unit("percent"), None, True), ("GDP同比增长", None, None, True),
    ("新签约项目（个）", units.Unit("count"), None, False),
])
def test_what_a_name_says_besides_its_words(written, unit, month, growth):
    name = match.parse_name(written)
    assert (name.unit, name.tag.month, name.growth) == (unit, month, growth)


def test_unmatched_rows_name_the_three_nearest(index):
    near = match.nearest(match.parse_name("招商新签约项目"), index)
    assert len(near) == 3 and "A2-08" in near


def test_an_alias_saved_by_an_admin_is_used_from_then_on():
    cur = make_store()
    frame = store.indicators_with_targets(cur, YEAR)
    assert match.candidates(match.parse_name("招商新签约项目"), match.build_index(frame, store.aliases(cur))) == []
    store.add_alias(cur, match.key_of("招商新签约项目"), "A2-08", "招商新签约项目", "管理员")
    index = match.build_index(frame, store.aliases(cur))
    assert match.candidates(match.parse_name("二、招商新签约项目（个）"), index) == ["A2-08"]
    assert store.audit_log(cur).iloc[0][["user_name", "action"]].tolist() == ["管理员", "alias"]


def test_an_alias_must_name_a_catalog_code():
    cur = make_store()
    with pytest.raises(store.StoreError, match="没有编码 X9-99"):
        store.add_alias(cur, "某名称", "X9-99", "某名称", "管理员")


@pytest.mark.parametrize("text,tag", [
    ("1-5月", periods.Tag(None, 5, periods.CUMULATIVE)), ("1—5月累计", periods.Tag(None, 5, periods.CUMULATIVE)),
    ("2026年1-5月", periods.Tag(2026, 5, periods.CUMULATIVE)), ("5月", periods.Tag(None, 5, periods.MONTHLY)),
    ("本月", periods.Tag(None, None, periods.MONTHLY)), ("累计", periods.Tag(None, None, periods.CUMULATIVE)),
    ("一季度", periods.Tag(None, 3, periods.CUMULATIVE)), ("上半年", periods.Tag(None, 6, periods.CUMULATIVE)),
    ("前三季度", periods.Tag(None, 9, periods.CUMULATIVE)), ("1～5月", periods.Tag(None, 5, periods.CUMULATIVE)),
    ("一至五月", periods.Tag(None, 5, periods.CUMULATIVE)), ("1-本月", periods.Tag(None, None, periods.CUMULATIVE)),
    ("同比增长(%)", periods.Tag()), ("绝对值", periods.Tag()),
])
def test_period_tags(text, tag):
    assert periods.tag_of(text) == tag


@pytest.mark.parametrize("texts,period", [
    (["汨罗市2026年1-5月主要经济指标"], (2026, 5)), (["2026年", "1-5月"], (2026, 5)),
    (["主要指标", "2026年5月"], (2026, 5)), (["2026年5月份", "1-5月累计"], (2026, 5)), (["主要经济指标"], None),
])
def test_find_period(texts, period):
    assert periods.find_period(texts) == period


@pytest.mark.parametrize("written,wanted,factor", [
    ("万元", "亿元", 1e-4), ("亿元", "亿元", 1.0), ("人", "万人", 1e-4), ("个", "家", 1.0), ("%", "亿元", None),
    (None, "亿元", 1.0), ("吨", "万吨", 1e-4), ("%", "个百分点", None),
])
def test_units_convert_within_a_measure_only(written, wanted, factor):
    assert units.factor(units.parse_unit(written), units.parse_unit(wanted)) == (
        pytest.approx(factor) if factor else None)


def test_synonyms_are_reviewable_data_read_again_when_edited(tmp_path, monkeypatch, index):
    edited = tmp_path / "synonyms.toml"
    edited.write_text(match.VOCABULARY.read_text(encoding="utf-8").replace(
        '"旅游收入" = [', '"旅游收入" = ["文旅收入", '), encoding="utf-8")
    assert codes_of("文旅收入", index) == []
    monkeypatch.setattr(match, "VOCABULARY", edited)
    assert codes_of("文旅收入", match.build_index(catalog.read_catalog())) == ["A2-13"]


# Names that exercise every step of parse_name, alone and beside one another (parse_names joins them).
TRICKY_NAMES = [
    "", " ", "　", "\n", "\r\n", "一、工业", "（一）规上工业增加值", "(二)社零", "1.社会消费品零售总额", "1、GDP", "1.5",
    "12.5亿元", "1)工业", "①社零总额", "  ② 固投", "⑴全社会固定资产投资", "❶新签约项目", "其中：民间投资", "其中:", "内：国有",
    "#全部投资", "△▲●新开工项目", "a.电商交易额", "B)外贸进出口", "地区生产总值（一季度）（亿元）", "居民人均可支配收入(1-3月)",
    "社会消费品零售总额【亿元】", "〔万元〕固定资产投资", "［%］增速", "(", ")", "()", "(亿元", "亿元)", "（", "）",
    "规模以上工业增加值增速(%)", "GDP同比增长", "新签约项目个数", "全社会研发经费投入", "全市 新签约\n项目数",
    "新\r\n签约项目", "ＧＤＰ（亿元）", "１．社零", "R&D经费支出", "研究与试验发展（R&D）经费投入", "民间投资占比",
    "民间投资占全部投资的比重(%)", "“旅游”总收入", "数", "增速", "全社会", "全社会增速", "同比增长", "额额额",
    "新签约项目数数", "\t其中：\t（一）1.新签约项目（个）", "10.5", "2026年1-5月", "第1季度GDP", "一二三四、", "（十一）技术合同登记额",
    "1.\n2.社零", "其中：\n①其中：（一）", "地区生产总值（1-5月", "）地区生产总值（上半年）", "民间投资占固定资产投资",
    "汨罗市GDP增速", "全社会固定资产投资（亿元）\n", "新签约项目；", "《电商》交易额", "⑳", "内:", "3)", "12)规上",
]


def _names_in_test_files() -> list[str]:
    """Every text cell of the test corpus that can be read: the names bureaus really write, and more."""
    from common.errors import UserError
    from loaders.read import read_path
    texts = []
    for path in sorted((Path(__file__).parent / "data").rglob("*.*")):
        try:
            texts += [c for sheet in read_path(path).sheets for _, row in sheet.rows for c in row if isinstance(c, str)]
        except UserError:
            continue
    return texts


def _assembled_names(count: int) -> list[str]:
    """Names put together at random (a fixed seed) from the pieces every step looks for."""
    pieces = ["一、", "（一）", "(2)", "1.", "12、", "①", "⑵", "❸", "其中：", "内:", "#", "△", "a.", "（亿元）", "(%)",
              "【万元】", "（一季度）", "(1-5月)", "（上半年", "）", "(", " ", "　", "\n", "\t", "全社会", "全市", "规上",
              "社零", "GDP", "ＧＤＰ", "固投", "电商", "的比重", "新签约项目", "工业", "投资", "增加值", "增速", "同比增长",
              "数", "额", "累计", "个数", "，", "“", "”", "·", "1", "5", "月", "季度"]
    rng = random.Random(13)
    return ["".join(rng.choices(pieces, k=rng.randint(0, 7))) for _ in range(count)]


def test_parse_names_is_parse_name_for_every_name():
    names = (list(catalog.read_catalog()["name"]) + _names_in_test_files() + TRICKY_NAMES
             + [a + b for a in TRICKY_NAMES[:30] for b in TRICKY_NAMES[30:60]] + _assembled_names(5000))
    for order in (names, names[::-1], random.Random(5).sample(names, len(names))):
        assert match.parse_names(order) == [match.parse_name(n) for n in order]
    assert match.parse_names([]) == []


def test_candidates_of_is_candidates_of_each_name(index):
    names = match.parse_names(list(catalog.read_catalog()["name"]) + TRICKY_NAMES + _assembled_names(500))
    found = match.candidates_of(names, index)
    assert found == [match.candidates(n, index) for n in names] and any(found) and not all(found)
    found[0].append("改")  # each a list of its own: the index is shared
    assert match.candidates(names[0], index) != found[0]


def test_plain_takes_out_exactly_the_white_space_of_regular_expressions():
    for code in range(0x3400):
        text = unicodedata.normalize("NFKC", f"a{chr(code)}b")
        assert periods.plain(f"a{chr(code)}b") == re.sub(r"\s+", "", text), hex(code)
