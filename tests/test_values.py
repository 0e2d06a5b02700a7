"""common.values.num: the one reading of a cell as a number."""
import numpy as np
import pandas as pd

from common.values import num


def test_no_number_is_none():
    assert [num(v) for v in (None, float("nan"), np.nan, np.float64("nan"), pd.NA)] == [None] * 5


def test_a_number_is_a_plain_float():
    got = [num(v) for v in (3, np.int64(4), np.float64(2.5), 0)]
    assert got == [3.0, 4.0, 2.5, 0.0] and all(type(v) is float for v in got)
