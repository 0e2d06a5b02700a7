"""`python -m indicators user …`: accounts from the command line (add, role, disable, enable, reset, list,
departments). commands/cli.py opens the store and hands each subcommand its cursor."""
from __future__ import annotations

import sys
from datetime import datetime

import pandas as pd

from commands.parsing import CommandError
from indicators import accounts, store


def run(cur, args) -> str:
    """The subcommand args.user_command, on `cur`."""
    return COMMANDS[args.user_command](cur, args)


def _user_add(cur, args) -> str:
    password = _read_password() if args.password_stdin else None
    made = accounts.create_user(cur, args.name, args.role, args.department, password, by=args.user)
    department = f"，{args.department.strip()}" if args.department and args.department.strip() else ""
    line = f"已添加用户 {args.name.strip()}（{accounts.ROLE_LABELS[args.role]}{department}）"
    return line if args.password_stdin else f"{line}\n初始密码（只显示这一次）：{made}"


def _read_password() -> str:
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise CommandError("没有从标准输入读到密码")
    return password


def _user_role(cur, args) -> str:
    accounts.set_role(cur, args.name, args.role, args.department, by=args.user)
    department = store.get_user(cur, args.name)["department"]  # kept from before when none was given
    return f"用户 {args.name} 角色改为 {accounts.ROLE_LABELS[args.role]}" + (f"（{department}）" if department else "")


def _user_disable(cur, args) -> str:
    accounts.disable_user(cur, args.name, by=args.user)
    return f"已停用用户 {args.name}"


def _user_enable(cur, args) -> str:
    accounts.enable_user(cur, args.name, by=args.user)
    return f"已启用用户 {args.name}"


def _user_reset(cur, args) -> str:
    password = accounts.reset_password(cur, args.name, by=args.user)
    return f"已重置用户 {args.name} 的密码并解除锁定，新密码（只显示这一次）：{password}"


def _user_departments(cur, args) -> str:
    return "\n".join(accounts.departments(cur))


def _user_list(cur, args) -> str:
    users = store.list_users(cur)
    if users.empty:
        return "还没有任何账户"
    now = datetime.now()
    table = pd.DataFrame({
        "用户名": users["name"], "角色": users["role"].map(accounts.ROLE_LABELS),
        "部门": users["department"].fillna(""),
        "状态": [_user_status(r, now) for r in users.itertuples()]})
    with pd.option_context("display.unicode.east_asian_width", True):
        return table.to_string(index=False)


def _user_status(row, now: datetime) -> str:
    if row.disabled:
        return "已停用"
    if not pd.isna(row.locked_until) and row.locked_until > now:
        return f"锁定至 {row.locked_until:%H:%M}"
    return "正常"


COMMANDS = {"add": _user_add, "role": _user_role, "disable": _user_disable, "enable": _user_enable,
                 "reset": _user_reset, "list": _user_list, "departments": _user_departments}
