"""What can be wrong with an uploaded file, as data the page and the CLI both show.

Every problem names file, sheet, Excel row, column, the value and what is wrong,
in Chinese. Errors stop the whole file; warnings need a confirmation.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

ERROR, WARNING = "error", "warning"
LEVEL_LABELS = {ERROR: "错误", WARNING: "提醒"}
PROBLEM_HEADERS = {"level": "级别", "file": "文件", "sheet": "工作表", "row": "行", "column": "列",
                   "value": "值", "indicator": "指标", "message": "问题"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell, row, sheet or the whole file (None where it does not apply);
    `indicator` names the indicator concerned ("A2-08 新签约项目数") where there is one."""
    message: str
    file: str = ""
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    level: str = ERROR
    indicator: str | None = None

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


def problem_table(problems: list[Problem]) -> pd.DataFrame:
    """Problems as the table the page shows (Chinese headers, errors first)."""
    frame = pd.DataFrame([asdict(p) for p in problems], columns=list(PROBLEM_HEADERS))
    frame["level"] = frame["level"].map(LEVEL_LABELS)
    frame = frame.astype(object).where(frame.notna(), "")
    frame["row"] = frame["row"].map(lambda r: str(int(r)) if r != "" else "")
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


class BadValues(LoadError):
    """Raised when cells, rows or the period break the declared rules."""
