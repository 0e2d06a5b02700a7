"""A table as text for a terminal, with Chinese characters counted two columns wide.

pandas' to_string does the same with display.unicode.east_asian_width, at about a tenth of a second
for the 228-row report: most of the command's own time."""
from __future__ import annotations

import unicodedata


def width(text: str) -> int:
    """Terminal columns of `text`: wide (W) and full-width (F) characters take two."""
    if text.isascii():  # numbers, codes and dates: one column each, without a look per character
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def aligned(headers: list[str], rows: list[list[str]], right: set[int] = frozenset()) -> str:
    """`rows` under `headers`, columns two spaces apart; the columns numbered in `right` align right."""
    widths_of = {cell: width(cell) for cell in {*headers, *(cell for row in rows for cell in row)}}  # once each
    widths = [max(widths_of[cell] for cell in column) for column in zip(headers, *rows)]

    def line(cells: list[str]) -> str:
        padded = [(" " * (w - widths_of[c]) + c) if i in right else (c + " " * (w - widths_of[c]))
                  for i, (c, w) in enumerate(zip(cells, widths))]
        return "  ".join(padded).rstrip()
    return "\n".join(line(cells) for cells in [headers, *rows])
