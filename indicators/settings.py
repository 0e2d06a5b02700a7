"""Every tunable number of the dashboard, in one place.

The 红黄绿 thresholds are this product's defaults (no official three-colour
standard exists); a deployment may override any of them in a TOML file named
by `INDICATORS_SETTINGS`, with the same keys as the fields below.
"""
from __future__ import annotations

import os
import tomllib
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    db_path: Path = ROOT / "data" / "dashboard.duckdb"
    year: int = 2026
    # 左右: tolerance in percentage points for rates and shares ...
    about_points: float = 0.5
    # ... and as a share of the target for amounts and counts
    about_share: float = 0.03
    # growth_rate: yellow band below target − tolerance, in percentage points
    growth_yellow_points: float = 1.0
    # cumulative: yellow band below 序时进度, as a share of the year's target
    cumulative_yellow_share: float = 0.10
    # point (higher is better): yellow down to this share of the target
    point_yellow_ratio: float = 0.95
    # ceiling: yellow up to this multiple of the target
    ceiling_yellow_ratio: float = 1.05
    demo_seed: int = 20260302
    # a sign-in ends after this long without a click (a working day) ...
    session_idle_hours: float = 8.0
    # ... and after this long in any case
    session_max_days: float = 7.0
    # DuckDB's threads per query: the store holds a few thousand rows, too few for a query split across
    # cores to gain; one thread leaves the others to the other sessions and to calamine parsing an upload
    db_threads: int = 1


def _from_file(path: str) -> dict:
    with open(path, "rb") as fh:
        raw = tomllib.load(fh)
    known = {f.name for f in fields(Settings)}
    return {k: v for k, v in raw.items() if k in known}


def load() -> Settings:
    """Defaults, then the `INDICATORS_SETTINGS` file, then `INDICATORS_DB`."""
    values = _from_file(os.environ["INDICATORS_SETTINGS"]) if os.environ.get("INDICATORS_SETTINGS") else {}
    if os.environ.get("INDICATORS_DB"):
        values["db_path"] = os.environ["INDICATORS_DB"]
    if "db_path" in values:
        values["db_path"] = Path(values["db_path"])
    return Settings(**values)


_current = load()


def get() -> Settings:
    """The settings in force."""
    return _current


def duckdb_config() -> dict:
    """What every opening of a store file asks DuckDB for: within a process all must ask the same, or
    DuckDB refuses the second."""
    return {"threads": _current.db_threads}


@contextmanager
def override(**changes):
    """Use changed settings inside a `with` block (tests)."""
    global _current
    saved = _current
    _current = replace(saved, **changes)
    try:
        yield _current
    finally:
        _current = saved
