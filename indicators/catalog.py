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

from common.kinds import KINDS, LOWER_IS_BETTER, NUMERIC_KINDS
from indicators import numbers
from common.errors import UserError

ROOT = Path(__file__).resolve().parent.parent
CATALOG_DIR = ROOT / "catalog"
PARQUET = ROOT / "data" / "indicators.parquet"
PLAN_TEXT = ROOT / "data" / "plan_2026.txt"

COMPARATORS = {">=": "以上", "~": "左右", "<=": "以内", "=": "", "<": "下降"}
FREQUENCIES = ("monthly", "quarterly", "annual")
# who publishes the figures of a row, and so when they can arrive
FIGURES_FROM = ("统计局月报", "统计局季报", "统计局年报", "部门月报", "部门季报", "部门年报", "认定结果")
DEFAULT_FIGURES = {"monthly": "部门月报", "quarterly": "统计局季报", "annual": "部门年报"}
# why a unit leads a row: the plan names it (（X牵头）), lists it first (A、B等按职责分工负责), or it is the
# area's 专班办公室; "none" where the plan gives none of these
LEAD_BASES = {"named": "方案明确牵头", "listed": "方案所列第一个责任单位", "office": "专班办公室", "none": "方案未明确"}
CODE_PATTERN = re.compile(r"^A([1-8])-\d{2}$")

COLUMNS = [
    "code", "area", "area_name", "name", "unit", "kind", "comparator", "target",
    "stretch_target", "target_text", "target_pending", "frequency", "figures_from", "result_month", "due_month",
    "higher_is_better", "headline", "lead_department", "lead_departments", "lead_basis", "lead_source",
    "lead_inferred", "conflict", "restatement", "source", "source_text",
]


class CatalogError(UserError):
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


def _is_month(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 12


def _leads(item: dict) -> list[str]:
    """The units that lead a row, as the file gives them (lead_departments, or one lead_department)."""
    if "lead_departments" in item:
        return list(item["lead_departments"])
    return [item["lead_department"]] if item.get("lead_department") else []


def _lead_basis(item: dict) -> str:
    return item.get("lead_basis") or ("named" if _leads(item) else "office")


RULES = [
    Rule("code", lambda i: bool(CODE_PATTERN.match(str(i.get("code", "")))), "编码须形如 A1-01"),
    Rule("name", lambda i: bool(str(i.get("name", "")).strip()), "缺少指标名称"),
    Rule("unit", lambda i: isinstance(i.get("unit"), str), "缺少单位（可为空字符串）"),
    Rule("unit", lambda i: not isinstance(i.get("unit"), str) or numbers.known_unit(i["unit"]),
         "单位无法识别：请先在 loaders/units.py 中登记（计数单位显示为整数）"),
    Rule("kind", lambda i: i.get("kind") in KINDS, f"类型须为 {', '.join(KINDS)} 之一"),
    Rule("comparator", lambda i: i.get("comparator") in COMPARATORS, "比较符须为 >= ~ <= = < 之一"),
    Rule("frequency", lambda i: i.get("frequency") in FREQUENCIES, "频度须为 monthly/quarterly/annual"),
    Rule("target", lambda i: i.get("kind") not in NUMERIC_KINDS or _is_number(i.get("target"))
         or (i.get("target_pending") is True and bool(i.get("target_text"))),
         "该类型须有数值目标（上级下达、尚无数值的，写 target_pending = true 与 target_text）"),
    Rule("target_text", lambda i: i.get("kind") != "decrease" or bool(i.get("target_text")),
         "持续下降类（decrease）须写 target_text（方案原话，如“持续下降”）"),
    Rule("stretch_target", lambda i: "stretch_target" not in i or _is_number(i["stretch_target"]),
         "力争目标须为数值"),
    Rule("due_month", lambda i: (i.get("kind") == "milestone") == ("due_month" in i)
         and ("due_month" not in i or _is_month(i["due_month"])), "节点类（milestone）须有且仅节点类有 due_month（1-12）"),
    Rule("result_month", lambda i: "result_month" not in i or _is_month(i["result_month"]), "result_month 须为 1-12"),
    Rule("figures_from", lambda i: i.get("figures_from", "部门月报") in FIGURES_FROM,
         f"数据来源须为 {'、'.join(FIGURES_FROM)} 之一"),
    Rule("lead_basis", lambda i: i.get("lead_basis", "named") in LEAD_BASES, "lead_basis 须为 named/listed/office/none"),
    Rule("lead_departments", lambda i: bool(_leads(i)) == (_lead_basis(i) in ("named", "listed"))
         or (_lead_basis(i) == "office" and len(_leads(i)) == 1 and bool(i.get("lead_source"))),
         "named/listed 须写 lead_departments；office 默认取本领域专班办公室（一个领域有两个专班时写该专班办公室"
         "及 lead_source）；none 表示方案未明确，不写"),
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


def target_text(item: dict) -> str:
    """The target as the plan words it: 5.5%左右, 73亿元以上, 不发生, 7月底前完成."""
    if item.get("target_text"):
        return item["target_text"]
    if not _is_number(item.get("target")):
        return ""
    text = f"{numbers.mark_with_unit(item['target'], item['unit'])}{COMPARATORS[item['comparator']]}"
    if _is_number(item.get("stretch_target")):
        text += f"（力争{numbers.mark_with_unit(item['stretch_target'], item['unit'])}）"
    return text


def compatible(main: tuple[float, str], other: tuple[float, str]) -> bool:
    """Whether two statements of one target can both hold: 168个 and 160个以上 can (168 meets both),
    4家以上 and 5家以上 can (5 meets both); 7%左右 and 7%以上 cannot (they accept different figures)."""
    (a, ca), (b, cb) = main, other
    if "~" in (ca, cb):
        return (a, ca) == (b, cb) or (a == b and "=" in (ca, cb))
    if ca == cb == "=":
        return a == b
    if {ca, cb} <= {">=", "="}:
        return (ca == cb) or (a >= b if cb == ">=" else b >= a)
    if {ca, cb} <= {"<=", "="}:
        return (ca == cb) or (a <= b if cb == "<=" else b <= a)
    return (a, ca) == (b, cb)


def _clashes(item: dict, statement: dict) -> tuple[list[str], bool]:
    """What in one statement disagrees with the row (number, lead, wording), and whether it restates
    the target with another number that is consistent with it."""
    found, leads = [], _leads(item)
    if _is_number(statement.get("value")) and _is_number(item.get("target")) and not statement.get("stretch"):
        mine = (float(item["target"]), item["comparator"])
        theirs = (float(statement["value"]), statement.get("comparator", item["comparator"]))
        if theirs != mine and not compatible(mine, theirs):
            found.append("数值")
        restates = theirs != mine and compatible(mine, theirs)
    else:
        restates = False
    if statement.get("lead") and statement["lead"] not in leads:
        found.append(f"牵头单位为{statement['lead']}")
    if statement.get("target_text") and statement["target_text"] != item.get("target_text"):
        found.append("目标表述")
    return found, restates


def conflict_text(item: dict) -> str:
    """Statements of the same target that cannot both hold with the row's target and lead."""
    odd = [(s, found) for s in item["source"] for found in [_clashes(item, s)[0]] if found]
    if not odd:
        return ""
    main = f"目标取 {target_text(item)}" + (f"，{'、'.join(_leads(item))}牵头" if _leads(item) else "")
    return main + "；另有：" + "；".join(f"{s['section']}「{s['text']}」（{'、'.join(f)}不同）" for s, f in odd)


def restatement_text(item: dict) -> str:
    """Statements that give another number consistent with the target (160个以上 beside 168个)."""
    same = [s for s in item["source"] if _clashes(item, s) == ([], True)]
    return "；".join(f"{s['section']}「{s['text']}」" for s in same)


def to_row(item: dict, area: dict) -> dict:
    """One catalog row (see COLUMNS) from an indicator dict and its area."""
    basis = _lead_basis(item)
    leads = _leads(item) or ([area["office"]] if basis == "office" and area.get("office") else [])
    return {
        "code": item["code"], "area": area["id"], "area_name": area["name"],
        "name": item["name"], "unit": item["unit"], "kind": item["kind"],
        "comparator": item["comparator"],
        "target": float(item["target"]) if _is_number(item.get("target")) else None,
        "stretch_target": float(item["stretch_target"]) if "stretch_target" in item else None,
        "target_text": target_text(item), "target_pending": bool(item.get("target_pending", False)),
        "frequency": item["frequency"],
        "figures_from": item.get("figures_from", DEFAULT_FIGURES[item["frequency"]]),
        "result_month": item.get("result_month"), "due_month": item.get("due_month"),
        "higher_is_better": item.get("higher_is_better", item["kind"] not in LOWER_IS_BETTER),
        "headline": bool(item.get("headline", False)),
        "lead_department": "、".join(leads), "lead_departments": leads, "lead_basis": basis,
        "lead_source": item.get("lead_source", area.get("office_source", "") if basis == "office" else ""),
        "lead_inferred": basis != "named",
        "conflict": conflict_text(item), "restatement": restatement_text(item),
        "source": [s["section"] for s in item["source"]],
        "source_text": [s["text"] for s in item["source"]],
    }


def _file_failures(path: Path, area: dict, items: list[dict]) -> list[str]:
    failures = [f"{path.name}: {m}" for item in items for m in check_indicator(item)]
    wrong_area = [i["code"] for i in items if not str(i.get("code", "")).startswith(f"A{area['id']}-")]
    return failures + [f"{path.name}: {c} 编码与领域 {area['id']} 不符" for c in wrong_area]


def check_file(path: Path) -> list[str]:
    """Every rule one area file breaks, and every phrase of it that is not in the plan."""
    area, items = load_area_file(Path(path))
    failures = _file_failures(Path(path), area, items)
    if failures:
        return failures
    frame = pd.DataFrame([to_row(i, area) for i in items], columns=COLUMNS)
    dupes = frame["code"][frame["code"].duplicated()].tolist()
    missing = missing_phrases(frame, PLAN_TEXT.read_text(encoding="utf-8"))
    return [f"编码重复：{c}" for c in dupes] + [f"{c} 原文摘录在方案中找不到：「{t}」" for c, t in missing]


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
    """The shipped catalog (columns: see COLUMNS), sources and leads as Python lists."""
    frame = pd.read_parquet(path)
    for col in ("source", "source_text", "lead_departments"):
        frame[col] = frame[col].map(list)
    return frame


def leads_of(lead_department: str | None) -> list[str]:
    """The units of a (possibly joint) lead as the tables write it: 市发改局、市财政局."""
    if not isinstance(lead_department, str):  # None, or NaN in a frame: no lead
        return []
    return [unit for unit in lead_department.split("、") if unit]


def led_by(rows: pd.DataFrame, unit: str) -> pd.Series:
    """Which rows `unit` leads, alone or jointly."""
    return rows["lead_department"].map(lambda lead: unit in leads_of(lead))


def lead_counts(rows: pd.DataFrame) -> dict[str, int]:
    """How many of `rows` each unit leads, alone or jointly, most first (ties in name order)."""
    counts = rows["lead_department"].map(leads_of).explode().dropna().value_counts()
    return {unit: int(n) for unit, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))}


def lead_units(rows: pd.DataFrame) -> list[str]:
    """Every unit that leads at least one of `rows`, in name order."""
    return sorted({unit for lead in rows["lead_department"] for unit in leads_of(lead)})


FREQUENCY_WORDS = {"monthly": "每月", "quarterly": "每季", "annual": "每年"}


LEAD_MARKS = {"named": "", "listed": "（暂列）", "office": "（暂列）"}  # why: see lead_reason


def lead_label(row) -> str:
    """The 牵头单位 as tables and cards show it: marked 暂列 where the plan does not name it as 牵头."""
    if not row["lead_department"]:
        return "方案未明确牵头单位"
    return row["lead_department"] + LEAD_MARKS.get(row["lead_basis"] or "office", "")


def lead_reason(row) -> str:
    """Why this unit leads the row, in the plan's terms: 方案明确牵头（附件1 二(一)）."""
    basis = row["lead_basis"] or "office"
    where = f"（{row['lead_source']}）" if row.get("lead_source") else ""
    if basis == "office":
        return f"方案未指明该项责任单位，暂列专班办公室{where}"
    return LEAD_BASES[basis] + where


def time_shape(row) -> str:
    """How the year's target is spread over the months, in words."""
    due, result = row.get("due_month"), row.get("result_month")
    if row["kind"] == "milestone" and not pd.isna(due):
        return f"节点任务：{int(due)}月底前完成，逾期未完成为滞后"
    if not pd.isna(result):
        return f"一年一次的结果，一般于{int(result)}月公布：此前不考核，公布后按全年目标判断"
    if row["kind"] == "cumulative":
        return "按月均匀推进：序时进度＝月数÷12（录入分月目标后按分月目标）"
    if row["kind"] in ("growth_rate", "point", "ceiling"):
        return "每期与全年目标直接比较"
    return {"decrease": "每期与上年同期比较", "zero_event": "全年不得发生",
            "qualitative": "按牵头单位报送的进展判断"}.get(row["kind"], "")


def figures_text(row) -> str:
    """Who publishes the row's figures and how often: 统计局月报，每月报送."""
    return f"{row['figures_from']}，{FREQUENCY_WORDS.get(row['frequency'], '')}报送"
