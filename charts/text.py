"""How much room a label takes, and where to break it: charts size their margins from their own words,
so nothing is cut at 1366 px or on a 390 px phone."""
from __future__ import annotations

import unicodedata

# Noto Sans CJK: a Chinese character is one em wide; digits, Latin letters and spaces about 0.6 em (an overestimate
# for most, so the room reserved is never too small)
NARROW_EM = 0.62
# a line may end after these and begin with none of them (Chinese line-breaking rules)
BREAK_AFTER = "、，。；：）》”·/"
NO_LINE_START = "、，。；：）》”%"
NO_LINE_END = "“（《"
BREAK_BEFORE = NO_LINE_END
ORPHAN = 3  # a last line this short is evened out with the one before


def text_px(text: str, size: float) -> float:
    """Width in pixels of `text` set in the dashboard font at `size` px."""
    return sum(size if unicodedata.east_asian_width(c) in "WFA" else size * NARROW_EM for c in text)


def _fits(text: str, size: float, limit: float) -> bool:
    return text_px(text, size) <= limit


def _cut(text: str, size: float, limit: float) -> int:
    """Where to end the first line of `text`: after the last allowed break that fits, else as late as fits."""
    end = 1
    while end < len(text) and _fits(text[:end + 1], size, limit):
        end += 1
    while end < len(text) and text[end] in NO_LINE_START and end > 1:
        end -= 1  # never start a line with closing punctuation
    while end > 1 and text[end - 1] in NO_LINE_END:
        end -= 1
    soft = [i for i in range(max(end // 2, 1), end + 1) if text[i - 1] in BREAK_AFTER or text[i] in BREAK_BEFORE]
    return soft[-1] if soft else end


def wrap(text: str, size: float, limit: float) -> list[str]:
    """`text` broken into lines no wider than `limit` px (a single character wider than that stays whole),
    evened out so that no line is left with a character or two (新增省级以上单项 / 冠军企业数)."""
    lines = _greedy(text, size, limit)
    while len(lines) > 1 and len(lines[-1]) <= ORPHAN and limit > size:
        limit -= size / 2
        narrower = _greedy(text, size, limit)
        if len(narrower) > len(lines):
            break
        lines = narrower
    return lines


def _greedy(text: str, size: float, limit: float) -> list[str]:
    lines = []
    while not _fits(text, size, limit):
        end = _cut(text, size, limit)
        lines.append(text[:end])
        text = text[end:].lstrip()
    return lines + [text] if text else lines or [""]


def pack(parts: list[str], size: float, limit: float, joiner: str = " · ") -> list[str]:
    """`parts` joined into as few lines as fit `limit` px, never splitting a part unless it alone is too wide."""
    lines: list[str] = []
    for part in parts:
        if lines and _fits(lines[-1] + joiner + part, size, limit):
            lines[-1] += joiner + part
        else:
            lines.extend(wrap(part, size, limit))
    return lines


def widest(lines: list[str], size: float) -> float:
    """The width of the widest of `lines`, 0 for none."""
    return max((text_px(line, size) for line in lines), default=0.0)
