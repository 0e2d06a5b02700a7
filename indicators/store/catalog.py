"""The catalog as the store holds it: areas, indicators with this year's targets, monthly target paths,
and the name aliases administrators save."""
from __future__ import annotations

from datetime import datetime

import pandas as pd

from indicators.store.db import StoreError, _register, transaction, writes
from indicators.store.users import audit

CATALOG_COLUMNS = ("code", "area", "name", "unit", "kind", "comparator", "frequency",
                   "higher_is_better", "headline", "lead_department", "lead_inferred",
                   "conflict", "target_text", "source", "source_text", "target_pending", "figures_from",
                   "result_month", "due_month", "lead_departments", "lead_basis", "lead_source", "restatement")


def is_loaded(cur) -> bool:
    """True once the catalog has been loaded into the store."""
    return cur.execute("SELECT count(*) FROM indicators").fetchall()[0][0] > 0


@writes
def load_catalog(cur, catalog: pd.DataFrame, areas: list[dict], year: int) -> None:
    """Replace areas and indicators with the catalog, and set `year`'s targets from it."""
    _register(cur, area_frame=pd.DataFrame(areas).reindex(columns=["id", "name", "title", "office", "office_source"]),
              ind_frame=catalog[list(CATALOG_COLUMNS)],
              tgt_frame=catalog[["code", "target", "stretch_target", "target_text"]])
    cur.execute("DELETE FROM areas")
    cur.execute("INSERT INTO areas BY NAME SELECT * FROM area_frame")
    cur.execute("DELETE FROM indicators")
    cur.execute("INSERT INTO indicators BY NAME SELECT * FROM ind_frame")
    cur.execute("DELETE FROM targets WHERE year = ?", [year])
    cur.execute("INSERT INTO targets SELECT code, ?, target, stretch_target, target_text FROM tgt_frame",
                [year])


def areas(cur) -> pd.DataFrame:
    """Columns: id, name, title, office, office_source."""
    return cur.execute("SELECT id, name, title, office, office_source FROM areas ORDER BY id").df()


def indicators_with_targets(cur, year: int) -> pd.DataFrame:
    """The catalog joined with `year`'s targets, the latest target revision winning over the plan's
    (columns: CATALOG_COLUMNS, area_name, target, stretch_target, target_label)."""
    return cur.execute(
        """WITH revised AS (
               SELECT * FROM target_revisions WHERE year = ?
               QUALIFY row_number() OVER (PARTITION BY code ORDER BY written_at DESC) = 1)
           SELECT i.*, a.name AS area_name, coalesce(r.target, t.target) AS target, t.stretch_target,
                  coalesce(r.target_text, t.target_text, i.target_text) AS target_label
           FROM indicators i JOIN areas a ON a.id = i.area
           LEFT JOIN targets t ON t.code = i.code AND t.year = ?
           LEFT JOIN revised r ON r.code = i.code
           ORDER BY i.area, i.code""", [year, year]).df()


def leads(cur) -> pd.DataFrame:
    """Each indicator's name and lead department (columns code, name, lead_department): all the upload
    guards read of the catalog, so the re-check inside a landing's transaction reads no more."""
    rows = cur.execute("SELECT code, name, lead_department FROM indicators ORDER BY area, code").fetchall()
    return pd.DataFrame(rows, columns=["code", "name", "lead_department"])


def target_paths(cur, year: int) -> pd.DataFrame:
    """The current monthly target path of each indicator: its latest written batch (code, month,
    cumulative_target); a batch of blanks means straight line again."""
    return cur.execute(
        """SELECT code, month, cumulative_target FROM (
               SELECT * FROM target_path_revisions WHERE year = ?
               QUALIFY dense_rank() OVER (PARTITION BY code ORDER BY written_at DESC) = 1)
           WHERE cumulative_target IS NOT NULL ORDER BY code, month""", [year]).df()


def aliases(cur) -> pd.DataFrame:
    """Names administrators tied to an indicator (alias: the name's matching key; columns alias, code,
    written_name, created_by, created_at)."""
    return cur.execute("SELECT alias, code, written_name, created_by, created_at FROM name_aliases ORDER BY alias").df()


def add_alias(cur, alias: str, code: str, written_name: str, user: str) -> None:
    """Tie a name (by its matching key) to an indicator from now on; recorded in the audit log."""
    with transaction(cur):
        if not cur.execute("SELECT count(*) FROM indicators WHERE code = ?", [code]).fetchall()[0][0]:
            raise StoreError(f"指标目录中没有编码 {code}")
        cur.execute("INSERT OR REPLACE INTO name_aliases VALUES (?, ?, ?, ?, ?)",
                    [alias, code, written_name, user, datetime.now()])
        audit(cur, user, "alias", f"名称“{written_name}”对应指标 {code}")
