"""common.columns: one word per column of the status table; an output chooses columns, order and its own longer words."""
from common.columns import HEADERS, headers


def test_headers_keep_the_given_order_and_take_the_shared_words():
    assert list(headers(["unit", "code", "name"]).items()) == [("unit", "单位"), ("code", "编码"), ("name", "指标")]


def test_an_outputs_own_word_replaces_only_its_column():
    got = headers(["completion", "time_progress"], completion="完成率（%）")
    assert got == {"completion": "完成率（%）", "time_progress": HEADERS["time_progress"]}
