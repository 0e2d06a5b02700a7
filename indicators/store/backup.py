"""A consistent copy of the whole store, and a new store built from one."""
from __future__ import annotations

from pathlib import Path

from indicators.store.db import migrate, open_file


# ---- backup and restore --------------------------------------------------------------------

def _sql_text(value: str) -> str:
    """A quoted SQL string for the statements that take no parameters (EXPORT/IMPORT DATABASE)."""
    return "'" + str(value).replace("'", "''") + "'"


def backup(cur, directory: Path) -> None:
    """A consistent copy of the whole store (one transaction) as parquet files plus schema.sql."""
    cur.execute(f"EXPORT DATABASE {_sql_text(directory)} (FORMAT parquet)")


def restore(path: Path, directory: Path) -> None:
    """Build a new store file at `path` from a backup directory, then bring its schema up to date."""
    con = open_file(path)
    try:
        con.execute(f"IMPORT DATABASE {_sql_text(directory)}")
        migrate(con.cursor())
    finally:
        con.close()


def table_counts(cur) -> dict[str, int]:
    """Rows per table: the restore check."""
    names = [r[0] for r in cur.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
    return {n: cur.execute(f'SELECT count(*) FROM "{n}"').fetchall()[0][0] for n in names}
