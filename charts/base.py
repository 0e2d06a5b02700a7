"""What every figure, table, slide and workbook shares: the status colours and marks, the colour bands
of the rules, the font. Numbers are written by indicators.numbers."""
from __future__ import annotations


from common.values import num
from indicators import progress, settings
from indicators.narrative import JUDGED
from indicators.progress import GREEN, GREY, NOT_DUE, RED, STATUS_LABELS, STATUSES, YELLOW

# Red is red, amber is amber: three colours no one mixes up, and a mark beside every status word so
# that colour-blind readers and black-and-white printouts still tell them apart.
STATUS_COLORS = {GREEN: "#2E7D32", YELLOW: "#F9A825", RED: "#C62828", GREY: "#9E9E9E"}
STATUS_MARKS = {GREEN: "●", YELLOW: "▲", RED: "■", GREY: "○"}
# the colour of a status word written on white or on its tint: amber letters need a darker amber
STATUS_INK = {GREEN: "#2E7D32", YELLOW: "#8A5A00", RED: "#C62828", GREY: "#616161"}
# pale grounds: gauge bands, table cells, card fills
BAND_COLORS = {GREEN: "#D5EBD6", YELLOW: "#FDEBB5", RED: "#F6CFCF", GREY: "#EEEEEE"}
# plotly marker symbols of the trend points, the same shapes as the marks
STATUS_SYMBOLS = {GREEN: "circle", YELLOW: "triangle-up", RED: "square", GREY: "circle-open"}
# 未到报送期 is lighter than 未报送: nothing was due, so nothing is missing
NOT_DUE_COLOR = "#E0E0E0"
WORD_COLORS = {STATUS_LABELS[s]: STATUS_COLORS[s] for s in STATUSES} | {NOT_DUE: NOT_DUE_COLOR}
WORD_STATUSES = {STATUS_LABELS[s]: s for s in (GREEN, YELLOW, RED)}
FONT = "Noto Sans CJK SC, WenQuanYi Micro Hei, Microsoft YaHei, PingFang SC, sans-serif"
THRESHOLD_COLOR = "#222222"
STRETCH_COLOR = "#3A3A3A"
GRID_COLOR = "#E6E6E6"
TEXT_COLOR = "#222222"


def _bands(row, top: float) -> list[tuple[float, float, str]]:
    """(from, to, status) colour bands on the gauge axis: the rules' own edges (progress.edges)."""
    target = progress.Target(row["kind"], row["comparator"], num(row["target"]), row["unit"],
                             higher_is_better=bool(row.get("higher_is_better", True)))
    e = progress.edges(target, time_share(row) or 1.0)
    if e is None:  # 持续下降, zero-event, qualitative, or a target still to be set: no bands to draw
        return []
    if not e.higher:
        return [(0, e.green, GREEN), (e.green, e.yellow, YELLOW), (e.yellow, top, RED)]
    if row["kind"] == "growth_rate":  # a growth rate may be negative: the red band goes below zero
        return [(min(0, 2 * e.yellow - e.green), e.yellow, RED), (e.yellow, e.green, YELLOW), (e.green, top, GREEN)]
    yellow = max(e.yellow, 0)
    return [(0, yellow, RED), (yellow, e.green, YELLOW), (e.green, top, GREEN)]


def _axis_top(value: float | None, target: float, stretch: float | None = None) -> float:
    return max(abs(target) * 1.3, (value or 0) * 1.1, (stretch or 0) * 1.08, 1e-9)


def word_status(word: str) -> str:
    """The status (green, yellow, red, grey) a word says: 正常 → green; 未报送, 无基数 … → grey."""
    return WORD_STATUSES.get(strip_mark(word), GREY)


def word_color(word: str) -> str:
    """The fill of a status word (progress.status_label): grey for 目标待定 and 无基数, paler for 未到报送期."""
    return WORD_COLORS.get(strip_mark(word), STATUS_COLORS[GREY])


def word_ink(word: str) -> str:
    """The colour to write a status word in (on white or on its tint)."""
    return STATUS_INK[word_status(word)]


def word_tint(word: str) -> str:
    """The pale ground of a status word: table cells and cards."""
    return BAND_COLORS[word_status(word)]


def marked(word: str) -> str:
    """A status word with its mark: ● 正常, ▲ 预警, ■ 滞后, ○ 未报送 (any grey word takes ○)."""
    return f"{STATUS_MARKS[word_status(word)]} {word}"


def strip_mark(text: str) -> str:
    """The status word of a marked one (■ 滞后 → 滞后); other text unchanged."""
    head, _, rest = str(text).partition(" ")
    return rest if rest and head in STATUS_MARKS.values() else str(text)


def status_css(text) -> str:
    """CSS of a table cell holding a (marked) status word: its ink, on its tint, bold for the judged ones."""
    if not isinstance(text, str) or not text:
        return ""
    word = strip_mark(text)
    weight = "font-weight: 600; " if word in JUDGED else ""
    return f"color: {word_ink(word)}; background-color: {word_tint(word)}; {weight}".strip()


def text_on(fill: str) -> str:
    """White or near-black, whichever reads better on `fill` (#RRGGBB)."""
    red, green, blue = (int(fill.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return "#FFFFFF" if 0.299 * red + 0.587 * green + 0.114 * blue < 0.6 else "#1A1A1A"


def unit_suffix(row) -> str:
    """What follows a number: the unit, % and ‰ closed up."""
    unit = row["unit"] or ""
    return unit if unit in ("%", "‰") else f" {unit}"


def stretch_of(row) -> float | None:
    """The 力争 number of a row, or None."""
    return num(row.get("stretch_target"))


def time_share(row) -> float | None:
    """序时进度 of a cumulative row (NaN from a DataFrame counts as none)."""
    return num(row.get("time_progress")) if row["kind"] == "cumulative" else None


def marker_value(row) -> float:
    """The black line: 序时进度 (target × t) for cumulative rows, else the target itself."""
    target, share = num(row["target"]), time_share(row)
    return target * share if share else target


def axis_range(row, value: float | None) -> tuple[float, float]:
    """(bottom, top) of the gauge axis: room for value, target and 力争 number."""
    target = num(row["target"])
    top = _axis_top(value, target, stretch_of(row))
    if row["kind"] == "growth_rate":
        s = settings.get()
        return min(0.0, target - 2 * s.growth_yellow_points - 1, value or 0.0), top
    return min(0.0, value or 0.0), top


def stretch_step(row, bottom: float, top: float) -> list[dict]:
    """A thin dark band at the 力争 number (empty list when there is none)."""
    stretch = stretch_of(row)
    if stretch is None:
        return []
    half = (top - bottom) * 0.006
    return [{"range": [stretch - half, stretch + half], "color": STRETCH_COLOR}]
