"""Download file names (safe on Windows, Chinese kept) and the plotly toolbar's camera button."""
from __future__ import annotations

import re
import unicodedata

from charts.images import SCALE, SLIDE_SIZE

STEM_CHARS = 120
MODEBAR_REMOVE = ["zoom2d", "pan2d", "select2d", "lasso2d", "zoomIn2d", "zoomOut2d", "autoScale2d",
                  "resetScale2d"]

_DROP = re.compile(r'[*?"<>\x00-\x1f\x7f]')  # illegal in Windows names and no separator: removed
_SEPARATORS = re.compile(r"[\\/:|\s]+")  # illegal or awkward, separating words: one "-"
_RESERVED = re.compile(r"(CON|PRN|AUX|NUL|COM\d|LPT\d)(\..*)?", re.IGNORECASE)


def _clean(part) -> str:
    text = _DROP.sub("", _SEPARATORS.sub("-", unicodedata.normalize("NFC", str(part))))
    return re.sub(r"-{2,}", "-", text).strip("-._ ")


def file_stem(*parts) -> str:
    """Parts (str or numbers) joined with "_", without characters Windows forbids, whitespace and
    separators turned into "-", at most STEM_CHARS characters; "导出" when nothing is left."""
    stem = "_".join(p for p in map(_clean, parts) if p)[:STEM_CHARS].rstrip("-._ ") or "导出"
    return f"{stem}_" if _RESERVED.fullmatch(stem) else stem


def file_name(*parts, ext: str) -> str:
    """2026年1-5月_稳增长挑大梁_地区生产总值增长率.png: file_stem(*parts) plus the extension."""
    ext = _clean(ext).lstrip(".").lower()
    return f"{file_stem(*parts)}.{ext}" if ext else file_stem(*parts)


def toolbar_config(name: str, width: int = SLIDE_SIZE[0], height: int = SLIDE_SIZE[1],
                   scale: float = SCALE) -> dict:
    """config= for st.plotly_chart: the camera button saves a slide-sized PNG named `name` (cleaned as
    file_stem; the browser adds .png), no plotly logo, no zoom/pan/select buttons."""
    return {"toImageButtonOptions": {"format": "png", "filename": file_stem(name), "width": width,
                                     "height": height, "scale": scale},
            "displaylogo": False, "modeBarButtonsToRemove": list(MODEBAR_REMOVE)}
