"""Exports for meeting slides: decks, the 滞后指标 briefing, Excel and single charts.

Reads the store through report/store, writes the 运行分析 with narrative, renders all static
images in one kaleido batch (charts.images) and builds the decks (charts.deck). When Chromium
is missing, decks fall back to native PowerPoint charts and say so.
"""
from __future__ import annotations

import concurrent.futures
import functools
import hashlib
import json
from collections.abc import Mapping
from datetime import date

import pandas as pd

from charts import card_gauge, deck, figures, heatmaps, images
from charts.briefing import BriefingItem, briefing_deck
from charts.excel import Look, to_excel
from charts.base import marked, word_ink, word_tint
from common.columns import headers
from common.kinds import NUMERIC_KINDS
from indicators import catalog, narrative, numbers, report, store
from indicators.narrative import DOUBT_MARK
from indicators.progress import RED, YELLOW, status_label
from common import periods

GAUGE_SIZE = card_gauge.image_size(*deck.CARD_VISUAL)
SOURCE = "数据来源：市统计局及各牵头单位报送"
# a workbook names the unit of its number columns; its one projection column is the verdict
EXCEL_HEADERS = headers(["code", "area_name", "name", "unit", "target_label", "actual", "actual_text", "nature",
                         "data_period", "completion", "time_progress", "status", "verdict", "lead_department", "note"],
                        actual="实际值（单位见“单位”列）", completion="完成率（%）", time_progress="序时进度（%）",
                        verdict="预计全年")
SHEET = "指标进度"
IMAGES_SHARE = 0.5  # of a deck's progress bar: its images (when none is kept yet, about as long as its slides)
DECK_BYTES = 48 * 2**20  # finished decks kept for the next request (an eight-area one is about 6 MB)
FIGURES_KEPT = 1024  # card gauge figures kept (a few kB each): all headline gauges of many periods


def _info(title: str, year: int, month: int, rows: pd.DataFrame) -> deck.DeckInfo:
    today = date.today()
    return deck.DeckInfo(title=title, period_label=periods.period_label(year, month),
                         made_on=periods.date_label(today), source=SOURCE,
                         is_demo=bool(rows["is_demo"].any()))


def _gauge_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows whose gauge a deck shows: headline indicators of a gauge kind with a target."""
    return rows[rows["kind"].isin(NUMERIC_KINDS) & rows["target"].notna() & rows["headline"]]


def draw_gauges(rows: pd.DataFrame) -> None:
    """Render (and keep) the gauge images a deck of `rows` (status_table rows) will show, so that the
    deck, asked for later, finds them drawn. Needs no store: call it on a thread of its own."""
    _gauge_images(rows)


def _gauge_images(rows: pd.DataFrame, progress=None) -> tuple[dict[str, bytes], str | None]:
    """PNG gauges of the headline indicators in one batch (images made before for the same rows are
    reused); ({}, why) when images cannot be made. progress(done, total) as they are ready."""
    shown = _gauge_rows(rows)
    if shown.empty:
        return {}, None
    specs = [_card_figure(_Row(r)) for r in shown.to_dict("records")]
    try:
        pictures = images.to_images(specs, "png", progress=progress, **GAUGE_SIZE)
    except images.ExportError as exc:
        return {}, exc.format_message()
    return dict(zip(shown["code"], pictures)), None


_decks = images.KeptBytes(DECK_BYTES)


class _Row:
    """A status row that is equal to another with the same values (of the same types)."""

    def __init__(self, row: dict):
        self.row, self.key = row, json.dumps(row, sort_keys=True, default=repr)

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other) -> bool:
        return isinstance(other, _Row) and self.key == other.key


@functools.lru_cache(maxsize=FIGURES_KEPT)
def _card_figure(row: _Row) -> dict:
    """The card gauge of a row: the same row gives the same figure, so building it (plotly checks
    every property, ~20 ms) is done once per row while it is kept."""
    return card_gauge.card_gauge(row.row).to_dict()


def _section(area: pd.Series, rows: pd.DataFrame, images, period_label: str) -> deck.AreaSection:
    records = rows.to_dict("records")
    return deck.AreaSection(area_id=int(area["id"]), area_name=area["name"], title=area["title"], rows=records,
                            paragraph=narrative.area_paragraph(records, area["name"], period_label),
                            images=images, heatmap=None)


class _Drawing(Mapping):
    """One section's gauge images (code -> PNG), rendered on the deck's drawing thread while the slides
    before them are built: reading them waits until they are there, telling `waiting()` meanwhile."""

    def __init__(self, future: concurrent.futures.Future, waiting):
        self.future, self.waiting = future, waiting

    def _images(self) -> dict[str, bytes]:
        while True:
            try:
                return self.future.result(timeout=images.POLL_SECONDS)[0]
            except concurrent.futures.TimeoutError:
                self.waiting()

    def __getitem__(self, code: str) -> bytes:
        return self._images()[code]

    def __iter__(self):
        return iter(self._images())

    def __len__(self) -> int:
        return len(self._images())


def area_deck(cur, year: int, month: int, area_id: int | None = None,
              progress=None) -> tuple[bytes, str | None]:
    """The deck of one area, or of all eight when `area_id` is None; with the reason images are missing.
    progress(share, sentence), if given, is told what is being done (share from 0 to 1) as it goes."""
    say = progress or (lambda share, sentence: None)
    say(0.0, "正在读取本期数据")
    table = report.status_table(cur, year, month)
    areas = store.areas(cur)
    chosen = areas if area_id is None else areas[areas["id"] == area_id]
    rows = table[table["area"].isin(chosen["id"])]
    title = "“开局八好”指标运行情况" + ("" if area_id is None else f" · {chosen.iloc[0]['name']}")
    info = _info(title, year, month, rows)
    key = _deck_key(info, chosen, rows)
    content = _decks.get(key)
    if content is None:
        build = deck.all_areas_deck if area_id is None else deck.area_deck
        content, missing = _built_deck(build, info, chosen, rows, say)
        if not missing:  # a deck without its images is made again once Chromium works
            _decks.put(key, content)
    else:
        missing = None
    say(1.0, "已生成")
    return content, missing


def _deck_key(info: deck.DeckInfo, chosen: pd.DataFrame, rows: pd.DataFrame) -> str:
    """A hash of everything a deck is made from: the same key, the same deck."""
    text = repr(info) + chosen.to_json(orient="split") + rows.to_json(orient="split", double_precision=15, default_handler=repr)
    return hashlib.sha256(text.encode()).hexdigest()


def _built_deck(build, info: deck.DeckInfo, chosen: pd.DataFrame, rows: pd.DataFrame, say) -> tuple[bytes, str | None]:
    """build(info, sections, starting) with the gauges' images, telling say(share, sentence) how far it is.

    The images are drawn area by area on a thread of their own (Chromium works while python-pptx builds
    the slides before them): on two cores the deck takes about the longer of the two, not their sum."""
    parts = [(a, rows[rows["area"] == a["id"]]) for _, a in chosen.iterrows()]
    drawn, total, slides = [0] * len(parts), max(1, len(_gauge_rows(rows))), [0, parts[0][0]["name"]]

    def tell():
        share = IMAGES_SHARE * sum(drawn) / total + (1 - IMAGES_SHARE) * slides[0] / len(parts)
        say(share, f"正在生成幻灯片：{slides[1]}（{slides[0] + 1}/{len(parts)}），仪表盘图片 {sum(drawn)}/{total}")

    def draw(i: int, area_rows: pd.DataFrame):
        return _gauge_images(area_rows, lambda done, _: drawn.__setitem__(i, done))

    def starting(i: int, section: deck.AreaSection) -> None:
        slides[:] = [i, section.area_name]
        tell()
    pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="deck-images")
    futures = [pool.submit(draw, i, area_rows) for i, (_, area_rows) in enumerate(parts)]
    try:
        content = build(info, [_section(a, area_rows, _Drawing(f, tell), info.period_label)
                               for (a, area_rows), f in zip(parts, futures)], starting)
    finally:
        pool.shutdown(cancel_futures=True)  # after a failure: draw no more; else all are done or needed none
    return content, next((f.result()[1] for f in futures if not f.cancelled() and f.result()[1]), None)


def briefing(cur, year: int, month: int, group_by: str = "area", area_id: int | None = None) -> bytes:
    """Every red and yellow indicator (of one area when `area_id` is given), grouped by area or 牵头单位,
    with what changed since last month."""
    table = report.status_table(cur, year, month)
    changes = _changes(cur, table, year, month)
    name = None if area_id is None else table.loc[table["area"] == area_id, "area_name"].iloc[0]
    table = table if area_id is None else table[table["area"] == area_id]
    behind = table[table["status"].isin([RED, YELLOW])].sort_values(["area", "code"])
    items = [BriefingItem(row=r, area_name=r["area_name"], change=changes.get(r["code"], ""))
             for r in behind.to_dict("records")]
    scope = "全市“开局八好”" if name is None else f"{name}领域"
    text = narrative.paragraph(table.to_dict("records"), scope, periods.period_label(year, month))
    title = "滞后指标通报" + ("" if name is None else f" · {name}")
    return briefing_deck(_info(title, year, month, table), items, group_by=group_by, paragraph=text)


def _changes(cur, table: pd.DataFrame, year: int, month: int) -> dict[str, str]:
    if month == 1:
        return {}
    before = report.status_matrix(cur, year, [month - 1])
    moved = report.status_changes(table, before)
    return dict(zip(moved["code"], moved["change"]))


def excel(cur, year: int, month: int, area_id: int | None = None, lagging: bool = False) -> bytes:
    """What the views show, as a workbook: values, targets, completion, status, notes, units in headers."""
    table = report.status_table(cur, year, month)
    rows = table if area_id is None else table[table["area"] == area_id]
    rows = rows[rows["status"].isin([RED, YELLOW])] if lagging else rows
    words = [status_label(s, r) for s, r in zip(rows["status"], rows["reason"])]
    frame = rows.assign(nature=_nature(rows), lead_department=_leads(rows))[list(EXCEL_HEADERS)].copy()
    frame["completion"] = (frame["completion"].astype(float) * 100).round(1)
    frame["time_progress"] = (frame["time_progress"].astype(float) * 100).round(1)
    frame["status"] = [marked(word) for word in words]
    sheet = frame.rename(columns=EXCEL_HEADERS).reset_index(drop=True)
    title = f"“开局八好”指标进度（{periods.period_label(year, month)}）" + \
        ("（示例数据）" if rows["is_demo"].any() else "")
    return to_excel({SHEET: sheet}, title=title, looks={SHEET: _looks(rows, words)})


def _leads(rows: pd.DataFrame) -> list[str]:
    """牵头单位 as the pages write it: 暂列 where the plan does not name the unit."""
    return [catalog.lead_label(r) for r in rows.to_dict("records")]


def _looks(rows: pd.DataFrame, words: list[str]) -> dict[str, Look]:
    """Each value in its unit's number format (0 for counts), percentages with one decimal, each
    status word in its colour on its tint."""
    percent = [numbers.excel_format("%")] * len(rows)
    return {EXCEL_HEADERS["actual"]: Look(number_formats=[numbers.excel_format(u) for u in rows["unit"]]),
            EXCEL_HEADERS["completion"]: Look(number_formats=percent),
            EXCEL_HEADERS["time_progress"]: Look(number_formats=percent),
            EXCEL_HEADERS["status"]: Look(fills=[word_tint(w) for w in words], inks=[word_ink(w) for w in words])}


def _nature(rows: pd.DataFrame) -> list[str]:
    """数据性质 of each row's value: 示例数据 or 上报数据 (and （核验有疑问） while the 督查室 doubts it),
    empty where no value is shown."""
    shown = rows["actual"].notna() | rows["actual_text"].notna()
    doubted = rows["doubted"] if "doubted" in rows else [False] * len(rows)
    return [(("示例数据" if demo else "上报数据") + (DOUBT_MARK if doubt else "")) if has else ""
            for demo, doubt, has in zip(rows["is_demo"], doubted, shown)]


def chart(cur, year: int, month: int, area_id: int | None, fmt: str) -> bytes:
    """One static chart: an area's indicators as bullets, or the whole 红黄绿 matrix."""
    table = report.status_table(cur, year, month)
    if area_id is not None:
        rows = table[(table["area"] == area_id) & table["kind"].isin(NUMERIC_KINDS) & table["target"].notna()]
        fig = figures.bullet_board(rows.to_dict("records"))
        return images.to_image(fig, fmt, width=1280, height=max(720, int(fig.layout.height or 720)))
    matrix = report.status_matrix(cur, year, range(1, month + 1))
    fig = figures.status_heatmap(heatmaps.word_grid(table, matrix))
    return images.to_image(fig, fmt, width=1280, height=int(fig.layout.height or 720))
