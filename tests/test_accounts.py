"""Accounts: hashing, sign-in and lockout, roles and the upload scope, the audit log, `python -m indicators user`."""
import io
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from conftest import YEAR, make_store
from commands import cli
from indicators import accounts, startup, store, upload
from indicators.accounts import AccountError, User

UPLOADS = Path(__file__).resolve().parent / "data" / "upload"
BUREAU_FILE = "bureau-1-5.xlsx"
NOW = datetime(2026, 6, 3, 9, 30)
PASSWORD = "correct-horse"


@pytest.fixture
def people():
    """A store with an admin, an uploader of 市发改局 and a disabled viewer, all with PASSWORD."""
    cur = make_store()
    accounts.create_user(cur, "管理员甲", "admin", password=PASSWORD)
    accounts.create_user(cur, "张三", "uploader", "市发改局", password=PASSWORD)
    accounts.create_user(cur, "李四", "viewer", password=PASSWORD)
    accounts.disable_user(cur, "李四")
    return cur


def message(call) -> str:
    with pytest.raises(AccountError) as caught:
        call()
    return caught.value.format_message()


def snapshot(cur):
    tables = ("uploads", "observations", "notes", "upload_files", "target_revisions", "target_path_revisions")
    return {t: cur.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in tables}


def actions(cur) -> list[tuple[str, str, str]]:
    """The audit log, oldest first: (user, action, detail)."""
    log = store.audit_log(cur).iloc[::-1]
    return list(zip(log["user_name"], log["action"], log["detail"]))


# ---- passwords ----------------------------------------------------------------------------------

def test_passwords_are_salted_hashes_never_the_password(cur):
    accounts.create_user(cur, "甲", "viewer", password=PASSWORD)
    accounts.create_user(cur, "乙", "viewer", password=PASSWORD)
    first, second = store.get_user(cur, "甲"), store.get_user(cur, "乙")
    assert len(first["salt"]) == 16 and first["salt"] != second["salt"]
    assert first["password_hash"] != second["password_hash"]
    assert PASSWORD.encode() not in first["password_hash"] and len(first["password_hash"]) == 32
    assert first["password_hash"] == accounts.hash_password(PASSWORD, first["salt"])
    assert {"salt", "password_hash"}.isdisjoint(store.list_users(cur).columns)


def test_a_generated_password_is_16_url_safe_characters_and_signs_in(cur):
    password = accounts.create_user(cur, "甲", "viewer")
    assert re.fullmatch(r"[A-Za-z0-9_-]{16}", password)
    assert accounts.authenticate(cur, "甲", password) == User("甲", "viewer", None, must_change=True)


@pytest.mark.parametrize("name,role,department,password,expected", [
    ("", "viewer", None, PASSWORD, "用户名不能为空"),
    ("   ", "viewer", None, PASSWORD, "用户名不能为空"),
    ("张三", "viewer", None, PASSWORD, "用户 '张三' 已存在"),
    ("王五", "boss", None, PASSWORD, "未知角色 'boss'，可选：浏览（viewer）、上报（uploader）、督查（supervisor）、管理员（admin）"),
    ("王五", "uploader", None, PASSWORD, "上报账户须指定所属部门，例如 市发改局"),
    ("王五", "uploader", "  ", PASSWORD, "上报账户须指定所属部门，例如 市发改局"),
    ("王五", "viewer", None, "1234567", "密码至少需要 8 个字符"),
])
def test_create_user_refusals(people, name, role, department, password, expected):
    before = store.user_count(people)
    assert message(lambda: accounts.create_user(people, name, role, department, password)) == expected
    assert store.user_count(people) == before


# ---- signing in ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name,password,expected", [
    ("张三", PASSWORD, User("张三", "uploader", "市发改局")),
    (" 张三 ", PASSWORD, User("张三", "uploader", "市发改局")),
    ("管理员甲", PASSWORD, User("管理员甲", "admin", None)),
    ("张三", "wrong-password", "用户名或密码错误"),
    ("张三", "", "用户名或密码错误"),
    ("无此人", PASSWORD, "用户名或密码错误"),
    ("李四", PASSWORD, "账户已停用，请联系管理员"),
    ("李四", "wrong-password", "用户名或密码错误"),
])
def test_authenticate(people, name, password, expected):
    if isinstance(expected, User):
        assert accounts.authenticate(people, name, password, now=NOW) == expected
    else:
        assert message(lambda: accounts.authenticate(people, name, password, now=NOW)) == expected


LOCKED = "登录失败次数过多，账户已锁定至 09:45，请稍后再试或联系管理员"


def test_five_failures_lock_the_account_for_fifteen_minutes(people):
    for attempt in range(4):
        assert message(lambda: accounts.authenticate(people, "张三", "nope", now=NOW)) == "用户名或密码错误"
    assert message(lambda: accounts.authenticate(people, "张三", "nope", now=NOW)) == LOCKED
    assert message(lambda: accounts.authenticate(people, "张三", PASSWORD, now=NOW + timedelta(minutes=14))) == LOCKED
    later = NOW + timedelta(minutes=15)
    assert accounts.authenticate(people, "张三", PASSWORD, now=later).name == "张三"
    row = store.get_user(people, "张三")
    assert (row["failed_logins"], row["locked_until"]) == (0, None)
    assert ("系统", "login_locked", "用户 张三 连续 5 次登录失败，锁定至 2026-06-03 09:45") in actions(people)


def test_after_a_lock_runs_out_the_count_starts_again(people):
    for _ in range(5):
        message(lambda: accounts.authenticate(people, "张三", "nope", now=NOW))
    later = NOW + timedelta(minutes=20)
    assert message(lambda: accounts.authenticate(people, "张三", "nope", now=later)) == "用户名或密码错误"
    assert store.get_user(people, "张三")["failed_logins"] == 1


def test_a_success_resets_the_count(people):
    for _ in range(4):
        message(lambda: accounts.authenticate(people, "张三", "nope", now=NOW))
    accounts.authenticate(people, "张三", PASSWORD, now=NOW)
    for _ in range(4):
        assert message(lambda: accounts.authenticate(people, "张三", "nope", now=NOW)) == "用户名或密码错误"


def test_reset_password_unlocks_and_only_the_new_password_works(people):
    for _ in range(5):
        message(lambda: accounts.authenticate(people, "张三", "nope", now=NOW))
    new = accounts.reset_password(people, "张三", by="管理员甲")
    assert new != PASSWORD and len(new) == 16
    assert accounts.authenticate(people, "张三", new, now=NOW).role == "uploader"
    assert message(lambda: accounts.authenticate(people, "张三", PASSWORD, now=NOW)) == "用户名或密码错误"
    assert actions(people)[-1] == ("管理员甲", "user_reset", "重置用户 张三 的密码")


def test_change_password_needs_the_old_one(people):
    assert message(lambda: accounts.change_password(people, "张三", "nope", "another-one")) == "用户名或密码错误"
    assert message(lambda: accounts.change_password(people, "张三", PASSWORD, "short")) == "密码至少需要 8 个字符"
    accounts.change_password(people, "张三", PASSWORD, "another-one")
    assert accounts.authenticate(people, "张三", "another-one").name == "张三"


def test_ensure_admin_only_on_an_empty_table(cur):
    password = accounts.ensure_admin(cur)
    assert accounts.authenticate(cur, "admin", password) == User("admin", "admin", None, must_change=True)
    assert accounts.ensure_admin(cur) is None
    other = make_store()
    accounts.create_user(other, "李四", "viewer", password=PASSWORD)
    assert accounts.ensure_admin(other) is None and store.user_count(other) == 1


def test_startup_loads_the_catalog_and_makes_admin_once():
    cur = store.connect(":memory:").cursor()
    password = startup.prepare(cur)
    assert store.is_loaded(cur) and accounts.authenticate(cur, "admin", password).role == "admin"
    before = store.indicators_with_targets(cur, YEAR)
    assert startup.prepare(cur) is None and startup.prepare(cur, reload_catalog=True) is None
    assert store.indicators_with_targets(cur, YEAR).equals(before) and store.user_count(cur) == 1


@pytest.mark.parametrize("call,expected", [
    (lambda c: accounts.disable_user(c, "管理员甲"), "不能停用最后一个管理员账户"),
    (lambda c: accounts.set_role(c, "管理员甲", "viewer"), "不能取消最后一个管理员的管理员角色"),
    (lambda c: accounts.disable_user(c, "无此人"), "没有用户 '无此人'"),
    (lambda c: accounts.reset_password(c, "无此人"), "没有用户 '无此人'"),
    (lambda c: accounts.set_role(c, "李四", "uploader"), "上报账户须指定所属部门，例如 市发改局"),
])
def test_account_changes_refused(people, call, expected):
    assert message(lambda: call(people)) == expected


def test_role_change_enable_and_their_audit(people):
    accounts.set_role(people, "李四", "uploader", "市工信局", by="管理员甲")
    accounts.enable_user(people, "李四", by="管理员甲")
    assert accounts.authenticate(people, "李四", PASSWORD) == User("李四", "uploader", "市工信局")
    assert actions(people)[-2:] == [("管理员甲", "user_role", "用户 李四 角色改为 上报（市工信局）"),
                                    ("管理员甲", "user_enable", "启用用户 李四")]


def test_user_writes_are_audited(cur):
    accounts.create_user(cur, "张三", "uploader", "市发改局", password=PASSWORD, by="管理员甲")
    accounts.disable_user(cur, "张三", by="管理员甲")
    assert actions(cur) == [("管理员甲", "user_add", "添加用户 张三（上报，市发改局）"),
                            ("管理员甲", "user_disable", "停用用户 张三")]


def test_the_audit_table_reads_in_chinese(cur):
    accounts.create_user(cur, "张三", "uploader", "市发改局", password=PASSWORD, by="管理员甲")
    store.lock_month(cur, 2026, 5, "管理员甲")
    table = accounts.audit_table(cur)
    assert list(table.columns) == ["序号", "时间", "操作人", "操作", "详情"]
    assert table["操作"].tolist() == ["审核定稿", "添加账户"]  # newest first
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", table["时间"].iloc[0])


def test_an_action_without_chinese_words_is_not_recorded(cur):
    with pytest.raises(ValueError, match="unknown audit action 'user_rename'"):
        store.audit(cur, "管理员甲", "user_rename", "改名")
    assert store.audit_log(cur).empty


# ---- what each role may do ------------------------------------------------------------------------

@pytest.mark.parametrize("user,lead,expected", [
    (User("a", "admin"), "市工信局", True),
    (User("a", "admin"), None, True),
    (User("s", "uploader", "市统计局"), "市工信局", True),
    (User("s", "uploader", "市统计局"), None, True),
    (User("u", "uploader", "市发改局"), "市发改局", True),
    (User("u", "uploader", "市发改局"), "市工信局", False),
    (User("u", "uploader", "市发改局"), None, False),
    (User("u", "uploader", "市财政局"), "市发改局、市财政局", True),   # joint leads: either may report
    (User("u", "uploader", "市财政局"), "市发改局、市国资服务中心", False),
    (User("u", "uploader", "市财"), "市财政局", False),
    (User("v", "viewer", "市发改局"), "市发改局", False),
    (User("v", "viewer", "市统计局"), "市工信局", False),
    (User("d", "supervisor", "市统计局"), "市工信局", False),  # the 督查室 checks figures, never reports them
    (User("d", "supervisor", "市发改局"), "市发改局", False),
    (None, "市发改局", False),
])
def test_may_upload(user, lead, expected):
    assert accounts.may_upload(user, lead) is expected


@pytest.mark.parametrize("user,upload_page,admin_page", [
    (User("a", "admin"), True, True),
    (User("u", "uploader", "市发改局"), True, False),
    (User("v", "viewer"), False, False),
    (User("d", "supervisor"), False, False),
    (None, False, False),
])
def test_pages_by_role(user, upload_page, admin_page):
    assert (accounts.may_upload_anything(user), accounts.may_admin(user)) == (upload_page, admin_page)


# ---- the department scope of an upload --------------------------------------------------------------

def prepare_bureau(cur, user):
    return upload.prepare(cur, (UPLOADS / BUREAU_FILE).read_bytes(), BUREAU_FILE, user=user)


def test_an_uploader_may_not_upload_another_departments_indicators():
    cur = make_store()
    before = snapshot(cur)
    prepared = prepare_bureau(cur, User("张三", "uploader", "市发改局"))
    assert [(p.file, p.sheet, p.row, p.column, p.value, p.indicator, p.message) for p in prepared.errors] == [
        (BUREAU_FILE, "主要指标", 3, "D", "6.1", "A3-05 规模工业增加值增速", "该指标由市工信局牵头，市发改局无权上报"),
        (BUREAU_FILE, "主要指标", 8, "C", "1.6", "A4-03 进出口总额", "该指标由市商务粮食局牵头，市发改局无权上报"),
    ]
    with pytest.raises(upload.UploadRefused):
        upload.land(cur, prepared, "张三", confirmed=True)
    assert snapshot(cur) == before and store.audit_log(cur).empty


@pytest.mark.parametrize("user", [User("统计员", "uploader", "市统计局"), User("管理员甲", "admin"), None],
                         ids=["statistics-bureau", "admin", "no-user"])
def test_the_statistics_bureau_and_admins_may_upload_everything(user):
    cur = make_store()
    prepared = prepare_bureau(cur, user)
    assert prepared.errors == [] and len(prepared.preview) == 5
    upload_id = upload.land(cur, prepared, "统计员", confirmed=True)
    assert actions(cur) == [("统计员", "upload", f"文件 {BUREAU_FILE}，上传编号 {upload_id}，新增 5 更正 0")]


@pytest.mark.parametrize("role,message", [("viewer", "浏览账户不能上报数据"), ("supervisor", "督查账户不能上报数据")])
def test_a_viewer_gets_one_error_and_nothing_is_written(role, message):
    cur = make_store()
    prepared = prepare_bureau(cur, User("李四", role, "市统计局"))
    assert [(p.file, p.message) for p in prepared.errors] == [(BUREAU_FILE, message)]
    with pytest.raises(upload.UploadRefused):
        upload.land(cur, prepared, "李四", confirmed=True)
    assert snapshot(cur)["uploads"] == 0


# ---- python -m indicators user ... ------------------------------------------------------------------

@pytest.fixture
def db(tmp_path, capsys):
    path = str(tmp_path / "accounts.duckdb")
    cli.main(["--db", path, "init"])
    capsys.readouterr()
    return path


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def cursor(db):
    return store.connect(db).cursor()


def test_init_creates_the_admin_once_and_prints_its_password(capsys, tmp_path):
    path = str(tmp_path / "fresh.duckdb")
    _, out, _ = run(capsys, "--db", path, "init")
    password = out.splitlines()[-1].split("：")[-1]
    assert out.splitlines()[-1].startswith("已创建管理员账户 admin，初始密码（只显示这一次）：")
    assert accounts.authenticate(cursor(path), "admin", password).role == "admin"
    _, again, _ = run(capsys, "--db", path, "init")
    assert "管理员" not in again


def test_user_add_prints_the_password_once_and_list_shows_the_user(capsys, db):
    code, out, err = run(capsys, "--db", db, "user", "add", "张三", "--role", "uploader", "--department", "市发改局",
                         "--user", "管理员甲")
    first, second = out.splitlines()
    assert (code, err, first) == (0, "", "已添加用户 张三（上报，市发改局）")
    password = second.removeprefix("初始密码（只显示这一次）：")
    assert accounts.authenticate(cursor(db), "张三", password) == User("张三", "uploader", "市发改局", must_change=True)
    assert actions(cursor(db))[-1] == ("管理员甲", "user_add", "添加用户 张三（上报，市发改局）")
    code, out, _ = run(capsys, "--db", db, "user", "list")
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == ["用户名", "角色", "部门", "状态"]
    assert sorted(line.split() for line in lines[1:]) == [["admin", "管理员", "正常"], ["张三", "上报", "市发改局", "正常"]]


def test_user_add_password_stdin_prints_no_password(capsys, db, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("my-own-secret\n"))
    code, out, _ = run(capsys, "--db", db, "user", "add", "李四", "--role", "viewer", "--password-stdin",
                       "--user", "管理员甲")
    assert (code, out) == (0, "已添加用户 李四（浏览）\n")
    assert accounts.authenticate(cursor(db), "李四", "my-own-secret").role == "viewer"


def test_user_disable_then_reset(capsys, db, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD))
    run(capsys, "--db", db, "user", "add", "李四", "--role", "viewer", "--password-stdin", "--user", "管理员甲")
    assert run(capsys, "--db", db, "user", "disable", "李四", "--user", "管理员甲") == (0, "已停用用户 李四\n", "")
    assert message(lambda: accounts.authenticate(cursor(db), "李四", PASSWORD)) == "账户已停用，请联系管理员"
    assert "已停用" in run(capsys, "--db", db, "user", "list")[1]
    code, out, _ = run(capsys, "--db", db, "user", "reset", "李四", "--user", "管理员甲")
    assert code == 0 and out.startswith("已重置用户 李四 的密码并解除锁定，新密码（只显示这一次）：")
    new = out.strip().split("：")[-1]
    assert store.get_user(cursor(db), "李四")["password_hash"] == accounts.hash_password(
        new, store.get_user(cursor(db), "李四")["salt"])


def test_user_role_changes_role_and_department(capsys, db, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD))
    run(capsys, "--db", db, "user", "add", "李四", "--role", "viewer", "--password-stdin", "--user", "管理员甲")
    assert run(capsys, "--db", db, "user", "role", "李四", "--role", "uploader", "--department", "市工信局",
               "--user", "管理员甲") == (0, "用户 李四 角色改为 上报（市工信局）\n", "")
    assert accounts.authenticate(cursor(db), "李四", PASSWORD) == User("李四", "uploader", "市工信局")
    assert actions(cursor(db))[-1] == ("管理员甲", "user_role", "用户 李四 角色改为 上报（市工信局）")


@pytest.mark.parametrize("argv,stdin,exit_code,expected", [
    (["user", "add", "王五", "--role", "uploader", "--user", "甲"], "", 1, "错误：上报账户须指定所属部门，例如 市发改局"),
    (["user", "add", "王五", "--role", "uploader", "--department", "市卫健委", "--user", "甲"], "", 1,
     "错误：部门 '市卫健委' 不是指标目录中的牵头单位，是否为：市卫健局"),
    (["user", "add", "admin", "--role", "viewer", "--user", "甲"], "", 1, "错误：用户 'admin' 已存在"),
    (["user", "add", "王五", "--role", "viewer", "--password-stdin", "--user", "甲"], "short\n", 1,
     "错误：密码至少需要 8 个字符"),
    (["user", "add", "王五", "--role", "viewer", "--password-stdin", "--user", "甲"], "", 1,
     "错误：没有从标准输入读到密码"),
    (["user", "disable", "无此人", "--user", "甲"], "", 1, "错误：没有用户 '无此人'"),
    (["user", "reset", "无此人", "--user", "甲"], "", 1, "错误：没有用户 '无此人'"),
    (["user", "disable", "admin", "--user", "甲"], "", 1, "错误：不能停用最后一个管理员账户"),
    (["user", "role", "admin", "--role", "viewer", "--user", "甲"], "", 1, "错误：不能取消最后一个管理员的管理员角色"),
    (["user", "role", "admin", "--role", "uploader", "--user", "甲"], "", 1,
     "错误：上报账户须指定所属部门，例如 市发改局"),
    (["user", "add", "王五", "--role", "viewer"], "", 2, "错误：命令参数有误：缺少必填参数: --user"),
    (["user", "add", "王五", "--role", "boss"], "", 2, "错误：命令参数有误：参数 --role: 取值无效"),
    (["user", "add", "王五"], "", 2, "错误：命令参数有误：缺少必填参数: --role"),
    (["user"], "", 2, "错误：命令参数有误：缺少必填参数"),
])
def test_user_command_errors_are_one_chinese_line(capsys, db, monkeypatch, argv, stdin, exit_code, expected):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code, out, err = run(capsys, "--db", db, *argv)
    assert (code, out) == (exit_code, "")
    assert err.startswith(expected) and len(err.strip().splitlines()) == 1


def test_cli_writes_are_audited_with_their_user(capsys, db):
    run(capsys, "--db", db, "import", str(UPLOADS / BUREAU_FILE), "--user", "统计员")
    run(capsys, "--db", db, "rollback", "1", "--user", "管理员甲")
    run(capsys, "--db", db, "lock", "--period", "2026-05", "--user", "管理员甲")
    run(capsys, "--db", db, "unlock", "--period", "2026-05", "--user", "管理员乙")
    assert actions(cursor(db))[1:] == [
        ("统计员", "upload", f"文件 {BUREAU_FILE}，上传编号 1，新增 5 更正 0"),
        ("管理员甲", "rollback", "回退第1号上传，恢复 5 项，保持 0 项"),
        ("管理员甲", "lock", "2026年1-5月"),
        ("管理员乙", "unlock", "2026年1-5月"),
    ]


# ---- sign-in sessions ------------------------------------------------------------------------------

def test_the_store_keeps_only_a_hash_of_the_token(people):
    token = accounts.start_session(people, User("张三", "uploader", "市发改局"), now=NOW)
    stored = people.execute("SELECT token_hash FROM sessions").fetchall()
    assert len(token) >= 40 and stored and token not in str(stored)


@pytest.mark.parametrize("later,signed_in", [
    (timedelta(hours=7, minutes=59), True), (timedelta(hours=8, minutes=1), False),
])
def test_a_working_day_idle_ends_the_sign_in(people, later, signed_in):
    token = accounts.start_session(people, User("张三", "uploader", "市发改局"), now=NOW)
    assert (accounts.session_user(people, token, now=NOW + later) is not None) is signed_in


def test_a_sign_in_lasts_at_most_seven_days_however_busy(people):
    token = accounts.start_session(people, User("张三", "uploader", "市发改局"), now=NOW)
    for hours in range(6, 7 * 24, 6):  # a click every six hours keeps it from idling out
        assert accounts.session_user(people, token, now=NOW + timedelta(hours=hours)) is not None
    assert accounts.session_user(people, token, now=NOW + timedelta(days=7, hours=1)) is None


@pytest.mark.parametrize("change", [
    lambda cur: accounts.disable_user(cur, "张三", by="管理员甲"),
    lambda cur: accounts.reset_password(cur, "张三", by="管理员甲"),
    lambda cur: accounts.end_session(cur, TOKEN["value"]),
], ids=["disabled", "password-reset", "signed-out"])
def test_a_sign_in_ends_when_the_account_is_disabled_reset_or_signed_out(people, change):
    TOKEN["value"] = accounts.start_session(people, User("张三", "uploader", "市发改局"))
    assert accounts.session_user(people, TOKEN["value"]) == User("张三", "uploader", "市发改局")
    change(people)
    assert accounts.session_user(people, TOKEN["value"]) is None


TOKEN = {"value": None}


def test_a_role_change_counts_from_the_next_page_run(people):
    token = accounts.start_session(people, User("张三", "uploader", "市发改局"))
    accounts.set_role(people, "张三", "viewer", by="管理员甲")
    assert accounts.session_user(people, token).role == "viewer"


@pytest.mark.parametrize("token", [None, "", "forged-token", "x" * 43])
def test_no_or_unknown_token_signs_in_nobody(people, token):
    assert accounts.session_user(people, token) is None


def test_an_uploaders_department_must_be_a_unit_of_the_catalog(cur):
    assert "市卫健局" in accounts.departments(cur) and "市统计局" in accounts.departments(cur)
    with pytest.raises(AccountError, match="不是指标目录中的牵头单位，是否为：市卫健局"):
        accounts.create_user(cur, "周医生", "uploader", "市卫健委", password=PASSWORD)
