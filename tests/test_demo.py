"""示例数据: reproducible, plausible, every colour present."""
import pandas as pd

from conftest import YEAR, make_store
from indicators import demo, report, store


def demo_frames(seed):
    cur = make_store()
    return demo.frames(store.indicators_with_targets(cur, YEAR), seed)


def test_same_seed_same_data_other_seed_other_data():
    first, base = demo_frames(7)
    again, base_again = demo_frames(7)
    other, _ = demo_frames(8)
    pd.testing.assert_frame_equal(first, again)
    pd.testing.assert_frame_equal(base, base_again)
    assert not first["value"].fillna(-1).equals(other["value"].fillna(-1))


def test_no_january_and_nothing_after_the_latest_release():
    obs, _ = demo_frames(7)
    this_year = obs[obs["year"] == YEAR]
    assert this_year["month"].min() == 2
    assert this_year["month"].max() == demo.DEMO_LAST_MONTH


def test_cumulative_values_never_fall_within_the_year():
    obs, _ = demo_frames(7)
    cur = make_store()
    kinds = store.indicators_with_targets(cur, YEAR).set_index("code")["kind"]
    cumulative = obs[obs["code"].map(kinds).isin(["cumulative", "decrease"])].sort_values(["code", "year", "month"])
    falls = cumulative.groupby(["code", "year"])["value"].diff().dropna()
    assert (falls >= 0).all()


def test_demo_store_shows_a_mix_of_colours(demo_cur):
    counts = report.status_table(demo_cur, YEAR, 5)["status"].value_counts()
    reported = counts.drop("grey", errors="ignore").sum()
    assert counts["green"] / reported > 0.4
    assert counts["red"] >= 5 and counts["yellow"] >= 5


def test_shares_stay_within_one_hundred_percent():
    obs, _ = demo_frames(7)
    cur = make_store()
    catalog = store.indicators_with_targets(cur, YEAR).set_index("code")
    shares = obs[obs["code"].map(catalog["unit"]).eq("%") & obs["code"].map(catalog["kind"]).eq("point")]
    assert not shares.empty and shares["value"].max() <= 100.0
