"""The page's bullet board as HTML: the same bullets as charts.bullets (bands of the rules, the status bar,
the black line, 力争X), each row a grid of name, bar and value. The browser lays out boxes and words
far faster than plotly draws 30–60 rows of text; slides and image downloads keep the plotly figure.
"""
from __future__ import annotations

import html

from charts.base import FONT, TEXT_COLOR, THRESHOLD_COLOR, STRETCH_COLOR, stretch_of
from charts.bullets import BAR_SHARE, NOTE_COLOR, Parts, _note_parts, _value_parts, drawable, parts
from indicators import numbers

GRID = ("display:grid;grid-template-columns:minmax(7rem,max-content) minmax(5rem,1fr) minmax(4rem,max-content);"
        f"column-gap:8px;row-gap:6px;align-items:center;font-family:{FONT};color:{TEXT_COLOR};line-height:1.25")
TRACK = "position:relative;height:30px"
LABEL = "text-align:right;font-size:12px;max-width:11rem"
VALUE = "font-size:14px;max-width:8rem"


def _span(p: Parts, a: float, b: float, colour: str, height: float = 1.0) -> str:
    """A coloured box over the bullet from `a` to `b` (row units), `height` of the track, centred."""
    left, width = p.at(a) * 100, (p.at(b) - p.at(a)) * 100
    top = (1 - height) * 50
    return (f'<div style="position:absolute;left:{left:.2f}%;width:{width:.2f}%;top:{top:.1f}%;'
            f'height:{height * 100:.1f}%;background:{colour}"></div>')


def _track(row, p: Parts) -> str:
    """Bands (the 力争 band last), the status bar, the black line and the 力争 label of one row."""
    boxes = [_span(p, a, b, colour) for a, b, colour in p.bands]
    if p.bar:
        boxes.append(_span(p, p.bar[0], p.bar[1], p.bar[2], BAR_SHARE))
    if p.line is not None:
        boxes.append(f'<div style="position:absolute;left:calc({p.at(p.line) * 100:.2f}% - 1px);width:2px;'
                     f'top:5%;height:90%;background:{THRESHOLD_COLOR}"></div>')
    stretch = stretch_of(row)
    if stretch is not None and drawable(row):
        side = "right" if p.at(stretch) > 0.5 else "left"
        place = f"right:calc({100 - p.at(stretch) * 100:.2f}% + 3px)" if side == "right" \
            else f"left:calc({p.at(stretch) * 100:.2f}% + 3px)"
        boxes.append(f'<div style="position:absolute;{place};top:50%;transform:translateY(-50%);font-size:10px;'
                     f'color:{STRETCH_COLOR};background:rgba(255,255,255,0.75)">力争{numbers.mark(stretch, row["unit"])}</div>')
    return f'<div style="{TRACK}">{"".join(boxes)}</div>'


def _label(row) -> str:
    note = " · ".join(_note_parts(row))
    return (f'<div style="{LABEL}">{html.escape(row["name"])}'
            + (f'<div style="font-size:10px;color:{NOTE_COLOR}">{html.escape(note)}</div>' if note else "")
            + "</div>")


def _value(row) -> str:
    words, demo, colour = _value_parts(row)
    mark = f'<div style="font-size:10px">{html.escape(demo)}</div>' if demo else ""
    return f'<div style="{VALUE};color:{colour}">{html.escape(" ".join(words))}{mark}</div>'


def bullet_board_html(rows: list[dict]) -> str:
    """Stacked bullets for status rows (the keys of charts.bullets.bullet_board), in the given order."""
    cells = "".join(_label(row) + _track(row, parts(row)) + _value(row) for row in rows)
    return f'<div style="{GRID}">{cells}</div>'
