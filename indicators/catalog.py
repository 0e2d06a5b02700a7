"""The plan's targets: read from the reviewable TOML files in `catalog/`,
checked against declared rules, and written to `data/indicators.parquet`.

One TOML file per area (`catalog/area1.toml` … `area8.toml`). Each
`[[indicator]]` carries every `[[indicator.source]]` statement of it in the
plan; the target, stretch target and conflicts follow from those statements.
"""
from __future__ import annotations

import functools
import math
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
CATALOG_DIR = ROOT / "catalog"
PARQUET = ROOT / "data" / "indicators.parquet"
PLAN_TEXT = ROOT / "data" / "plan_2026.txt"

KINDS = ("growth_rate", "cumulative", "point", "ceiling", "decrease", "zero_event", "qualitative")
COMPARATORS = {">=": "以上", "~": "左右", "<=": "以内", "=": "", "<": "下降"}
FREQUENCIES = ("monthly", "quarterly", "annual")
LOWER_IS_BETTER = ("ceiling", "decrease", "zero_event")
NEEDS_TARGET = ("growth_rate", "cumulative", "point", "ceiling")
CODE_PATTERN = re.compile(r"^A([1-8])-\d{2}$")

COLUMNS = [
    "code", "area", "area_name", "name", "unit", "kind", "comparator", "target",
    "stretch_target", "target_text", "frequency", "higher_is_better", "headline",
    "lead_department", "lead_inferred", "conflict", "source", "source_text",
]


class CatalogError(Exception):
    """Raised when a catalog file breaks one or more declared rules; lists every failure."""

    def __init__(self, failures: list[str]):
        self.failures = failures
        super().__init__(self.format_message())

    def format_message(self) -> str:
        return "目录文件有误：\n" + "\n".join(f"- {f}" for f in self.failures)


@dataclass(frozen=True)
class Rule:
    """One declared check on an indicator dict; `test` returns True when it holds."""
    field: str
    test: object
    message: str


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


RULES = [
    Rule("code", lambda i: bool(CODE_PATTERN.match(str(i.get("code", "")))), "编码须形如 A1-01"),
    Rule("name", lambda i: bool(str(i.get("name", "")).strip()), "缺少指标名称"),
    Rule("unit", lambda i: isinstance(i.get("unit"), str), "缺少单位（可为空字符串）"),
    Rule("kind", lambda i: i.get("kind") in KINDS, f"类型须为 {', '.join(KINDS)} 之一"),
    Rule("comparator", lambda i: i.get("comparator") in COMPARATORS, "比较符须为 >= ~ <= = < 之一"),
    Rule("frequency", lambda i: i.get("frequency") in FREQUENCIES, "频度须为 monthly/quarterly/annual"),
    Rule("target", lambda i: i.get("kind") not in NEEDS_TARGET or _is_number(i.get("target")),
         "该类型须有数值目标"),
    Rule("stretch_target", lambda i: "stretch_target" not in i or _is_number(i["stretch_target"]),
         "力争目标须为数值"),
    Rule("source", lambda i: len(i.get("source", [])) > 0, "至少须有一处出处"),
    Rule("source", lambda i: all(s.get("section") and s.get("text") for s in i.get("source", [])),
         "每处出处须有 section 与 text"),
]


def check_indicator(item: dict) -> list[str]:
    """Return the messages of every rule this indicator breaks."""
    code = item.get("code", "?")
    return [f"{code} [{r.field}] {r.message}" for r in RULES if not r.test(item)]


def load_area_file(path: Path) -> tuple[dict, list[dict]]:
    """Read one area TOML: its `[area]` table and its indicators."""
    with path.open("rb") as fh:
        doc = tomllib.load(fh)
    return doc["area"], doc.get("indicator", [])


@functools.lru_cache(maxsize=8)
def load_areas(directory: Path = CATALOG_DIR) -> tuple[dict, ...]:
    """The eight areas (id, name, title, office), ordered by id; read once per process."""
    areas = [load_area_file(p)[0] for p in sorted(directory.glob("area*.toml"))]
    return tuple(sorted(areas, key=lambda a: a["id"]))


def _fmt(value: float) -> str:
    return f"{value:g}"


def target_text(item: dict) -> str:
    """The target as the plan words it: 5.5%左右, 73亿元以上, 不发生."""
    if item.get("target_text"):
        return item["target_text"]
    if not _is_number(item.get("target")):
        return ""
    text = f"{_fmt(item['target'])}{item['unit']}{COMPARATORS[item['comparator']]}"
    if _is_number(item.get("stretch_target")):
        text += f"（力争{_fmt(item['stretch_target'])}{item['unit']}）"
    return text


def conflict_text(item: dict) -> str:
    """Statements whose number disagrees with the target and is not the 力争 stretch."""
    accepted = {item.get("target"), item.get("stretch_target")}
    odd = [s for s in item["source"] if _is_number(s.get("value")) and s["value"] not in accepted]
    if not odd:
        return ""
    main = f"目标取 {_fmt(item['target'])}{item['unit']}"
    return main + "；另有：" + "；".join(f"{s['section']}「{s['text']}」" for s in odd)


def to_row(item: dict, area: dict) -> dict:
    """One catalog row (see COLUMNS) from an indicator dict and its area."""
    lead = item.get("lead_department") or area["office"]
    return {
        "code": item["code"], "area": area["id"], "area_name": area["name"],
        "name": item["name"], "unit": item["unit"], "kind": item["kind"],
        "comparator": item["comparator"],
        "target": float(item["target"]) if _is_number(item.get("target")) else None,
        "stretch_target": float(item["stretch_target"]) if "stretch_target" in item else None,
        "target_text": target_text(item), "frequency": item["frequency"],
        "higher_is_better": item.get("higher_is_better", item["kind"] not in LOWER_IS_BETTER),
        "headline": bool(item.get("headline", False)),
        "lead_department": lead,
        "lead_inferred": bool(item.get("lead_inferred", not item.get("lead_department"))),
        "conflict": conflict_text(item),
        "source": [s["section"] for s in item["source"]],
        "source_text": [s["text"] for s in item["source"]],
    }


def _file_failures(path: Path, area: dict, items: list[dict]) -> list[str]:
    failures = [f"{path.name}: {m}" for item in items for m in check_indicator(item)]
    wrong_area = [i["code"] for i in items if not str(i.get("code", "")).startswith(f"A{area['id']}-")]
    return failures + [f"{path.name}: {c} 编码与领域 {area['id']} 不符" for c in wrong_area]


def build_frame(directory: Path = CATALOG_DIR) -> pd.DataFrame:
    """Every indicator of every area file, validated; raises CatalogError listing all failures."""
    rows, failures = [], []
    for path in sorted(directory.glob("area*.toml")):
        area, items = load_area_file(path)
        bad = _file_failures(path, area, items)
        failures += bad
        if not bad:
            rows += [to_row(i, area) for i in items]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    dupes = frame["code"][frame["code"].duplicated()].tolist()
    failures += [f"编码重复：{c}" for c in dupes]
    if failures:
        raise CatalogError(failures)
    return frame.sort_values("code", key=_code_order).reset_index(drop=True)


def _code_order(codes: pd.Series) -> pd.Series:
    return codes.str.slice(1).str.replace("-", ".").astype(float)


def normalize(text: str) -> str:
    """Drop all white space: the plan's text breaks lines and spaces numbers at random."""
    return re.sub(r"\s+", "", text)


def missing_phrases(frame: pd.DataFrame, plan_text: str) -> list[tuple[str, str]]:
    """(code, phrase) for every recorded phrase that is not in the plan text."""
    plan = normalize(plan_text)
    return [(row.code, p) for row in frame.itertuples() for p in row.source_text
            if normalize(p) not in plan]


def write_parquet(frame: pd.DataFrame, path: Path = PARQUET) -> Path:
    """Write the catalog frame; the committed parquet is what the app and store read."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_parquet(path, index=False)
    return path


def read_catalog(path: Path = PARQUET) -> pd.DataFrame:
    """The shipped catalog (columns: see COLUMNS), sources as Python lists."""
    frame = pd.read_parquet(path)
    for col in ("source", "source_text"):
        frame[col] = frame[col].map(list)
    return frame
