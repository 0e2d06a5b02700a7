"""What can be wrong with an uploaded file, as data the page and the CLI both show.

Every problem names file, sheet, Excel row, column, the value and what is wrong,
in Chinese. Errors stop the whole file; warnings need a confirmation.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

ERROR, WARNING = "error", "warning"
LEVEL_LABELS = {ERROR: "错误", WARNING: "提醒"}
# in the order a clerk reads a problem: the row, the indicator, what is wrong, then the cell's value and
# the sheet; the file last (one file's problems share it)
PROBLEM_HEADERS = {"level": "级别", "row": "行", "column": "列", "indicator": "指标", "message": "问题",
                   "value": "值", "sheet": "工作表", "file": "文件"}


@dataclass(slots=True)
class Problem:
    """One thing wrong with one cell, row, sheet or the whole file (None where it does not apply);
    `indicator` names the indicator concerned ("A2-08 新签约项目数") where there is one. Not frozen:
    a frozen dataclass sets each field through object.__setattr__, and a 10,000-row 月报 of names that
    are no indicator's makes 10,000 problems (frozen took four times as long; slots take 40% less)."""
    message: str
    file: str = ""
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    level: str = ERROR
    indicator: str | None = None

    def __post_init__(self):
        # a row read back from a frame may arrive as 12.0 or numpy.int64: it is shown as 12
        if self.row is not None and type(self.row) is not int:
            self.row = None if pd.isna(self.row) else int(self.row)

    def format_message(self) -> str:
        """文件 a.xlsx，工作表 Sheet1，第 5 行，C 列，值 '5,3x'，指标 A2-02 电子商务交易额：不是数字"""
        place = [f"文件 {self.file}"] if self.file else []
        place += [f"工作表 {self.sheet}"] if self.sheet else []
        place += [f"第 {self.row} 行"] if self.row else []
        place += [f"{self.column} 列"] if self.column else []
        place += [f"值 {self.value!r}"] if self.value not in (None, "") else []
        place += [f"指标 {self.indicator}"] if self.indicator else []
        return f"{LEVEL_LABELS[self.level]}：{'，'.join(place)}：{self.message}" if place else \
            f"{LEVEL_LABELS[self.level]}：{self.message}"


def cell_text(value, text) -> str:
    """A stored value as a problem or the preview shows it: its text, else the number (5.3, 12)."""
    return text if isinstance(text, str) else ("" if value is None or pd.isna(value) else f"{value:g}")


def indicator_label(code: str, name: str) -> str:
    """How a problem names its indicator: A2-08 新签约项目数."""
    return f"{code} {name}"


def _text(value) -> str | None:
    return None if value is None or value == "" or pd.isna(value) else str(value)


def problem_table(problems: list[Problem]) -> pd.DataFrame:
    """Problems as the table the page shows (Chinese headers, errors first), typed for Arrow: row
    numbers whole (Int64), every other cell text or None where it does not apply."""
    frame = pd.DataFrame([asdict(p) for p in problems], columns=list(PROBLEM_HEADERS))
    frame["level"] = frame["level"].map(LEVEL_LABELS)
    for column in PROBLEM_HEADERS:
        frame[column] = frame[column].astype("Int64") if column == "row" else \
            pd.Series([_text(v) for v in frame[column]], index=frame.index, dtype=object)
    frame = frame.sort_values("level", key=lambda s: s != LEVEL_LABELS[ERROR], kind="stable")
    return frame.rename(columns=PROBLEM_HEADERS).reset_index(drop=True)


class UserError(Exception):
    """Raised for what a user did or can put right. The one error type every entry point catches:
    `format_message()` is the Chinese sentence shown (nothing else is), `exit_code` what the
    command line ends with."""
    exit_code = 1

    def format_message(self) -> str:
        return str(self.args[0]) if self.args else ""


class LoadError(UserError):
    """Raised when a file cannot be accepted; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(self.format_message())

    def format_message(self) -> str:
        return "\n".join(p.format_message() for p in self.problems)


class UnreadableFile(LoadError):
    """Raised when the file is not a spreadsheet we can open (empty, renamed, truncated, encrypted)."""


class TooLarge(LoadError):
    """Raised before reading when a file is over the size or row limit."""
