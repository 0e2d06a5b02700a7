"""运行分析: row -> the sentence the bureau would write."""
import math

import pytest

from indicators import narrative


def row(**overrides):
    base = {"code": "A3-05", "name": "规模工业增加值增速", "unit": "%", "kind": "growth_rate", "target": 7.0,
            "target_label": "7%左右", "actual": 6.1, "actual_text": None, "completion": None,
            "time_progress": None, "status": "yellow", "data_period": "2026年1-5月", "frequency": "monthly",
            "lead_department": "市工信局", "note": None, "last_year": None}
    return base | overrides


@pytest.mark.parametrize("overrides,text", [
    ({}, "1-5月，全市规模工业增加值增长6.1%，低于全年目标0.9个百分点；牵头单位：市工信局。"),
    ({"actual": -1.2}, "1-5月，全市规模工业增加值下降1.2%，低于全年目标8.2个百分点；牵头单位：市工信局。"),
    ({"actual": 7.0}, "1-5月，全市规模工业增加值增长7.0%，与全年目标持平；牵头单位：市工信局。"),
    ({"name": "地区生产总值增速", "data_period": "2026年一季度", "actual": 6.0, "target": 5.5},
     "一季度，全市地区生产总值增长6.0%，高于全年目标0.5个百分点；牵头单位：市工信局。"),
    ({"name": "电子商务交易额", "unit": "亿元", "kind": "cumulative", "target": 73.0, "actual": 31.2,
      "completion": 31.2 / 73, "time_progress": 5 / 12},
     "1-5月，全市电子商务交易额完成31.2亿元，完成年计划的42.7%，高于序时进度1.1个百分点；牵头单位：市工信局。"),
    ({"name": "城镇调查失业率", "kind": "ceiling", "target": 5.5, "target_label": "5.5%以内", "actual": 5.8},
     "1-5月，城镇调查失业率为5.8%，超出控制目标（5.5%以内）0.3个百分点；牵头单位：市工信局。"),
    ({"name": "生产安全事故死亡人数", "unit": "人", "kind": "decrease", "target": math.nan, "actual": 4.0,
      "last_year": 6.0}, "1-5月，生产安全事故死亡人数4人，较上年同期减少2人；牵头单位：市工信局。"),
    ({"name": "较大及以上生产安全事故", "unit": "起", "kind": "zero_event", "actual": 0.0},
     "1-5月，未发生较大及以上生产安全事故；牵头单位：市工信局。"),
    ({"name": "营商环境评价", "kind": "qualitative", "actual": math.nan, "actual_text": "正常推进"},
     "1-5月，营商环境评价：正常推进；牵头单位：市工信局。"),
    ({"actual": math.nan, "data_period": "2026年"}, "规模工业增加值增速尚未报送；牵头单位：市工信局。"),
])
def test_sentence(overrides, text):
    assert narrative.sentence(row(**overrides)) == text


def test_area_paragraph_counts_then_names_red_first_with_notes():
    rows = [row(status="green", code="a"), row(status="yellow", code="b", name="固定资产投资增速", actual=5.0,
                                              target=6.0),
            row(status="red", code="c", note="龙头企业检修停产"), row(status="grey", code="d", actual=math.nan),
            row(status="grey", code="e", actual=math.nan, reason="未到报送期")]
    text = narrative.area_paragraph(rows, "强科创兴产业", "2026年1-5月")
    assert text.startswith("1-5月，强科创兴产业领域5项指标中，已报送3项，达到序时进度1项、占比33.3%；"
                           "滞后1项、预警1项；未报送1项、未到报送期1项。需关注：")
    assert text.index("规模工业增加值增长6.1%") < text.index("固定资产投资增长5.0%")
    assert "（情况说明：龙头企业检修停产）" in text


@pytest.mark.parametrize("overrides,text", [
    ({"name": "携带者筛查与免费产前诊断人数", "unit": "例", "kind": "cumulative", "target": 2270.0, "actual": 1892.0,
      "completion": 1892 / 2270, "time_progress": 10 / 12},
     "1-5月，全市携带者筛查与免费产前诊断人数完成1892例，完成年计划的83.3%，与序时进度持平；牵头单位：市工信局。"),
    ({"lead_basis": "office"}, "1-5月，全市规模工业增加值增长6.1%，低于全年目标0.9个百分点；牵头单位：市工信局（暂列）。"),
    ({"lead_basis": "named"}, "1-5月，全市规模工业增加值增长6.1%，低于全年目标0.9个百分点；牵头单位：市工信局。"),
])
def test_counts_are_whole_and_an_inferred_lead_says_so(overrides, text):
    assert narrative.sentence(row(**overrides)) == text


def test_area_paragraph_without_data():
    assert narrative.area_paragraph([row(status="grey")], "惠民生增福祉", "2026年1-5月") == \
        "1-5月，惠民生增福祉领域1项指标暂无数据报送。"


@pytest.mark.parametrize("overrides,text", [
    ({"is_demo": True}, "1-5月，全市规模工业增加值增长6.1%，低于全年目标0.9个百分点（示例）；牵头单位：市工信局。"),
    ({"is_demo": False}, "1-5月，全市规模工业增加值增长6.1%，低于全年目标0.9个百分点；牵头单位：市工信局。"),
    ({"kind": "qualitative", "actual": math.nan, "actual_text": "正常推进", "is_demo": True},
     "1-5月，规模工业增加值增速：正常推进（示例）；牵头单位：市工信局。"),
    ({"actual": math.nan, "status": "grey", "reason": "未报送", "is_demo": True},
     "1-5月，规模工业增加值增速尚未报送；牵头单位：市工信局。"),
    ({"actual": math.nan, "status": "grey", "reason": "未到报送期"},
     "1-5月，规模工业增加值增速未到报送期；牵头单位：市工信局。"),
])
def test_sentence_marks_demo_values_and_tells_not_due_from_missing(overrides, text):
    assert narrative.sentence(row(**overrides)) == text


def test_status_counts_keep_not_due_apart_and_list_rare_reasons_only_when_found():
    rows = [row(status="green"), row(status="grey", reason="未到报送期"), row(status="grey", reason="未到报送期"),
            row(status="grey", reason="未报送")]
    assert narrative.status_counts(rows) == {"正常": 1, "预警": 0, "滞后": 0, "未报送": 1, "未到报送期": 2}
    assert narrative.status_counts(rows + [row(status="grey", reason="目标待定")])["目标待定"] == 1
