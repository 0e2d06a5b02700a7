"""The terminal table of `report`: Chinese characters take two columns, so columns line up."""
import pytest

from commands import plain_table


@pytest.mark.parametrize("text,columns", [("A1-01", 5), ("地区生产总值", 12), ("亿元", 4), ("111%", 4), ("", 0),
                                          ("（暂列）", 8), ("—", 1)])
def test_width_counts_wide_characters_twice(text, columns):
    assert plain_table.width(text) == columns


def test_columns_line_up_whatever_the_script():
    table = plain_table.aligned(["编码", "指标", "实际"], [["A1-01", "地区生产总值增速", "6.1"],
                                                         ["A10-02", "GDP", "12.25"]], right={2})
    lines = table.splitlines()
    assert [plain_table.width(line) for line in lines] == [6 + 2 + 16 + 2 + 5] * 3  # the last column ends alike
    starts = [plain_table.width(line[:line.index(name)]) for line, name in zip(lines, ["指标", "地区", "GDP"])]
    assert starts == [8, 8, 8]  # the second column starts alike
    assert lines[2].endswith("GDP" + " " * 15 + "12.25") and lines[1].endswith("增速" + " " * 4 + "6.1")
