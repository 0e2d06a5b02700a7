"""Figures: gauges, bullets, trends and the status matrix follow the indicator's rule."""
import re

import pandas as pd
import pytest


from charts import base, bullets, figures, heatmaps, text, trends
from indicators import settings


def row(**overrides):
    base = {"name": "电子商务交易额", "unit": "亿元", "kind": "cumulative", "comparator": ">=", "target": 73.0,
            "actual": 30.0, "status": "red", "time_progress": 0.5, "target_label": "73亿元以上",
            "higher_is_better": True}
    return {**base, **overrides}


def gauge_parts(fig):
    ind = fig.data[0]
    return ind.value, ind.gauge.threshold.value, [(s.range[0], s.range[1]) for s in ind.gauge.steps], ind.gauge.bar.color


def test_cumulative_gauge_marks_time_progress_and_status_colour():
    value, marker, steps, colour = gauge_parts(figures.gauge(row()))
    assert value == 30.0
    assert marker == pytest.approx(36.5)
    assert steps[1] == pytest.approx((36.5 - 7.3, 36.5))
    assert colour == figures.STATUS_COLORS["red"]


def test_growth_gauge_bands_include_the_about_tolerance():
    gdp = row(name="地区生产总值增速", unit="%", kind="growth_rate", comparator="~", target=5.5, actual=5.1,
              status="green", time_progress=None)
    value, marker, steps, _ = gauge_parts(figures.gauge(gdp))
    assert marker == 5.5
    assert steps[2][0] == pytest.approx(5.0) and steps[1] == pytest.approx((4.0, 5.0))


def test_ceiling_gauge_is_green_below_the_target():
    jobless = row(name="城镇调查失业率", unit="%", kind="ceiling", comparator="<=", target=5.5, actual=5.2,
                  status="green", time_progress=None, higher_is_better=False)
    _, _, steps, _ = gauge_parts(figures.gauge(jobless))
    assert steps[0] == pytest.approx((0, 5.5)) and steps[1] == pytest.approx((5.5, 5.775))


def test_a_missing_value_still_draws_target_and_title():
    fig = figures.gauge(row(actual=None, status="grey"))
    assert "目标 73亿元以上 · 序时进度 50% · <b style='color:#616161'>○ 未报送</b>" in fig.layout.title.text


def test_gauge_marks_the_stretch_target_with_a_band_named_under_the_number():
    fig = figures.gauge(row(stretch_target=80.0, target_label="73亿元以上（力争80亿元）"))
    ind = fig.data[0]
    stretch = ind.gauge.steps[-1]
    assert stretch.color == figures.STRETCH_COLOR
    assert stretch.range[0] < 80 < stretch.range[1] and stretch.range[1] - stretch.range[0] < 2
    assert ind.gauge.axis.range[1] > 80
    # ticks only at the bottom and the target: a 力争 or 序时 tick beside the target would run into it
    assert list(ind.gauge.axis.ticktext) == ["0", "73"]
    assert [a.text for a in fig.layout.annotations] == ["序时36.5 · 力争80"]


def test_gauge_ticks_never_crowd_the_bottom_of_the_scale():
    ceiling = row(kind="ceiling", comparator="<=", target=5.0, actual=80.0, time_progress=None, higher_is_better=False)
    assert list(figures.gauge(ceiling).data[0].gauge.axis.ticktext) == ["5"]


def test_gauge_without_stretch_has_only_the_rule_bands():
    fig = figures.gauge(row())
    assert len(fig.data[0].gauge.steps) == 3
    assert not any("力争" in t for t in list(fig.data[0].gauge.axis.ticktext) + [a.text for a in fig.layout.annotations])


def test_gauge_titles_break_long_names_and_make_room_for_them():
    short, long = figures.gauge(row()), figures.gauge(row(name="社会保障卡居民服务“一卡通”应用场景覆盖率"))
    assert "…" not in long.layout.title.text
    name = long.layout.title.text.split("<span")[0]
    assert name.count("<br>") == 2 and name.replace("<br>", "") == "社会保障卡居民服务“一卡通”应用场景覆盖率"
    assert long.layout.margin.t > short.layout.margin.t
    assert long.layout.height - long.layout.margin.t == short.layout.height - short.layout.margin.t


def test_gauge_bands_follow_the_settings():
    with settings.override(cumulative_yellow_share=0.2):
        _, _, steps, _ = gauge_parts(figures.gauge(row()))
    assert steps[1] == pytest.approx((36.5 - 14.6, 36.5))


@pytest.mark.parametrize("overrides,suffix,marks", [
    ({"is_demo": True}, " 亿元", ["（示例）", "序时36.5"]),
    ({"is_demo": False}, " 亿元", ["序时36.5"]),
    ({}, " 亿元", ["序时36.5"]),
    ({"is_demo": True, "unit": "%", "kind": "point", "time_progress": None}, "%", ["（示例）"]),
    ({"is_demo": True, "actual": None, "status": "grey", "reason": "未报送"}, " 亿元", ["序时36.5"]),
])
def test_gauge_marks_a_demo_value_and_never_a_real_one(overrides, suffix, marks):
    fig = figures.gauge(row(**overrides))
    assert fig.data[0].number.suffix == suffix
    assert [a.text for a in fig.layout.annotations] == marks


@pytest.mark.parametrize("reason,word", [("未报送", "未报送"), ("未到报送期", "未到报送期"), ("目标待定", "目标待定")])
def test_gauge_subtitle_says_why_a_row_is_grey(reason, word):
    title = figures.gauge(row(actual=None, status="grey", reason=reason)).layout.title.text
    assert re.search(f"(· |<br>)<b style='color:{base.STATUS_INK['grey']}'>○ {word}</b></span>$", title)


# ---- bullet board -------------------------------------------------------------------------------

def board_rows():
    return [
        row(code="A2-02"),
        row(code="A1-01", name="地区生产总值增速", unit="%", kind="growth_rate", comparator="~", target=5.5,
            actual=6.3, status="green", time_progress=float("nan"), target_label="5.5%左右"),
        row(code="A8-02", name="城镇调查失业率", unit="%", kind="ceiling", comparator="<=", target=5.5, actual=6.07,
            status="red", time_progress=None, higher_is_better=False, target_label="5.5%以内"),
        row(code="A4-03", name="进出口总额", target=3.3, stretch_target=7.0, actual=2.65, status="yellow",
            time_progress=10 / 12, target_label="3.3亿元以上（力争7亿元）"),
        row(code="A1-06", name="端午文化博物馆布展开放", unit="", kind="qualitative", comparator="=",
            target=float("nan"), actual=float("nan"), actual_text="正常推进", status="green",
            time_progress=None, target_label="7月底前完成布展开放"),
        row(code="A1-13", name="园区亩均税收增速", unit="%", kind="growth_rate", target=6.0, actual=float("nan"),
            status="grey", time_progress=None, target_label="6%以上"),
    ]


def annotations(fig, text):
    return [a for a in fig.layout.annotations if a.text == text]


def layer(fig, name):
    """The board's one trace called `name` (bullets.BANDS, BARS, LINES, NAMES or VALUES)."""
    found, = [t for t in fig.data if t.name == name]
    return found


def value_notes(fig):
    """The words right of the bars, top down."""
    return list(layer(fig, bullets.VALUES).text)


def label_notes(fig):
    """The names and notes left of the bars, top down, line breaks and styling removed."""
    return [re.sub(r"<[^>]+>", "", t.replace("<br>", "|")) for t in layer(fig, bullets.NAMES).text]


def middles(fig):
    """Each row's middle, px from the top (where its words stand)."""
    return list(layer(fig, bullets.NAMES).y)


def spans(fig, name, middle):
    """(start, end, colour) of the bars of trace `name` in the row at `middle`, as fractions of its scale."""
    t = layer(fig, name)
    return [(b, b + x, c) for y, b, x, c in zip(t.y, t.base, t.x, t.marker.color) if y == middle]


def lines_at(fig, middle):
    """x of the black lines drawn across the row at `middle` (the line trace's segments, None-separated)."""
    t = layer(fig, bullets.LINES)
    return [x for x, low, high in zip(t.x[::3], t.y[::3], t.y[1::3]) if low < middle < high]


def test_bullet_board_has_one_stacked_bullet_per_row_top_down():
    rows = board_rows()
    fig = bullets.bullet_board(rows)
    assert [t.type for t in fig.data] == ["bar", "bar", "scatter", "scatter", "scatter"]  # no go.Indicator
    assert fig.layout.yaxis.range[0] > fig.layout.yaxis.range[1] == 0  # y counts px down from the top
    tops = middles(fig)
    assert len(tops) == len(rows) and all(b - a >= bullets.BAR_PX for a, b in zip(tops, tops[1:]))
    assert tops[0] >= bullets.BAR_PX / 2 and tops[-1] + bullets.BAR_PX / 2 <= fig.layout.yaxis.range[0]
    assert sorted(set(layer(fig, bullets.BANDS).y)) == tops and layer(fig, bullets.BANDS).width == bullets.BAR_PX
    assert [label.split("|")[0] for label in label_notes(fig)] == [r["name"] for r in rows]
    assert len(value_notes(fig)) == len(rows) and list(layer(fig, bullets.VALUES).y) == tops


def test_bullet_board_has_no_axes_zoom_or_hover():
    fig = bullets.bullet_board(board_rows())
    assert not fig.layout.xaxis.visible and not fig.layout.yaxis.visible
    assert fig.layout.xaxis.fixedrange and fig.layout.yaxis.fixedrange and fig.layout.dragmode is False
    assert fig.layout.hovermode is False and not fig.layout.showlegend


def test_bullet_bars_take_the_status_colour_and_start_at_the_bottom_of_the_scale():
    rows, fig = board_rows(), bullets.bullet_board(board_rows())
    colours = [bullets.parts(r).bar[2] for r in rows[:4]]
    assert colours == [figures.STATUS_COLORS[s] for s in ("red", "green", "red", "yellow")]
    for r, middle in zip(rows[:4], middles(fig)):
        p = bullets.parts(r)
        assert p.bar[:2] == (p.bottom, r["actual"])
        (start, end, colour), = spans(fig, bullets.BARS, middle)
        assert (start, end, colour) == (0, pytest.approx(p.at(r["actual"]), abs=1e-4), p.bar[2])
    assert layer(fig, bullets.BARS).width < bullets.BAR_PX / 2  # thinner than the bands
    slow = bullets.parts(row(unit="%", kind="growth_rate", target=1.0, actual=0.5, time_progress=None))
    assert slow.bottom < 0 and slow.bar[:2] == (slow.bottom, 0.5)  # a growth scale starts below zero


def test_bullet_threshold_is_time_progress_for_cumulative_and_target_otherwise():
    rows, fig = board_rows(), bullets.bullet_board(board_rows())
    assert [bullets.parts(rows[i]).line for i in (0, 1, 3)] == pytest.approx([36.5, 5.5, 2.75])
    for i in (0, 1, 3):
        p = bullets.parts(rows[i])
        assert lines_at(fig, middles(fig)[i]) == [pytest.approx(p.at(p.line), abs=1e-4)]
    assert layer(fig, bullets.LINES).line.color == figures.THRESHOLD_COLOR


def test_bullet_bands_match_the_gauge_rule():
    rows, fig = board_rows(), bullets.bullet_board(board_rows())
    for record, middle in zip(rows[:3], middles(fig)):
        gauge = figures.gauge(record).data[0]
        p = bullets.parts(record)
        assert [(a, b, c) for a, b, c in p.bands] == [(*s.range, s.color) for s in gauge.gauge.steps]
        assert (p.bottom, p.top) == tuple(gauge.gauge.axis.range)
        drawn = [(pytest.approx(p.at(a), abs=1e-4), pytest.approx(p.at(b), abs=1e-4), c) for a, b, c in p.bands]
        assert spans(fig, bullets.BANDS, middle) == drawn
    ceiling = bullets.parts(rows[2]).bands
    assert ceiling[0][2] == figures.BAND_COLORS["green"] and ceiling[-1][2] == figures.BAND_COLORS["red"]


def test_bullet_marks_the_stretch_target():
    rows, fig = board_rows(), bullets.bullet_board(board_rows())
    p = bullets.parts(rows[3])
    low, high, colour = p.bands[-1]
    assert colour == figures.STRETCH_COLOR and low < 7.0 < high and p.top > 7.0
    assert spans(fig, bullets.BANDS, middles(fig)[3])[-1][2] == figures.STRETCH_COLOR  # drawn over the bands
    label, = annotations(fig, "力争7")
    assert (label.yref, label.y) == ("y", middles(fig)[3])
    assert (label.xanchor, label.x) == ("right", pytest.approx(7.0 / p.top))
    assert not any(c == figures.STRETCH_COLOR for _, _, c in bullets.parts(rows[0]).bands)


def test_bullets_without_target_or_value_keep_their_name_and_say_why():
    rows, fig = board_rows(), bullets.bullet_board(board_rows())
    qualitative, missing = bullets.parts(rows[4]), bullets.parts(rows[5])
    assert label_notes(fig)[4].startswith("端午文化博物馆布展开放|")
    assert qualitative.bar is None and qualitative.line is None
    assert qualitative.bands == ((0.0, 1.0, figures.BAND_COLORS["green"]),)  # an empty box tinted by the status
    assert spans(fig, bullets.BANDS, middles(fig)[4]) == [(0, 1, figures.BAND_COLORS["green"])]
    assert value_notes(fig)[4:] == ["正常推进", "○ 未报送"]
    assert missing.bar is None and len(missing.bands) == 3 and missing.line == 6.0
    assert spans(fig, bullets.BARS, middles(fig)[5]) == [] and lines_at(fig, middles(fig)[4]) == []


def test_bullet_names_are_whole_over_lines_and_the_label_column_holds_them():
    rows = [row(name="校企合作“双进双转”服务企业数"), row(name="校企合作“双进双转”技术需求匹配数")]
    fig = bullets.bullet_board(rows)
    names = [label.split("|目标")[0] for label in label_notes(fig)]
    assert names == ["校企合作“双进双转”|服务企业数", "校企合作“双进双转”|技术需求匹配数"]
    lines = [line for name in names for line in name.split("|")]
    assert not any("…" in label for label in label_notes(fig))
    assert fig.layout.margin.l >= max(text.text_px(line, bullets.NAME_SIZE) for line in lines) + bullets.GAP
    assert fig.layout.margin.l <= bullets.LABEL_MAX + bullets.GAP + bullets.AIR


def test_bullet_values_carry_the_unit_and_fit_the_right_margin():
    fig = bullets.bullet_board([row(actual=12345.0, unit="万吨标准煤"), row(unit="%", actual=5.44)])
    assert value_notes(fig) == ["■ 12345<br>万吨标准煤", "■ 5.4%"]  # the mark of 滞后; rates to one place
    assert fig.layout.margin.r >= text.text_px("万吨标准煤", bullets.VALUE_SIZE) + bullets.GAP


def test_thirty_bullets_stay_compact(demo_cur):
    from indicators import report
    rows = report.status_table(demo_cur, 2026, 10).to_dict("records")
    fig = bullets.bullet_board(rows[:30])
    assert 30 * bullets.ROW_PX <= fig.layout.height <= 30 * 44
    assert len(bullets.bullet_board(rows).data) == len(fig.data) == 5  # the same few traces for 228 rows


def test_decrease_bullet_draws_last_year_as_the_line():
    cost = row(name="工业要素成本", unit="", kind="decrease", comparator="<", target=float("nan"), actual=13.0,
               last_year=16.0, status="green", time_progress=None, higher_is_better=False, target_label="进一步降低")
    fig, drawn = bullets.bullet_board([cost]), bullets.parts(cost)
    assert drawn.line == 16.0 and lines_at(fig, middles(fig)[0]) == [pytest.approx(drawn.at(16.0), abs=1e-4)]
    assert drawn.bands[0] == (0, 16.0, figures.BAND_COLORS["green"]) and drawn.bar[1] == 13.0
    name, *note = label_notes(fig)[0].split("|")
    assert name == "工业要素成本" and "".join(note).replace(" · ", "") == "目标进一步降低上年同期16"


@pytest.mark.parametrize("overrides,value", [
    ({"is_demo": True}, "■ 30 亿元<br><span style='font-size:10px'>（示例）</span>"),
    ({"is_demo": False}, "■ 30 亿元"),
    ({"kind": "qualitative", "target": float("nan"), "actual": float("nan"), "actual_text": "正常推进",
      "status": "green", "is_demo": True}, "正常推进<br><span style='font-size:10px'>（示例）</span>"),
    ({"kind": "qualitative", "target": float("nan"), "actual": float("nan"), "actual_text": "正常推进",
      "status": "green", "is_demo": False}, "正常推进"),
    ({"actual": float("nan"), "status": "grey", "reason": "未报送", "is_demo": False}, "○ 未报送"),
    ({"actual": float("nan"), "status": "grey", "reason": "未到报送期", "is_demo": False}, "○ 未到报送期"),
])
def test_bullet_marks_demo_values_and_names_grey_reasons(overrides, value):
    fig = bullets.bullet_board([row(code="A2-02", **overrides)])
    assert value_notes(fig) == [value]


def test_bullet_notes_are_never_cut_and_skip_an_empty_period():
    annual = row(frequency="annual", data_period="2026年", target_label="以省级实施文件下达的目标任务为准")
    label, = label_notes(bullets.bullet_board([annual]))
    assert "…" not in label and not label.split("|")[1].startswith(" · ")
    assert label.replace("|", "").endswith("目标以省级实施文件下达的目标任务为准 · 序时36.5")


# ---- trends -------------------------------------------------------------------------------------

def months(*pairs):
    return pd.DataFrame(pairs, columns=["month", "value"])


def trace(fig, name):
    found = [t for t in fig.data if t.name == name]
    assert len(found) == 1, [t.name for t in fig.data]
    return found[0]


def test_cumulative_trend_runs_from_zero_to_the_target():
    fig = figures_row_trend()
    path = trace(fig, "序时目标")
    assert (path.x[0], path.y[0]) == (0, 0) and (path.x[-1], path.y[-1]) == (12, pytest.approx(73.0))
    assert path.y[5] == pytest.approx(73.0 * 5 / 12)
    actual = trace(fig, "2026年实际")
    assert actual.line.color == figures.STATUS_COLORS["red"]
    assert actual.text[-1] == "2026年1-5月: 66.8亿元"


def figures_row_trend(**kw):
    return trends.trend(row(data_period="2026年1-5月", **kw), months((4, 50.0), (5, 66.8)))


def test_trend_hover_marks_each_demo_value_and_no_real_one():
    series = pd.DataFrame({"month": [4, 5], "value": [50.0, 66.8], "is_demo": [True, False]})
    actual = trace(trends.trend(row(data_period="2026年1-5月"), series), "2026年实际")
    assert list(actual.text) == ["2026年1-4月: 50亿元（示例）", "2026年1-5月: 66.8亿元"]


def test_trend_uses_a_stored_monthly_path():
    fig = trends.trend(row(), months((3, 10.0)), path={3: 12.0, 6: 30.0, 12: 73.0})
    path = trace(fig, "序时目标")
    assert list(path.x) == [0, 3, 6, 12] and list(path.y) == [0, 12.0, 30.0, 73.0]


def test_flat_trend_has_target_stretch_and_last_year_lines():
    rd = row(name="全社会研发经费投入增速", unit="%", kind="growth_rate", target=8.5, stretch_target=9.0,
             time_progress=None, status="green")
    fig = trends.trend(rd, months((3, 8.8)), last_year=months((3, 7.9), (6, 8.1)))
    assert set(trace(fig, "目标").y) == {8.5} and len(trace(fig, "目标").x) == 12
    assert set(trace(fig, "力争目标").y) == {9.0} and trace(fig, "力争目标").line.dash == "dot"
    last = trace(fig, "2025年同期")
    assert last.line.dash == "dot" and last.line.color == trends.LAST_YEAR_COLOR
    assert list(fig.layout.xaxis.ticktext) == [f"{m}月" for m in range(1, 13)]
    assert fig.layout.yaxis.title.text == "%"


def test_trend_without_values_says_so():
    fig = trends.trend(row(), months())
    assert annotations(fig, "暂无数据")
    assert [t.name for t in fig.data] == ["序时目标"]


def test_trend_grid_panels_titles_colours_and_empty_panels():
    rows = board_rows()
    series = pd.DataFrame([("A2-02", 5, 30.0), ("A1-01", 3, 6.1), ("A1-01", 6, 6.6), ("A8-02", 5, 6.07)],
                          columns=["code", "month", "value"])
    fig = trends.trend_grid(rows, series, cols=3)
    titles = [a.text for a in fig.layout.annotations if a.text != "暂无数据"]
    assert [t.replace("<br>", "") for t in titles] == [r["name"] for r in rows]
    long = row(code="A3-17", name="院士专家工作站、博士创新站新增或提质数")
    assert trends.trend_grid([long], series).layout.annotations[0].text == "院士专家工作站、<br>博士创新站新增或提质数"
    actual = [t for t in fig.data if t.mode == "lines+markers"]
    assert [t.line.color for t in actual] == [figures.STATUS_COLORS[s] for s in ("red", "green", "red")]
    empty = annotations(fig, "暂无数据")
    assert sorted(a.xref for a in empty) == ["x4 domain", "x5 domain", "x6 domain"]
    assert fig.layout.height == 2 * trends.PANEL_PX + 56


# ---- status matrix ------------------------------------------------------------------------------

def status_matrix():
    return pd.DataFrame({1: ["未到报送期", "正常"], 2: ["未报送", "滞后"], 3: ["预警", float("nan")]},
                        index=["A1-01 地区生产总值增速", "A2-02 电子商务交易额"])


def test_heatmap_codes_match_the_status_words():
    heat = heatmaps.status_heatmap(status_matrix(), year=2026).data[0]
    codes = heatmaps.CELL_CODES
    assert [list(r) for r in heat.z] == [[codes["未到报送期"], codes["未报送"], codes["预警"]],
                                         [codes["正常"], codes["滞后"], None]]
    assert heat.showscale is False
    assert heat.customdata[1][1] == "A2-02 电子商务交易额<br>2026年1-2月 · 滞后"
    assert heat.customdata[0][0].endswith("2026年1月 · 未到报送期")
    assert heat.customdata[0][1].endswith("2026年1-2月 · 未报送")


def colour_of(heat, code):
    position = (code - heat.zmin) / (heat.zmax - heat.zmin)
    below = [c for p, c in heat.colorscale if p <= position][-1]
    above = [c for p, c in heat.colorscale if p >= position][0]
    assert below == above
    return below


def test_heatmap_colours_are_discrete_and_not_due_is_paler_than_missing():
    heat = heatmaps.status_heatmap(status_matrix()).data[0]
    for word, colour in [("正常", "#2E7D32"), ("预警", "#F9A825"), ("滞后", "#C62828"), ("未报送", "#9E9E9E"),
                         ("未到报送期", base.NOT_DUE_COLOR)]:
        assert colour_of(heat, heatmaps.CELL_CODES[word]) == colour
    assert base.NOT_DUE_COLOR not in figures.STATUS_COLORS.values()


@pytest.mark.parametrize("status,reason,word", [
    ("green", "", "正常"), ("red", "", "滞后"), ("grey", "未报送", "未报送"), ("grey", "未到报送期", "未到报送期"),
    ("grey", "目标待定", "目标待定"),
])
def test_word_grid_writes_each_cell_in_words(status, reason, word):
    rows = pd.DataFrame({"code": ["A1-01"], "name": ["地区生产总值增速"]})
    matrix = pd.DataFrame({"code": ["A1-01"], "month": [3], "status": [status], "reason": [reason]})
    grid = heatmaps.word_grid(rows, matrix)
    assert grid.loc["A1-01 地区生产总值增速", 3] == word
    heat = heatmaps.status_heatmap(grid).data[0]
    assert heat.customdata[0][0].endswith(f" · {word}")


def test_heatmap_axes_height_and_legend():
    fig = heatmaps.status_heatmap(status_matrix())
    assert list(fig.layout.xaxis.ticktext) == ["1月", "2", "3"]
    assert list(fig.layout.yaxis.ticktext) == ["A1-01 地区生产总值增速", "A2-02 电子商务交易额"]
    assert fig.layout.yaxis.autorange == "reversed"
    assert fig.layout.height == 250
    tall = pd.DataFrame({1: ["正常"] * 40}, index=[f"镇{i}" for i in range(40)])
    assert heatmaps.status_heatmap(tall).layout.height >= 40 * 22
    legend = {t.name: t.marker.color for t in fig.data[1:]}
    assert list(legend) == ["● 正常", "▲ 预警", "■ 滞后", "○ 未报送", "○ 未到报送期"]
    assert legend["○ 未到报送期"] == base.NOT_DUE_COLOR != legend["○ 未报送"]


def test_heatmap_labels_break_instead_of_being_cut_and_rows_make_room():
    names = ["A3-30 传统龙舟手工制作坊、“汨罗粽子”原料基地配套设施建成", "A1-01 地区生产总值增速"]
    fig = heatmaps.status_heatmap(pd.DataFrame({1: ["正常", "正常"]}, index=names))
    labels = list(fig.layout.yaxis.ticktext)
    assert [label.replace("<br>", "") for label in labels] == names and "…" not in "".join(labels)
    assert all(text.text_px(line, heatmaps.LABEL_SIZE) <= heatmaps.LABEL_PX for line in labels[0].split("<br>"))
    assert labels[1] == names[1]
    assert fig.layout.height >= 2 * heatmaps.WRAPPED_ROW_PX + heatmaps.MARGIN["t"]


def test_all_figures_share_font_and_white_background():
    figs = [figures.gauge(row()), bullets.bullet_board(board_rows()), figures_row_trend(),
            trends.trend_grid(board_rows(), pd.DataFrame(columns=["code", "month", "value"])),
            heatmaps.status_heatmap(status_matrix())]
    assert all(f.layout.font.family == figures.FONT and f.layout.paper_bgcolor == "white" for f in figs)


BAND_ROWS = [
    row(),
    row(name="地区生产总值增速", unit="%", kind="growth_rate", comparator="~", target=5.5, time_progress=None),
    row(name="民间投资占比", unit="%", kind="point", comparator=">=", target=60.0, time_progress=None),
    row(name="城镇调查失业率", unit="%", kind="ceiling", comparator="<=", target=5.5, time_progress=None,
        higher_is_better=False),
]


@pytest.mark.parametrize("shown", BAND_ROWS, ids=[r["name"] for r in BAND_ROWS])
@pytest.mark.parametrize("share", [0.2, 0.5, 0.8, 0.9, 0.96, 0.99, 1.0, 1.02, 1.2])
def test_gauge_bands_colour_a_value_as_the_rules_judge_it(shown, share):
    from indicators import progress
    value = shown["target"] * share * (shown["time_progress"] or 1.0)
    target = progress.Target(shown["kind"], shown["comparator"], shown["target"], shown["unit"],
                             higher_is_better=shown["higher_is_better"])
    judged = progress.evaluate(target, progress.Reading(value=value, time_progress=shown["time_progress"] or 1.0))
    band = [s for a, b, s in base._bands(shown, shown["target"] * 2) if a - 1e-9 <= value <= b + 1e-9]
    assert judged.status in band


# ---- words measured and broken -----------------------------------------------------------------

@pytest.mark.parametrize("words,lines", [
    ("新签校企合作协议数", ["新签校企合作协议数"]),
    ("校企合作“双进双转”技术需求匹配数", ["校企合作“双进双转”", "技术需求匹配数"]),
    ("社会保障卡居民服务“一卡通”应用场景覆盖率", ["社会保障卡居民服务", "“一卡通”应用场景覆盖率"]),
    ("新增省级以上单项冠军企业数", ["新增省级以上单项冠", "军企业数"]),  # not 12 and an orphan 数
])
def test_names_break_at_quotes_and_leave_no_orphan(words, lines):
    assert text.wrap(words, 12, 144) == lines
    assert all(text.text_px(line, 12) <= 144 for line in lines)


def test_words_are_measured_wide_for_chinese_and_narrow_for_digits():
    assert text.text_px("亿元", 10) == 20
    assert text.text_px("5.44", 10) == pytest.approx(4 * 10 * text.NARROW_EM)
    assert text.pack(["目标8项以上", "序时6.67"], 10, 200) == ["目标8项以上 · 序时6.67"]
    assert text.pack(["目标8项以上", "序时6.67"], 10, 80) == ["目标8项以上", "序时6.67"]
