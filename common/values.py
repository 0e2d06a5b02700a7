"""What a cell or a DataFrame row holds, read as a plain value."""
from __future__ import annotations

import math

import pandas as pd


def num(value) -> float | None:
    """A number, or None for None, NaN and pandas' NA (rows come from DataFrame.to_dict and DuckDB)."""
    return None if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)) \
        else float(value)
