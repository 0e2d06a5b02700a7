"""Red is red and numbers read as people write them: on page tables, cards, figures, slides and workbooks."""
import io

import openpyxl
import pandas as pd
import pytest
from conftest import YEAR, make_store
from pptx import Presentation


from charts import base, bullets, deck, figures, heatmaps, trends
from indicators import numbers, report, store
from outputs import reports
from views import tables, widgets

JUDGED = {"正常": ("green", "●"), "预警": ("yellow", "▲"), "滞后": ("red", "■")}
GREYS = ["未报送", "未到报送期", "目标待定", "无基数"]


def channels(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))


def test_red_is_red_amber_is_amber_green_is_green():
    (gr, gg, gb), (ar, ag, ab), (rr, rg, rb) = (channels(base.STATUS_COLORS[s]) for s in ("green", "yellow", "red"))
    assert gg > gr + 60 and gg > gb + 60            # green
    assert ar > 200 and 130 < ag < 200 and ab < 80  # amber: red and green high, little blue
    assert rr > rg + 120 and rr > rb + 120          # red: red only
    assert base.STATUS_COLORS["grey"] not in {base.STATUS_COLORS[s] for s in ("green", "yellow", "red")}


@pytest.mark.parametrize("word", list(JUDGED) + GREYS)
def test_every_status_word_has_a_mark_ink_and_tint(word):
    status, mark = JUDGED.get(word, ("grey", "○"))
    assert base.word_status(word) == status
    assert base.marked(word) == f"{mark} {word}" and base.strip_mark(base.marked(word)) == word
    assert base.word_ink(word) == base.STATUS_INK[status] and base.word_tint(word) == base.BAND_COLORS[status]
    css = base.status_css(base.marked(word))
    assert f"color: {base.STATUS_INK[status]}" in css and f"background-color: {base.BAND_COLORS[status]}" in css


def test_marks_tell_the_judged_statuses_apart_without_colour():
    assert len({base.STATUS_MARKS[s] for s in ("green", "yellow", "red", "grey")}) == 4


@pytest.mark.parametrize("fill,ink", [("#C62828", "#FFFFFF"), ("#2E7D32", "#FFFFFF"), ("#F9A825", "#1A1A1A"),
                                      ("#E0E0E0", "#1A1A1A")])
def test_text_on_a_fill_is_readable(fill, ink):
    assert base.text_on(fill) == ink


@pytest.fixture(scope="module")
def demo():
    cur = make_store(with_demo=True)
    return cur, report.status_table(cur, YEAR, 10)


def test_page_table_colours_each_status_word(demo):
    _, table = demo
    frame = widgets.display_frame(table)
    styler = tables.status_styler(frame)
    styler._compute()
    column = list(frame.columns).index("状态")
    for i, shown in enumerate(frame["状态"]):
        word = base.strip_mark(shown)
        style = dict(styler.ctx[(i, column)])
        assert shown == base.marked(word)
        assert style["color"] == base.word_ink(word) and style["background-color"] == base.word_tint(word)
    assert {base.strip_mark(s) for s in frame["状态"]} >= {"正常", "预警", "滞后"}
    assert all(not styler.ctx.get((0, j)) for j in range(len(frame.columns)) if j != column)


def test_a_table_without_a_status_column_is_not_styled():
    frame = pd.DataFrame({"月份": ["1-5月"], "数值": [5.3]})
    assert tables.status_styler(frame) is frame
    assert tables.status_styler(frame.assign(本月状态=["■ 滞后"])).data.equals(frame.assign(本月状态=["■ 滞后"]))


def test_area_card_words_are_marked_and_in_their_colour():
    assert widgets._word_text("滞后") == ':color[**■ 滞后**]{foreground="#C62828"}'
    assert widgets._word_text("预警") != widgets._word_text("滞后").replace("滞后", "预警")


def test_table_values_are_written_by_the_formatter(demo):
    _, table = demo
    frame = widgets.display_frame(table).set_index("编码")
    counts = table[table["unit"].map(numbers.is_count) & table["actual"].notna()]
    assert len(counts) > 20
    for row in counts.itertuples():
        assert frame.loc[row.code, "实际"] == f"{numbers.with_unit(row.actual, row.unit)}（示例）"
        assert "." not in frame.loc[row.code, "实际"]


def test_demo_counts_are_whole(demo):
    cur, table = demo
    values = store.current_observations(cur, YEAR).merge(table[["code", "unit"]], on="code")
    counted = values[values["unit"].map(numbers.is_count) & values["value"].notna()]
    assert len(counted) > 100 and (counted["value"] == counted["value"].round()).all()
    projected = table[table["unit"].map(numbers.is_count) & table["projected"].notna()]
    assert len(projected) and all("." not in widgets._marked_numbers(projected, "projected")[i]
                                  for i in range(len(projected)))


def gauge_row(**overrides):
    row = {"name": "新增专精特新企业数", "unit": "家", "kind": "cumulative", "comparator": ">=", "target": 10.0,
           "actual": 7.0, "status": "red", "time_progress": 10 / 12, "target_label": "10家以上",
           "higher_is_better": True, "code": "A1-05"}
    return row | overrides


def below(fig) -> str:
    """The words under a gauge's number (序时, 力争)."""
    return " ".join(a.text for a in fig.layout.annotations)


def test_gauge_ticks_and_time_marks_are_rounded():
    count = figures.gauge(gauge_row())
    assert list(count.data[0].gauge.axis.ticktext) == ["0", "10"]
    assert "序时9" in below(count)  # 8.333家 due: 9 to be on track
    amount = figures.gauge(gauge_row(unit="亿元", target=10.0, target_label="10亿元以上"))
    assert "序时8.33" in below(amount) and amount.data[0].number.valueformat == ".2~f"
    assert count.data[0].number.valueformat == ".0f"
    board = bullets.bullet_board([gauge_row(target=1.0)])
    note = " ".join(t for trace in board.data if trace.name == bullets.NAMES for t in trace.text)
    assert "序时1" in note and "0.833" not in note
    assert "■ 滞后" in figures.gauge(gauge_row()).layout.title.text


def test_bullet_number_carries_the_status_mark():
    fig = bullets.bullet_board([gauge_row(), gauge_row(status="yellow"), gauge_row(status="green")])
    values, = [trace.text for trace in fig.data if trace.name == bullets.VALUES]
    assert [v[:2] for v in values] == ["■ ", "▲ ", "● "]


def test_count_trend_axis_has_whole_ticks():
    series = pd.DataFrame({"month": [2, 3, 4], "value": [1.0, 2.0, 3.0]})
    axis = trends.trend(gauge_row(target=4.0), series).layout.yaxis
    assert (axis.tick0, axis.dtick, axis.tickformat) == (0, 1, ".0f")
    rate = trends.trend(gauge_row(unit="%", kind="growth_rate", target=6.0), series).layout.yaxis
    assert rate.dtick is None and rate.tickformat == ".1~f"


def test_trend_points_take_the_status_shape():
    series = pd.DataFrame({"month": [2, 3], "value": [1.0, 2.0]})
    actual = [t for t in trends.trend(gauge_row(), series).data if t.name.endswith("年实际")][0]
    assert actual.marker.symbol == "square" and actual.line.color == base.STATUS_COLORS["red"]


def test_heatmap_cells_carry_their_mark():
    grid = pd.DataFrame({1: ["正常", "滞后"], 2: ["预警", float("nan")]}, index=["甲", "乙"])
    heat = heatmaps.status_heatmap(grid, year=YEAR).data[0]
    assert [list(r) for r in heat.text] == [["●", "▲"], ["■", ""]] and heat.texttemplate == "%{text}"
    assert heat.hovertemplate == "%{customdata}<extra></extra>" and heat.customdata[0][0].endswith("正常")


# ---- slides and workbooks, read back --------------------------------------------------------------

def test_slides_write_counts_whole_and_lagging_in_red(demo):
    cur, table = demo
    rows = table[table["area"] == 8].to_dict("records")
    screening = next(r for r in rows if r["unit"] == "例" and r["target"] == 2270.0)
    screening.update(actual=2270.0, status="red", reason="")
    area = store.areas(cur).set_index("id").loc[8]
    section = deck.AreaSection(8, area["name"], area["title"], rows)
    prs = Presentation(io.BytesIO(deck.area_deck(deck.DeckInfo("t", "2026年1-10月", "今天", "来源"), [section])))
    cells = [row.cells for s in prs.slides for shape in s.shapes if shape.has_table for row in shape.table.rows]
    mine = next(c for c in cells if c[0].text == screening["code"])
    assert mine[4].text == "2270（示例）" and mine[7].text == "■ 滞后"
    assert str(mine[7].text_frame.paragraphs[0].runs[0].font.color.rgb) == base.STATUS_COLORS["red"].lstrip("#")
    facts = [tf.text for s in prs.slides for shape in s.shapes if shape.has_text_frame
             for tf in [shape.text_frame] if "实际：2270例" in tf.text]
    assert facts and "2,270" not in "".join(facts) and "2270.0" not in "".join(facts)


def test_excel_cells_take_the_unit_s_format_and_the_status_colour(demo):
    cur, table = demo
    sheet = openpyxl.load_workbook(io.BytesIO(reports.excel(cur, YEAR, 10))).worksheets[0]
    header = next(r for r in sheet.iter_rows() if r[0].value == "编码")
    at = {c.value: c.column - 1 for c in header}
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=header[0].row + 1)}
    units = table.set_index("code")["unit"]
    for code, cells in rows.items():
        value = cells[at["实际值（单位见“单位”列）"]]
        assert value.number_format == numbers.excel_format(units[code])
        assert cells[at["完成率（%）"]].number_format == "0.0"
        status = cells[at["状态"]]
        word = base.strip_mark(status.value)
        assert status.value == base.marked(word)
        assert status.fill.fgColor.rgb.endswith(base.word_tint(word).lstrip("#"))
        assert status.font.color.rgb.endswith(base.word_ink(word).lstrip("#"))
    red = [c for c in rows.values() if c[at["状态"]].value == "■ 滞后"]
    assert red and all(c[at["状态"]].font.color.rgb.endswith("C62828") for c in red)
    assert {"0", "0.0", "0.00"} <= {c[at["实际值（单位见“单位”列）"]].number_format for c in rows.values()}
    leads = [c[at["牵头单位"]].value for c in rows.values()]
    assert any(str(v).endswith("（暂列）") for v in leads)
