"""The command line's own words: argparse made Chinese (its complaints, its help, the names of option
values), and the one exception type that carries a sentence and an exit code to the user."""
from __future__ import annotations

import argparse
import re

from common.errors import UserError

PERIOD = re.compile(r"^(\d{4})-(\d{1,2})$")


class CommandError(UserError):
    """Raised when a well-formed command cannot be carried out; the message is the user's sentence."""


class UsageError(CommandError):
    """Raised when the command line cannot be understood."""
    exit_code = 2


class ChineseParser(argparse.ArgumentParser):
    """argparse, but its complaints become a UsageError carrying a Chinese sentence, and its help is Chinese."""

    def error(self, message: str):
        raise UsageError(f"命令参数有误：{_translate(message)}。请运行 python -m indicators --help 查看用法")

    def add_argument(self, *names, **options):
        """Options are named in Chinese in the help (--period 年-月), whatever their dest."""
        if names[0].startswith("--") and options.get("action") is None and "metavar" not in options:
            options["metavar"] = OPTION_METAVARS.get(names[0], "值")
        return super().add_argument(*names, **options)

    def format_help(self) -> str:
        return _translate(super().format_help(), HELP_PHRASES)

    def format_usage(self) -> str:
        return _translate(super().format_usage(), HELP_PHRASES)


ARGPARSE_PHRASES = [
    ("the following arguments are required", "缺少必填参数"),
    ("unrecognized arguments", "无法识别的参数"),
    ("invalid choice", "取值无效"),
    ("expected one argument", "缺少参数值"),
    ("expected at least one argument", "缺少参数值"),
    ("choose from", "可选"),
    ("not allowed with argument", "不能与此参数同时使用："),
    ("ambiguous option", "参数不明确"),
    ("could match", "可能是"),
    ("argument ", "参数 "),
]


def whole_number(text: str) -> int:
    """An argument that must be a whole number (an upload id, an area), refused in Chinese."""
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} 不是整数")
    return int(text)


OPTION_METAVARS = {"--db": "数据库文件", "--period": "年-月", "--user": "姓名", "--out": "文件", "--format": "格式",
                   "--role": "角色", "--department": "部门", "--by": "分组", "--area": "领域",
                   "--status": "状态"}
HELP_PHRASES = [("usage:", "用法："), ("positional arguments:", "位置参数："), ("options:", "选项："),
                ("show this help message and exit", "显示本帮助并退出")]


def _translate(message: str, phrases=ARGPARSE_PHRASES) -> str:
    for english, chinese in phrases:
        message = message.replace(english, chinese)
    return message


def parse_period(text: str) -> tuple[int, int]:
    """'2026-05' -> (2026, 5); anything else is a UsageError naming the value."""
    match = PERIOD.match(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise UsageError(f"期间 {text!r} 格式有误，应为 年-月，例如 2026-05")
    return int(match.group(1)), int(match.group(2))
