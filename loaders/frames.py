"""DataFrames read as rows: what frame.itertuples(index=False) gives, built a column at a time.

itertuples converts each cell of an Arrow-backed text column by itself, three times as slow as taking
the column whole; the catalog, the status table and an upload's preview are read row by row often."""
from __future__ import annotations

import functools
from collections import namedtuple

import numpy as np
import pandas as pd


def records(frame: pd.DataFrame, columns: list[str] | None = None) -> list:
    """frame[columns].itertuples(index=False): the same fields, values and value types. A text or
    NumPy column's tolist() gives what iterating it gives; any other column is iterated."""
    columns = list(frame.columns) if columns is None else list(columns)
    row = _row_type(tuple(columns))
    values = [s.tolist() if isinstance(s.dtype, (np.dtype, pd.StringDtype)) else list(s)
              for s in (frame[c] for c in columns)]
    return list(map(row._make, zip(*values)))


@functools.lru_cache(maxsize=64)
def _row_type(columns: tuple[str, ...]) -> type:
    """The named tuple of records(): making one costs a few hundred microseconds, so once per columns."""
    return namedtuple("Pandas", columns, rename=True)
