"""Benchmark stores: the catalog plus seeded monthly values, written through indicators.store.

    python bench/make_data.py [--out DIR] [--only small|large]

small: every indicator x 12 months of 2026, region 全市 (one upload per month).
large: the same for 全市 and 15 镇（街道） x 5 years (2022-2026): 80x the small store's rows.

Values are plausible (the same kinds of shapes as indicators.demo: seasonal cumulative
amounts, rates near target, event counts, 正常推进/进度滞后 texts) but not demo data:
uploads are not flagged is_demo. Every value lands through store.add_upload /
store.add_observations; no SQL lives here. The seed is fixed, so a rebuild gives the same values.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
import zlib
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from indicators import catalog, demo, settings, store  # noqa: E402

SEED = 20260401
YEAR = settings.get().year  # 2026
DATA_DIR = BENCH / ".data"
TOWNS = ["新市街道", "归义街道", "城郊街道", "罗城街道", "古培镇", "白水镇", "川山坪镇", "弼时镇",
         "神鼎山镇", "长乐镇", "大荆镇", "桃林寺镇", "三江镇", "屈子祠镇", "罗江镇"]
MONTHS = np.arange(1, 13)
SMALL = {"name": "small", "years": [YEAR], "regions": [store.CITY]}
LARGE = {"name": "large", "years": list(range(YEAR - 4, YEAR + 1)), "regions": [store.CITY] + TOWNS}
VARIANTS = {"small": SMALL, "large": LARGE}
BENCH_FILENAME = "基准测试数据（bench/make_data.py 生成）"


def _rng(*keys) -> np.random.Generator:
    return np.random.default_rng([SEED, *(zlib.crc32(str(k).encode()) for k in keys)])


def _whole(ind) -> bool:
    """个/家/座 are counted in whole numbers; 亿元, 万亩, 公里 are not (as in indicators.demo)."""
    unit = ind.unit or ""
    return float(ind.target).is_integer() and not unit.startswith(("万", "亿")) and unit != "公里"


def _city_year(ind, year: int) -> tuple[np.ndarray, list | None]:
    """12 monthly values (or texts) of one indicator for 全市 in `year`."""
    rng = _rng(ind.code, year)
    perf = rng.choice(list(demo.PERFORMANCE_ODDS), p=list(demo.PERFORMANCE_ODDS.values()))
    factor = rng.uniform(*demo.PERFORMANCE[perf])
    back = YEAR - year  # earlier years: smaller amounts
    target = ind.target
    if ind.kind == "qualitative":
        texts = [demo.QUALITATIVE_TEXT[perf] if m > 2 else "正常推进" for m in MONTHS]
        return np.full(12, np.nan), texts
    if ind.kind in ("zero_event", "decrease"):
        rate = 0.15 if ind.kind == "zero_event" else 1.6 * (2 - factor) * 1.08 ** back
        return rng.poisson(rate, size=12).cumsum().astype(float), None
    if target is None or pd.isna(target):
        return np.full(12, np.nan), None
    if ind.kind == "cumulative":
        values = target / 1.07 ** back * demo.SEASONAL * factor * rng.uniform(0.97, 1.03, 12)
        if _whole(ind):
            return np.round(values), None
    elif ind.kind == "growth_rate":
        values = target * factor + rng.normal(0, 0.3, 12) + 0.4 * (1 - MONTHS / 12)
    elif ind.kind == "ceiling":
        values = target * (1 + (1 - factor) * 0.35) + rng.normal(0, 0.02, 12)
    else:  # point
        values = target * min(factor, 1.04) * 0.98 ** back + rng.normal(0, abs(target) * 0.004, 12)
        if ind.unit == "%":
            values = np.minimum(values, 100.0)
    return np.round(values, 2), None


def _town_frame(ind, year: int, city: np.ndarray, texts, towns: list[str]) -> pd.DataFrame:
    """The towns' values: shares of the city's amounts and counts, the city's rate ± noise."""
    rng = _rng(ind.code, year, "towns")
    n = len(towns)
    if texts is not None:
        choices = list(demo.QUALITATIVE_TEXT.values())
        town_texts = rng.choice(choices, size=(n, 12), p=[0.7, 0.2, 0.1])
        values, text = np.full((n, 12), np.nan), town_texts.ravel()
    elif ind.kind in ("cumulative", "zero_event", "decrease"):
        shares = rng.dirichlet(np.full(n, 4.0))
        values = city[None, :] * shares[:, None] * rng.uniform(0.95, 1.05, (n, 1))
        values = np.round(values, 2 if ind.kind == "cumulative" and not _whole(ind) else 0)
        text = None
    else:
        values = np.round(city[None, :] + rng.normal(0, np.abs(city).mean() * 0.03 + 0.1, (n, 1)), 2)
        text = None
    return pd.DataFrame({"code": ind.code, "region": np.repeat(towns, 12), "year": year,
                         "month": np.tile(MONTHS, n), "value": values.ravel(), "text": text})


def observations(indicators: pd.DataFrame, variant: dict) -> pd.DataFrame:
    """All rows of a variant (columns as store.add_observations takes them)."""
    towns = [r for r in variant["regions"] if r != store.CITY]
    parts = []
    for ind in indicators.itertuples():
        for year in variant["years"]:
            city, texts = _city_year(ind, year)
            parts.append(pd.DataFrame({"code": ind.code, "region": store.CITY, "year": year,
                                       "month": MONTHS, "value": city, "text": texts}))
            if towns:
                parts.append(_town_frame(ind, year, city, texts, towns))
    frame = pd.concat(parts, ignore_index=True)
    frame["value"] = frame["value"].astype(float)
    return frame


def build(path: Path, variant: dict) -> dict:
    """A fresh store at `path`: catalog, 2025 baselines, one upload per (year, month). Returns stats."""
    for stale in (path, path.with_name(path.name + ".wal")):
        stale.unlink(missing_ok=True)
    started = time.perf_counter()
    con = store.connect(path)
    cur = con.cursor()
    store.load_catalog(cur, catalog.read_catalog(), catalog.load_areas(), YEAR)
    indicators = store.indicators_with_targets(cur, YEAR)
    base = pd.DataFrame([{"code": i.code, "year": YEAR - 1, "value": demo.baseline_2025(i)}
                         for i in indicators.itertuples()]).dropna(subset=["value"])
    store.add_baselines(cur, base, source=BENCH_FILENAME)
    rows = observations(indicators, variant)
    generated = time.perf_counter()
    written = 0
    for (year, month), batch in rows.groupby(["year", "month"], sort=True):
        upload = store.add_upload(cur, BENCH_FILENAME, "bench", note=f"{year}年{month}月")
        written += store.add_observations(cur, upload, batch.reset_index(drop=True))
    con.close()
    done = time.perf_counter()
    return {"variant": variant["name"], "path": str(path), "indicators": len(indicators),
            "regions": len(variant["regions"]), "years": len(variant["years"]),
            "uploads": rows.groupby(["year", "month"]).ngroups, "rows": written,
            "generate_s": generated - started, "write_s": done - generated, "build_s": done - started}


def fingerprint() -> str:
    """Changes when the catalog or this generator changes: views.py rebuilds stale stores."""
    digest = hashlib.sha256(catalog.PARQUET.read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:16]


def store_path(name: str, out: Path = DATA_DIR) -> Path:
    return out / f"{name}.duckdb"


def ensure(name: str, out: Path = DATA_DIR, rebuild: bool = False) -> tuple[Path, dict, bool]:
    """(path, stats, built now) for variant `name`; rebuilt when missing, stale or asked."""
    path, stamp = store_path(name, out), out / f"{name}.json"
    if not rebuild and path.exists() and stamp.exists():
        stats = json.loads(stamp.read_text())
        if stats.get("fingerprint") == fingerprint():
            return path, stats, False
    out.mkdir(parents=True, exist_ok=True)
    stats = {**build(path, VARIANTS[name]), "fingerprint": fingerprint()}
    stamp.write_text(json.dumps(stats, ensure_ascii=False, indent=1))
    return path, stats, True


def print_stats(stats: list[dict]) -> None:
    small = next((s["rows"] for s in stats if s["variant"] == "small"), None)
    print(f"{'store':<7}{'indicators':>11}{'regions':>9}{'years':>7}{'uploads':>9}{'rows':>10}"
          f"{'x small':>9}{'generate s':>12}{'write s':>9}{'build s':>9}")
    for s in stats:
        ratio = f"{s['rows'] / small:.0f}x" if small else "—"
        print(f"{s['variant']:<7}{s['indicators']:>11}{s['regions']:>9}{s['years']:>7}{s['uploads']:>9}"
              f"{s['rows']:>10,}{ratio:>9}{s['generate_s']:>12.2f}{s['write_s']:>9.2f}{s['build_s']:>9.2f}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="directory for the store files")
    parser.add_argument("--only", choices=list(VARIANTS), help="build one variant only")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    names = [args.only] if args.only else list(VARIANTS)
    stats = [ensure(name, args.out, rebuild=True)[1] for name in names]
    print_stats(stats)
    for s in stats:
        print(f"  {s['variant']}: {s['path']}")


if __name__ == "__main__":
    main()
