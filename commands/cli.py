"""`python -m indicators`: create the store, load demo data, print period reports.

Every failure the user can cause ends as one Chinese line on stderr and exit
code 1 (2 for a bad command line); never a traceback.
"""
from __future__ import annotations

import argparse
import getpass
import sys
import time
from datetime import datetime
from pathlib import Path

import pandas as pd

from commands import opening, plain_table, supervise, users
from commands.parsing import ChineseParser, CommandError, UsageError, parse_period, whole_number
from common.columns import headers
from indicators import accounts, catalog, demo, numbers, report, settings, startup, store
from common.errors import UserError
from indicators.progress import status_label
from common import periods

def build_parser() -> argparse.ArgumentParser:
    parser = ChineseParser(prog="python -m indicators", description="八好看板 数据命令")
    parser.add_argument("--db", help="数据库文件（默认 data/dashboard.duckdb 或环境变量 INDICATORS_DB）")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=ChineseParser, metavar="命令",
                                title="命令")
    init = sub.add_parser("init", help="创建数据库并载入指标目录")
    init.add_argument("--demo", action="store_true", help="同时载入示例数据")
    rep = sub.add_parser("report", help="按期间输出各指标进度")
    rep.add_argument("--period", required=True, help="期间，如 2026-05")
    rep.add_argument("--format", choices=["csv", "table"], default="table")
    build = sub.add_parser("build-catalog", help="由 catalog/*.toml 重建 data/indicators.parquet")
    build.add_argument("--check", nargs="+", metavar="文件", help="只检查这些目录文件，不写入")
    imp = sub.add_parser("import", help="导入填报模板、统计局月报表或目标分解表")
    imp.add_argument("file", metavar="文件", help="Excel（.xlsx/.xls）、WPS/LibreOffice（.ods）或 CSV 文件")
    imp.add_argument("--period", help="数据期间，如 2026-05（默认从标题或工作表名读取）")
    imp.add_argument("--dry-run", action="store_true", help="只检查和预览，不写入")
    imp.add_argument("--user", default=getpass.getuser(), help="上传人（默认当前系统用户）")
    tpl = sub.add_parser("template", help="生成填报模板或目标分解表")
    tpl.add_argument("out", metavar="输出文件", help="输出文件 .xlsx")
    tpl.add_argument("--period", help="填报期间，如 2026-05（默认最近有数据的月份）")
    tpl.add_argument("--area", type=whole_number, choices=range(1, 9), metavar="1-8", help="只含一个领域")
    tpl.add_argument("--department", help="只含一个牵头单位的指标")
    tpl.add_argument("--targets", action="store_true", help="生成目标分解表（管理员用）")
    exp = sub.add_parser("export", help="导出 PPTX 汇报材料、Excel 或图片")
    exp.add_argument("--period", required=True, help="如 2026-05")
    which = exp.add_mutually_exclusive_group()
    which.add_argument("--area", type=whole_number, choices=range(1, 9), metavar="1-8", help="只导出一个领域")
    which.add_argument("--lagging", action="store_true", help="滞后指标通报（红、黄指标）")
    which.add_argument("--supervision", action="store_true",
                       help="督办：.docx 为该期间未办结督办的督办单，.xlsx 为该期间的督办台账")
    which.add_argument("--bulletin", action="store_true", help="调度通报（.docx 或 .pptx）：表扬、逾期督办、滞后指标及答复")
    exp.add_argument("--by", choices=["area", "department"], default="area", help="通报按领域或牵头单位分组")
    exp.add_argument("--out", required=True, help="输出文件：.pptx、.xlsx、.png 或 .svg；督办与调度通报另可用 .docx")
    bak = sub.add_parser("backup", help="备份数据库到一个新目录（看板运行时也可执行）")
    bak.add_argument("directory", metavar="备份目录")
    res = sub.add_parser("restore", help="由备份目录恢复数据库")
    res.add_argument("directory", metavar="备份目录")
    res.add_argument("--replace", action="store_true", help="数据库已存在时替换（原文件改名保留，不删除）")
    back = sub.add_parser("rollback", help="回退一次上传")
    back.add_argument("upload_id", type=whole_number, metavar="上传编号")
    back.add_argument("--user", default=getpass.getuser())
    for name, text in (("lock", "锁定（审核定稿）一个月份"), ("unlock", "解除月份锁定")):
        lock = sub.add_parser(name, help=text)
        lock.add_argument("--period", required=True, help="如 2026-05")
        lock.add_argument("--user", default=getpass.getuser())
    demo_cmd = sub.add_parser("demo", help="清除示例数据（首次导入真实数据时也会自动清除）")
    demo_cmd.add_argument("--clear", action="store_true", required=True, help="清除全部示例数据")
    demo_cmd.add_argument("--user", default=getpass.getuser(), help="操作人（记入操作日志）")
    alias = sub.add_parser("alias", help="名称别名：让月报中的某种写法对应方案中的指标")
    alias_commands = alias.add_subparsers(dest="alias_command", required=True, parser_class=ChineseParser,
                                          metavar="add|list")
    alias_add = alias_commands.add_parser("add", help="添加别名，如 alias add 招商新签约项目 A2-08")
    alias_add.add_argument("name", metavar="写法", help="文件中的写法")
    alias_add.add_argument("code", metavar="指标编码", help="指标编码，如 A2-08")
    alias_add.add_argument("--user", default=getpass.getuser(), help="操作人（记入操作日志）")
    alias_commands.add_parser("list", help="列出全部别名")
    _add_user_commands(sub)
    supervise.add_commands(sub, ChineseParser)
    return parser


def _add_user_commands(sub) -> None:
    users = sub.add_parser("user", help="账户管理：添加、改角色、停用、启用、重置密码、列出")
    commands = users.add_subparsers(dest="user_command", required=True, parser_class=ChineseParser,
                                   metavar="add|role|list|disable|enable|reset|departments")
    add = commands.add_parser("add", help="添加账户（默认生成随机密码并只显示这一次）")
    add.add_argument("name", metavar="用户名", help="用户名")
    add.add_argument("--role", required=True, choices=accounts.ROLES,
                     help="viewer 浏览、uploader 上报、supervisor 督查、admin 管理员")
    add.add_argument("--department", help="所属部门（上报账户必填），如 市发改局")
    add.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码，而不是随机生成")
    role = commands.add_parser("role", help="改角色（与部门）")
    role.add_argument("name", metavar="用户名", help="用户名")
    role.add_argument("--role", required=True, choices=accounts.ROLES,
                      help="viewer 浏览、uploader 上报、supervisor 督查、admin 管理员")
    role.add_argument("--department", help="所属部门（改为上报账户时必填，已有部门可不填）")
    for name, text in (("disable", "停用账户"), ("enable", "重新启用账户"), ("reset", "重置密码（同时解除锁定）")):
        command = commands.add_parser(name, help=text)
        command.add_argument("name", metavar="用户名", help="用户名")
    for command in (add, role, *(commands.choices[n] for n in ("disable", "enable", "reset"))):
        command.add_argument("--user", required=True, help="操作人姓名（记入操作日志）")
    commands.add_parser("list", help="列出全部账户")
    commands.add_parser("departments", help="列出上报账户可选的部门（指标目录中的牵头单位）")


LOCK_WAIT_SECONDS = 60


def open_store(db: str | None, must_exist: bool):
    """The store, waiting (and saying so) while the dashboard or another command holds the file."""
    path = Path(db) if db else settings.get().db_path
    if must_exist and not path.exists():
        raise CommandError(f"数据库 {path} 不存在，请先运行 python -m indicators init")
    started, waited = time.monotonic(), []
    con = store.connect(path, wait=LOCK_WAIT_SECONDS, on_wait=lambda: waited.append(_say_waiting()), writer=True,
                        opened=opening.take(path))
    if waited:
        print(f"数据库已释放，共等待 {time.monotonic() - started:.1f} 秒", file=sys.stderr, flush=True)
    return con, path


def _say_waiting() -> None:
    print(f"数据库正被看板或其他命令使用，等待其释放（最多 {LOCK_WAIT_SECONDS} 秒）……", file=sys.stderr, flush=True)


def cmd_init(args) -> str:
    con, path = open_store(args.db, must_exist=False)
    cur = con.cursor()
    year = settings.get().year
    password = startup.prepare(cur, reload_catalog=True)  # init refreshes the catalog of an existing store
    message = f"已创建数据库 {path}，载入指标 {len(store.indicators_with_targets(cur, year))} 项"
    if args.demo:
        message += "；" + _load_demo(cur)
    if password:
        message += f"\n已创建管理员账户 admin，初始密码（只显示这一次）：{password}"
    return message


def _load_demo(cur) -> str:
    if store.demo_retired(cur):
        return "已有真实上报数据或示例数据已清除，不再载入示例数据"
    if store.shows_demo(cur, settings.get().year):
        return "示例数据已存在，未重复载入"
    count = demo.load(cur, store.indicators_with_targets(cur, settings.get().year), settings.get().demo_seed)
    return f"载入示例数据 {count} 条（示例数据，非真实统计数据）"


def cmd_report(args) -> str:
    year, month = parse_period(args.period)
    cur = _loaded_store(args)
    frame = report.report_frame(cur, year, month)
    if frame["target"].isna().all():
        raise CommandError(f"{year}年没有年度目标，目前只有 {settings.get().year} 年的目标")
    is_demo = store.shows_demo(cur, year)
    if args.format == "csv":
        if is_demo:
            print("注意：输出含示例数据，非真实统计数据", file=sys.stderr)
        return frame.to_csv(index=False).rstrip("\n")
    return _table(frame, year, month, is_demo)


REPORT_HEADERS = headers(["code", "area", "name", "unit", "target", "actual", "completion", "time_progress", "status"])
REPORT_NUMBERS = {"target", "actual", "completion", "time_progress"}


def _table(frame, year, month, is_demo) -> str:
    """The report as people read it: Chinese headers, numbers as the plan writes them, shares in per cent."""
    def written(column):
        return [numbers.number(v, u) if pd.notna(v) else "" for v, u in zip(frame[column], frame["unit"])]

    def share(column):
        return [numbers.percent(v, 0) if pd.notna(v) else "" for v in frame[column]]

    shown = frame.assign(status=[status_label(s, r) for s, r in zip(frame["status"], frame["reason"])],
                         actual=written("actual"), target=written("target"), completion=share("completion"),
                         time_progress=share("time_progress"))
    head = f"{periods.period_label(year, month)} 指标进度" + ("（示例数据）" if is_demo else "")
    cells = [["" if pd.isna(v) else str(v) for v in row] for row in shown[list(REPORT_HEADERS)].itertuples(index=False)]
    numeric = {i for i, column in enumerate(REPORT_HEADERS) if column in REPORT_NUMBERS}
    return head + "\n" + plain_table.aligned(list(REPORT_HEADERS.values()), cells, right=numeric)


def cmd_build_catalog(args) -> str:
    if args.check:
        failures = [f"{Path(f).name}: {m}" for f in args.check for m in catalog.check_file(Path(f))]
        if failures:
            raise catalog.CatalogError(failures)
        return f"检查通过：{'、'.join(Path(f).name for f in args.check)}"
    frame = catalog.build_frame()
    missing = catalog.missing_phrases(frame, catalog.PLAN_TEXT.read_text(encoding="utf-8"))
    if missing:
        raise CommandError("以下原文摘录在方案中找不到：" + "；".join(f"{c}「{p}」" for c, p in missing))
    path = catalog.write_parquet(frame)
    return f"已写入 {path.relative_to(catalog.ROOT)}：{len(frame)} 项指标，冲突 {(frame.conflict != '').sum()} 处"


def _loaded_store(args):
    con, _ = open_store(args.db, must_exist=True)
    cur = con.cursor()
    if not store.is_loaded(cur):
        raise CommandError("数据库中没有指标目录，请先运行 python -m indicators init")
    return cur


def cmd_import(args) -> str:
    from indicators import upload  # the file readers: only the commands that read or change uploads wait for them
    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"找不到文件 {path}")
    cur = _loaded_store(args)
    prepared = upload.prepare(cur, path.read_bytes(), path.name, parse_period(args.period) if args.period else None)
    if prepared.errors:
        raise ImportRefused(prepared)
    lines = _import_summary(prepared)
    if prepared.unneeded:
        return "\n".join(lines + [prepared.unneeded])
    if args.dry_run:
        return "\n".join(lines + ["（试运行：未写入数据库）"])
    upload_id = upload.land(cur, prepared, args.user, confirmed=True)
    return "\n".join(lines + [upload.landed_message(prepared, upload_id)])


def _import_summary(prepared) -> list[str]:
    from indicators import upload  # the file readers: only the commands that read or change uploads wait for them
    table = upload.preview_table(prepared)
    changed = table[table["变化"] != "未变"] if len(table) else table
    with pd.option_context("display.unicode.east_asian_width", True, "display.width", 200):
        shown = [changed.to_string(index=False)] if len(changed) else []
    return [upload.summary(prepared)] + shown + [p.format_message() for p in prepared.warnings]


class ImportRefused(CommandError):
    """Raised when a file has errors; every error is printed and nothing is written."""
    exit_code = 2

    def __init__(self, prepared):
        super().__init__(f"{prepared.filename} 未导入，共 {len(prepared.errors)} 处错误，数据库未做任何更改")
        self.prepared = prepared

    def format_message(self) -> str:
        return "\n".join([str(self.args[0])] + [p.format_message() for p in self.prepared.errors])


def cmd_template(args) -> str:
    from outputs import template  # openpyxl: only the template command waits for it
    cur = _loaded_store(args)
    year = settings.get().year
    rows = store.indicators_with_targets(cur, year)
    if args.targets:
        content = template.targets_template(rows, store.baselines(cur, year - 1), store.target_paths(cur, year), year)
    else:
        _, month = parse_period(args.period) if args.period else (year, store.latest_month(cur, year) or 1)
        if args.department and args.department not in catalog.lead_units(rows):
            raise CommandError(f"没有牵头单位 {args.department!r} 的指标")
        content = template.indicator_template(rows, year, month, area=args.area, department=args.department)
    Path(args.out).write_bytes(content)
    return f"已生成 {args.out}"


EXPORT_SUFFIXES = (".pptx", ".xlsx", ".png", ".svg")


def cmd_export(args) -> str:
    out = Path(args.out)
    documents = supervise.export_formats(args)  # 督办 documents and the 调度通报 have formats of their own
    allowed = documents or dict.fromkeys(EXPORT_SUFFIXES, "")
    if out.suffix.lower() not in allowed:
        formats = "、".join(suffix + (f"（{what}）" if what else "") for suffix, what in allowed.items())
        raise UsageError(f"不支持的导出格式 {out.suffix or '（无扩展名）'}：请用 {formats}")
    year, month = parse_period(args.period)
    cur = _loaded_store(args)
    if documents:
        content, note = supervise.export_content(cur, (year, month), args, out.suffix.lower()), None
    else:
        content, note = _export_content(cur, year, month, args, out.suffix.lower())
    out.write_bytes(content)
    return f"已导出 {out}" + (f"（{note}）" if note else "")


def _export_content(cur, year, month, args, suffix) -> tuple[bytes, str | None]:
    from outputs import reports  # plotly, python-pptx and openpyxl: only the export command waits for them
    if suffix == ".pptx" and args.lagging:
        return reports.briefing(cur, year, month, group_by=args.by), None
    if suffix == ".pptx":
        return reports.area_deck(cur, year, month, args.area)
    if suffix == ".xlsx":
        return reports.excel(cur, year, month, args.area, lagging=args.lagging), None
    return reports.chart(cur, year, month, args.area, suffix[1:]), None


def cmd_backup(args) -> str:
    target = Path(args.directory)
    if target.exists() and any(target.iterdir()):
        raise CommandError(f"备份目录 {target} 已存在且不为空，请换一个新目录")
    cur = _loaded_store(args)
    store.backup(cur, target)
    counts = store.table_counts(cur)
    return f"已备份到 {target}：{len(counts)} 张表，观测值 {counts.get('observations', 0)} 条"


def cmd_restore(args) -> str:
    source = Path(args.directory)
    if not (source / "schema.sql").exists():
        raise CommandError(f"{source} 不是八好看板的备份目录（缺少 schema.sql）")
    path = Path(args.db) if args.db else settings.get().db_path
    kept = ""
    if path.exists():
        if not args.replace:
            raise CommandError(f"数据库 {path} 已存在；如确需用备份替换，请加 --replace（原文件会改名保留）")
        kept_path = path.with_name(f"{path.name}.before-restore-{datetime.now():%Y%m%d%H%M%S}")
        path.rename(kept_path)
        kept = f"；原数据库已改名保留为 {kept_path}"
    store.restore(path, source)
    return f"已由 {source} 恢复数据库 {path}{kept}"


def cmd_rollback(args) -> str:
    from indicators import upload  # the file readers: only the commands that read or change uploads wait for them
    cur = _loaded_store(args)
    if args.upload_id not in set(store.uploads(cur, limit=100_000)["id"]):
        raise CommandError(f"没有编号为 {args.upload_id} 的上传")
    return upload.roll_back(cur, args.upload_id, args.user)


def cmd_demo(args) -> str:
    cur = _loaded_store(args)
    removed = store.clear_demo(cur, args.user)
    return f"已清除示例数据 {removed} 项，看板只显示真实上报的数据" if removed else "没有示例数据，无需清除"


def cmd_alias(args) -> str:
    from indicators import upload  # the file readers: only the commands that read or change uploads wait for them
    cur = _loaded_store(args)
    if args.alias_command == "list":
        found = store.aliases(cur)
        if found.empty:
            return "还没有任何别名"
        return "\n".join(f"{r.written_name} → {r.code}（{r.created_by}，{r.created_at:%Y-%m-%d}）"
                         for r in found.itertuples())
    code = upload.save_alias(cur, args.name, args.code, args.user)
    return f"已添加别名：“{args.name}”今后对应 {code}"


def cmd_lock(args) -> str:
    year, month = parse_period(args.period)
    cur = _loaded_store(args)
    store.lock_month(cur, year, month, args.user)
    return f"{periods.period_label(year, month)} 已锁定（审核定稿）"


def cmd_unlock(args) -> str:
    year, month = parse_period(args.period)
    cur = _loaded_store(args)
    store.unlock_month(cur, year, month, args.user)
    return f"{periods.period_label(year, month)} 已解除锁定"


def cmd_user(args) -> str:
    con, _ = open_store(args.db, must_exist=True)
    return users.run(con.cursor(), args)


def cmd_supervise(args) -> str:
    period = parse_period(args.period) if getattr(args, "period", None) else None
    cur = _loaded_store(args)
    if args.supervise_command == "open":
        return supervise.open_period(cur, period, args.user)
    if args.supervise_command == "close":
        return supervise.close_period(cur, period)
    return supervise.listed(cur, args.status, args.format == "csv")


COMMANDS = {"init": cmd_init, "report": cmd_report, "build-catalog": cmd_build_catalog, "import": cmd_import,
            "template": cmd_template, "export": cmd_export, "backup": cmd_backup, "restore": cmd_restore,
            "rollback": cmd_rollback, "lock": cmd_lock, "unlock": cmd_unlock,
            "user": cmd_user, "demo": cmd_demo, "alias": cmd_alias, "supervise": cmd_supervise}


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        print(COMMANDS[args.command](args))
        return 0
    except UserError as exc:  # the one place the command line turns an error into its sentence
        print(f"错误：{exc.format_message()}", file=sys.stderr)
        return exc.exit_code
