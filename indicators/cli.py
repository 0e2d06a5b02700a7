"""`python -m indicators`: create the store, load demo data, print period reports.

Every failure the user can cause ends as one Chinese line on stderr and exit
code 1 (2 for a bad command line); never a traceback.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from indicators import catalog, demo, report, settings, store
from indicators.progress import STATUS_LABELS

PERIOD = re.compile(r"^(\d{4})-(\d{1,2})$")


class CommandError(Exception):
    """Raised when a well-formed command cannot be carried out; the message is the user's sentence."""
    exit_code = 1

    def format_message(self) -> str:
        return str(self.args[0])


class UsageError(CommandError):
    """Raised when the command line cannot be understood."""
    exit_code = 2


class ChineseParser(argparse.ArgumentParser):
    """argparse, but its complaints become a UsageError carrying a Chinese sentence."""

    def error(self, message: str):
        raise UsageError(f"命令参数有误：{_translate(message)}。请运行 python -m indicators --help 查看用法")


ARGPARSE_PHRASES = [
    ("the following arguments are required", "缺少必填参数"),
    ("unrecognized arguments", "无法识别的参数"),
    ("invalid choice", "取值无效"),
    ("expected one argument", "缺少参数值"),
    ("choose from", "可选"),
]


def _translate(message: str) -> str:
    for english, chinese in ARGPARSE_PHRASES:
        message = message.replace(english, chinese)
    return message


def parse_period(text: str) -> tuple[int, int]:
    """'2026-05' -> (2026, 5); anything else is a UsageError naming the value."""
    match = PERIOD.match(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise UsageError(f"期间 {text!r} 格式有误，应为 年-月，例如 2026-05")
    return int(match.group(1)), int(match.group(2))


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseParser(prog="python -m indicators", description="八好看板 数据命令")
    parser.add_argument("--db", help="数据库文件（默认 data/dashboard.duckdb 或环境变量 INDICATORS_DB）")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=ChineseParser)
    init = sub.add_parser("init", help="创建数据库并载入指标目录")
    init.add_argument("--demo", action="store_true", help="同时载入示例数据")
    rep = sub.add_parser("report", help="按期间输出各指标进度")
    rep.add_argument("--period", required=True, help="期间，如 2026-05")
    rep.add_argument("--format", choices=["csv", "table"], default="table")
    sub.add_parser("build-catalog", help="由 catalog/*.toml 重建 data/indicators.parquet")
    return parser


def open_store(db: str | None, must_exist: bool):
    path = Path(db) if db else settings.get().db_path
    if must_exist and not path.exists():
        raise CommandError(f"数据库 {path} 不存在，请先运行 python -m indicators init")
    return store.connect(path), path


def cmd_init(args) -> str:
    con, path = open_store(args.db, must_exist=False)
    cur = con.cursor()
    year = settings.get().year
    store.load_catalog(cur, catalog.read_catalog(), catalog.load_areas(), year)
    message = f"已创建数据库 {path}，载入指标 {len(store.indicators_with_targets(cur, year))} 项"
    if args.demo:
        message += "；" + _load_demo(cur)
    return message


def _load_demo(cur) -> str:
    if store.shows_demo(cur, settings.get().year):
        return "示例数据已存在，未重复载入"
    count = demo.load(cur, store.indicators_with_targets(cur, settings.get().year), settings.get().demo_seed)
    return f"载入示例数据 {count} 条（示例数据，非真实统计数据）"


def cmd_report(args) -> str:
    year, month = parse_period(args.period)
    con, _ = open_store(args.db, must_exist=True)
    cur = con.cursor()
    if not store.is_loaded(cur):
        raise CommandError("数据库中没有指标目录，请先运行 python -m indicators init")
    frame = report.report_frame(cur, year, month)
    if frame["target"].isna().all():
        raise CommandError(f"{year}年没有年度目标，目前只有 {settings.get().year} 年的目标")
    is_demo = store.shows_demo(cur, year)
    if args.format == "csv":
        if is_demo:
            print("注意：输出含示例数据，非真实统计数据", file=sys.stderr)
        return frame.to_csv(index=False).rstrip("\n")
    return _table(frame, year, month, is_demo)


def _table(frame, year, month, is_demo) -> str:
    shown = frame.assign(status=frame["status"].map(STATUS_LABELS))
    head = f"{report.period_label(year, month)} 指标进度" + ("（示例数据）" if is_demo else "")
    return head + "\n" + shown.to_string(index=False, na_rep="")


def cmd_build_catalog(args) -> str:
    frame = catalog.build_frame()
    missing = catalog.missing_phrases(frame, catalog.PLAN_TEXT.read_text(encoding="utf-8"))
    if missing:
        raise CommandError("以下原文摘录在方案中找不到：" + "；".join(f"{c}「{p}」" for c, p in missing))
    path = catalog.write_parquet(frame)
    return f"已写入 {path.relative_to(catalog.ROOT)}：{len(frame)} 项指标，冲突 {(frame.conflict != '').sum()} 处"


COMMANDS = {"init": cmd_init, "report": cmd_report, "build-catalog": cmd_build_catalog}
USER_ERRORS = (CommandError, store.StoreError, catalog.CatalogError)


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        print(COMMANDS[args.command](args))
        return 0
    except USER_ERRORS as exc:
        print(f"错误：{exc.format_message()}", file=sys.stderr)
        return getattr(exc, "exit_code", 1)
