"""`python -m indicators supervise …`: open 督办 for a period's lagging indicators, list them, and close
those whose indicator is 正常 again. commands/cli.py parses the command line and opens the store."""
from __future__ import annotations

import getpass
from datetime import date

import pandas as pd

from commands import plain_table
from common.columns import headers
from common.periods import period_label
from indicators import store, supervision
from indicators.accounts import User

LIST_HEADERS = headers(["code", "name", "lead_department", "status"], status="状态")
SHOWN = {"id": "编号", **LIST_HEADERS, "period": "期间", "deadline": "答复期限", "opened_by": "督办人",
         "answered_at": "答复时间"}
SHOWN = {c: SHOWN[c] for c in supervision.LIST_COLUMNS}


def add_commands(sub, parser_class) -> None:
    """The `supervise` command and its subcommands, on the main parser's subparsers `sub`."""
    command = sub.add_parser("supervise", help="督办：为滞后指标开启督办、列出督办台账、恢复正常的自动办结")
    commands = command.add_subparsers(dest="supervise_command", required=True, parser_class=parser_class,
                                      metavar="open|list|close")
    opening = commands.add_parser("open", help="为该期间每个尚无未办结督办的滞后指标开启督办，发给牵头单位")
    opening.add_argument("--period", required=True, help="期间，如 2026-05")
    opening.add_argument("--user", default=getpass.getuser(),
                         help="督办人（默认当前系统用户；若是看板账户，须为督查或管理员）")
    listing = commands.add_parser("list", help="列出督办台账")
    listing.add_argument("--status", choices=list(supervision.STATUSES),
                         help="只列一种状态：open 待答复、overdue 逾期、answered 已答复、closed 已办结")
    listing.add_argument("--format", choices=["csv", "table"], default="table", help="csv 或 table（默认，表格）")
    closing = commands.add_parser("close", help="该期间指标已恢复正常的督办自动办结（上传数据后会自动执行）")
    closing.add_argument("--period", required=True, help="期间，如 2026-06")


def operator(cur, name: str) -> User:
    """Who runs the command: the dashboard account of that name, with its role, if there is one; else the
    operator at the store's own machine, who may do what an administrator may (as for lock and import)."""
    row = store.get_user(cur, name.strip())
    if row is None:
        return User(name.strip(), "admin")
    return User(row["name"], row["role"], row["department"])


def open_period(cur, period: tuple[int, int], name: str) -> str:
    opened = supervision.open(cur, period, operator(cur, name))
    if not opened:
        return f"{period_label(*period)}没有需要开启的督办：滞后指标均已有未办结的督办"
    deadline = store.supervisions(cur)["deadline"].iloc[-1]
    return f"已开启督办 {opened} 项（{period_label(*period)}滞后指标），答复期限 {deadline:%Y-%m-%d}"


def close_period(cur, period: tuple[int, int]) -> str:
    closed = supervision.close_recovered(cur, *period)
    return f"{closed} 项督办的指标已于{period_label(*period)}恢复正常，已自动办结" if closed else \
        f"没有督办的指标在{period_label(*period)}恢复正常"


def listed(cur, status: str | None, as_csv: bool, today: date | None = None) -> str:
    """The 台账 as CSV (supervision.LIST_COLUMNS, status as its code) or as a table for people."""
    rows = supervision.table(cur, status, today)[supervision.LIST_COLUMNS]
    rows = rows.assign(deadline=[f"{d:%Y-%m-%d}" for d in rows["deadline"]],
                       answered_at=["" if pd.isna(a) else f"{a:%Y-%m-%d %H:%M}" for a in rows["answered_at"]])
    if as_csv:
        return rows.to_csv(index=False).rstrip("\n")
    if rows.empty:
        return "没有督办" if status is None else f"没有{supervision.STATUSES[status]}的督办"
    shown = rows.assign(status=rows["status"].map(supervision.STATUSES))
    cells = [[str(v) for v in row] for row in shown.itertuples(index=False)]
    return plain_table.aligned(list(SHOWN.values()), cells, right={0})


# the formats of `export --supervision` and `export --bulletin`, with what each writes
EXPORT_FORMATS = {"supervision": {".docx": "督办单", ".xlsx": "督办台账"},
                  "bulletin": {".docx": "调度通报", ".pptx": "调度通报幻灯片"}}


def export_formats(args) -> dict[str, str] | None:
    """{suffix: what it writes} when the export is a 督办 document or the 调度通报, else None."""
    return next((EXPORT_FORMATS[k] for k in EXPORT_FORMATS if getattr(args, k, False)), None)


def export_content(cur, period: tuple[int, int], args, suffix: str, today: date | None = None) -> bytes:
    """The 督办单 (.docx) or 台账 (.xlsx) of `period`, or its 调度通报 (.docx, .pptx), as of `today`."""
    from outputs import bulletin, supervision_docs  # python-docx, python-pptx, openpyxl: only export waits for them
    if args.supervision:
        if suffix == ".docx":
            return supervision_docs.orders_file(cur, period, today=today)
        return supervision_docs.ledger_excel(cur, period, today)
    content = supervision_docs.bulletin_for(cur, period, today)
    return bulletin.bulletin_docx(content) if suffix == ".docx" else bulletin.bulletin_pptx(content)
