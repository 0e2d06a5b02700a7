"""督办 and 核验 (issue 15): opening for a period's lagging indicators, the unit's answer, 逾期 as time
passes, the 督查室's acceptance, the close on recovery, role scopes, the audit log and the command line."""
import csv
import io
from datetime import date

import duckdb
import pytest

from commands import cli
from conftest import make_store
from indicators import accounts, report, store, supervision, upload, verification
from indicators.accounts import User
from indicators.progress import RED
from indicators.supervision import SupervisionError
from indicators.verification import VerificationError
from test_upload import filled_template

PERIOD = (2026, 5)
OPENED_ON = date(2026, 6, 5)  # a Friday: the answer is due the Friday after
DEADLINE = date(2026, 6, 12)
SUPERVISOR = User("督查甲", "supervisor")
ADMIN = User("管理员甲", "admin")
NDRC = User("发改甲", "uploader", "市发改局")  # leads A5-14 新增5G基站
CIVIL = User("民政甲", "uploader", "市民政局")


@pytest.fixture
def demo():
    return make_store(with_demo=True)


@pytest.fixture
def opened(demo):
    supervision.open(demo, PERIOD, SUPERVISOR, today=OPENED_ON)
    return demo


def lagging(cur) -> set[str]:
    table = report.status_table(cur, *PERIOD)
    return set(table.loc[table["status"] == RED, "code"])


def of(cur, code: str) -> dict:
    """The 督办 of `code` as the 台账 shows it on the day it was opened."""
    rows = supervision.table(cur, today=OPENED_ON)
    return rows[rows["code"] == code].iloc[0].to_dict()


def actions(cur) -> list[tuple[str, str]]:
    log = store.audit_log(cur).iloc[::-1]
    return list(zip(log["action"], log["detail"]))


# ---- pure rules ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("day,deadline", [
    (date(2026, 6, 1), date(2026, 6, 8)),    # Monday -> next Monday
    (date(2026, 6, 5), date(2026, 6, 12)),   # Friday -> next Friday
    (date(2026, 6, 6), date(2026, 6, 12)),   # Saturday: Monday is the first working day
    (date(2026, 6, 7), date(2026, 6, 12)),   # Sunday
    (date(2026, 6, 3), date(2026, 6, 10)),   # Wednesday over a weekend
])
def test_the_reply_is_due_five_working_days_later(day, deadline):
    assert supervision.working_days_after(day, supervision.REPLY_WORKING_DAYS) == deadline


@pytest.mark.parametrize("answered,closed,today,expected", [
    (None, None, DEADLINE, "open"),
    (None, None, date(2026, 6, 13), "overdue"),
    ("2026-06-20", None, date(2026, 6, 30), "answered"),  # a late answer is still an answer
    ("2026-06-10", "2026-06-11", date(2026, 6, 30), "closed"),
    (None, "2026-06-11", date(2026, 6, 30), "closed"),     # closed on recovery, never answered
])
def test_status_is_read_from_the_record_and_the_day(answered, closed, today, expected):
    assert supervision.status_of(answered, closed, DEADLINE, today) == expected


# ---- opening -----------------------------------------------------------------------------------------

def test_opening_a_period_makes_one_per_lagging_indicator_and_a_second_run_none(demo):
    red = lagging(demo)
    assert len(red) > 5 and set(supervision.reminders(demo, *PERIOD)["code"]) == red
    assert supervision.open(demo, PERIOD, SUPERVISOR, today=OPENED_ON) == len(red)
    rows = supervision.table(demo, today=OPENED_ON)
    assert sorted(rows["code"]) == sorted(red)
    assert set(rows["status"]) == {"open"} and set(rows["deadline"]) == {DEADLINE}
    assert set(rows["period"]) == {"2026-05"} and set(rows["opened_by"]) == {"督查甲"}
    assert supervision.reminders(demo, *PERIOD).empty
    assert supervision.open(demo, PERIOD, SUPERVISOR, today=OPENED_ON) == 0


def test_the_request_names_the_indicator_target_actual_and_pace(opened):
    row = of(opened, "A5-14")
    assert row["lead_department"] == "市发改局"
    text = row["request"]
    for part in ("2026年1-5月", "A5-14 新增5G基站滞后", "目标 100个", "实际 ", "序时进度 ", "请市发改局于 2026年6月12日前"):
        assert part in text, (part, text)


def test_a_joint_lead_is_sent_to_both_units(opened):
    assert of(opened, "A8-53")["lead_department"] == "市商务粮食局、市发改局"


def test_only_the_given_codes_are_opened_and_a_code_not_lagging_is_refused(demo):
    assert supervision.open(demo, PERIOD, SUPERVISOR, codes=["A5-14"], today=OPENED_ON) == 1
    assert list(supervision.table(demo)["code"]) == ["A5-14"]
    with pytest.raises(SupervisionError, match="A1-01 地区生产总值增速 在2026年1-5月不是滞后指标，不能开启督办"):
        supervision.open(demo, PERIOD, SUPERVISOR, codes=["A1-01"])
    with pytest.raises(SupervisionError, match="指标目录中没有编码 Z9-99"):
        supervision.open(demo, PERIOD, SUPERVISOR, codes=["Z9-99"])


@pytest.mark.parametrize("user,allowed", [
    (SUPERVISOR, True), (ADMIN, True), (User("李四", "viewer"), False), (NDRC, False), (None, False)])
def test_only_supervisors_and_admins_open(demo, user, allowed):
    if allowed:
        assert supervision.open(demo, PERIOD, user, today=OPENED_ON) == len(lagging(demo))
    else:
        with pytest.raises(SupervisionError, match="不能开启督办：只有督查账户或管理员可以"):
            supervision.open(demo, PERIOD, user)
        assert supervision.table(demo).empty


# ---- answering ---------------------------------------------------------------------------------------

def answer(cur, code, user, recovery=(2026, 8)):
    supervision.answer(cur, of(cur, code)["id"], user, "项目审批滞后", "倒排工期，每周调度", recovery)


@pytest.mark.parametrize("code,user", [
    ("A5-14", NDRC), ("A5-14", ADMIN),
    ("A8-53", NDRC), ("A8-53", User("商务甲", "uploader", "市商务粮食局")),  # either joint lead answers
])
def test_the_lead_units_uploader_or_an_admin_answers(opened, code, user):
    answer(opened, code, user)
    row = of(opened, code)
    assert (row["status"], row["answered_by"], row["reason"], row["measures"]) == \
           ("answered", user.name, "项目审批滞后", "倒排工期，每周调度")
    assert (row["recovery_year"], row["recovery_month"]) == (2026, 8)


@pytest.mark.parametrize("user,who", [
    (CIVIL, "民政甲（市民政局）"),
    (User("统计甲", "uploader", "市统计局"), "统计甲（市统计局）"),  # reports every figure, answers for none
    (User("李四", "viewer", "市发改局"), "李四（市发改局）"),
    (SUPERVISOR, "督查甲（督查）"),
])
def test_another_unit_cannot_answer(opened, user, who):
    number = of(opened, "A5-14")["id"]
    with pytest.raises(SupervisionError) as refused:
        answer(opened, "A5-14", user)
    assert refused.value.format_message() == \
        f"督办 #{number}（A5-14 新增5G基站）发给市发改局，{who}不能答复：只有该单位的上报账户或管理员可以答复"
    assert of(opened, "A5-14")["status"] == "open"


@pytest.mark.parametrize("reason,measures,recovery,message", [
    ("", "倒排工期", (2026, 8), "请填写滞后原因"),
    ("  ", "倒排工期", (2026, 8), "请填写滞后原因"),
    ("审批慢", "", (2026, 8), "请填写整改措施"),
    ("审批慢", "倒排工期", (2026, 4), "预计恢复月份 2026年4月 有误，不能早于督办期间2026年1-5月"),
    ("审批慢", "倒排工期", (2026, 13), "预计恢复月份 2026年13月 有误"),
])
def test_an_incomplete_answer_is_refused(opened, reason, measures, recovery, message):
    with pytest.raises(SupervisionError, match=message):
        supervision.answer(opened, of(opened, "A5-14")["id"], NDRC, reason, measures, recovery)


def test_an_unknown_supervision_is_named(opened):
    with pytest.raises(SupervisionError, match="没有编号为 999 的督办"):
        supervision.answer(opened, 999, NDRC, "原因", "措施", (2026, 8))


# ---- overdue, accept, close on recovery --------------------------------------------------------------

def test_an_unanswered_supervision_is_overdue_the_day_after_its_deadline(opened):
    answer(opened, "A5-14", NDRC)
    on_time = supervision.table(opened, today=DEADLINE)
    late = supervision.table(opened, today=date(2026, 6, 13))
    assert set(on_time["status"]) == {"open", "answered"}
    assert set(late.loc[late["code"] != "A5-14", "status"]) == {"overdue"}
    assert late.loc[late["code"] == "A5-14", "status"].item() == "answered"
    assert list(supervision.table(opened, "overdue", today=date(2026, 6, 13))["code"]) == \
           sorted(lagging(opened) - {"A5-14"}, key=list(late["code"]).index)
    assert supervision.counts(opened, today=date(2026, 6, 13)) == \
        {"open": 0, "answered": 1, "overdue": len(late) - 1, "closed": 0}


def test_accepting_closes_an_answered_one_and_nothing_more_can_change(opened):
    answer(opened, "A5-14", NDRC)
    number = of(opened, "A5-14")["id"]
    supervision.accept(opened, number, SUPERVISOR)
    row = of(opened, "A5-14")
    assert (row["status"], row["closed_by"], row["close_note"]) == ("closed", "督查甲", "答复已验收，办结")
    with pytest.raises(SupervisionError, match=rf"督办 #{number}（A5-14 新增5G基站）已于 .* 办结，不能再更改"):
        answer(opened, "A5-14", NDRC)
    assert supervision.open(opened, PERIOD, SUPERVISOR, codes=["A5-14"]) == 1  # still 滞后: a new round


@pytest.mark.parametrize("user,allowed", [(SUPERVISOR, True), (ADMIN, True), (NDRC, False),
                                          (User("李四", "viewer"), False)])
def test_only_supervisors_and_admins_accept(opened, user, allowed):
    answer(opened, "A5-14", NDRC)
    number = of(opened, "A5-14")["id"]
    if allowed:
        supervision.accept(opened, number, user, "原因属实")
        assert of(opened, "A5-14")["status"] == "closed"
    else:
        with pytest.raises(SupervisionError, match="不能验收督办：只有督查账户或管理员可以"):
            supervision.accept(opened, number, user)


def test_an_unanswered_one_cannot_be_accepted(opened):
    number = of(opened, "A5-14")["id"]
    with pytest.raises(SupervisionError, match=rf"督办 #{number}（A5-14 新增5G基站）尚未答复，不能验收办结"):
        supervision.accept(opened, number, SUPERVISOR)


def test_a_supervision_closes_by_itself_when_an_upload_makes_its_indicator_normal(opened):
    assert supervision.close_recovered(opened, *PERIOD) == 0  # the period itself: not a recovery
    content = filled_template(opened, {"A5-14": {"本期累计值": 100}}, month=6)
    upload.land(opened, upload.prepare(opened, content, "6月.xlsx"), "发改甲", confirmed=True)
    rows = supervision.table(opened, today=OPENED_ON)
    closed = rows[rows["status"] == "closed"]
    assert list(closed["code"]) == ["A5-14"]
    assert (closed["closed_by"].item(), closed["close_note"].item()) == ("系统", "指标于2026年1-6月恢复正常，自动办结")
    assert list(supervision.history(opened, closed["id"].item())["步骤"]) == ["开启督办", "指标恢复正常，自动办结"]
    assert supervision.close_recovered(opened, 2026, 6) == 0  # nothing left that recovered


def test_the_history_and_the_audit_log_keep_every_step(opened):
    answer(opened, "A5-14", NDRC)
    number = of(opened, "A5-14")["id"]
    supervision.accept(opened, number, SUPERVISOR, "原因属实，措施可行")
    steps = supervision.history(opened, number)
    assert list(steps["步骤"]) == ["开启督办", "答复", "验收办结"]
    assert list(steps["操作人"]) == ["督查甲", "发改甲", "督查甲"]
    assert steps["内容"].iloc[1] == "原因：项目审批滞后；整改措施：倒排工期，每周调度；预计恢复：2026年8月"
    logged = actions(opened)
    opened_lines = [d for a, d in logged if a == "supervise_open"]
    assert len(opened_lines) == len(lagging(opened))
    assert "A5-14 新增5G基站 2026年1-5月滞后，督办市发改局，2026-06-12 前答复" in opened_lines
    assert logged[-2:] == [
        ("supervise_answer", f"督办 #{number}（A5-14 新增5G基站）：市发改局答复，预计 2026年8月恢复"),
        ("supervise_accept", f"督办 #{number}（A5-14 新增5G基站）：原因属实，措施可行")]
    assert set(accounts.audit_table(opened)["操作"]) >= {"开启督办", "答复督办", "验收办结督办"}


def test_a_refused_step_writes_nothing(opened):
    before = len(store.audit_log(opened, 10_000))
    with pytest.raises(SupervisionError):
        answer(opened, "A5-14", CIVIL)
    assert len(store.audit_log(opened, 10_000)) == before


# ---- 核验 -------------------------------------------------------------------------------------------------

def test_a_doubt_stands_until_it_is_resolved(demo):
    verification.mark(demo, "A5-14", PERIOD, "doubted", SUPERVISOR, "与通信公司台账不符")
    verification.mark(demo, "A1-01", PERIOD, "verified", ADMIN)
    assert list(verification.doubted(demo, 2026)[["code", "month", "label", "note"]].itertuples(index=False, name=None)) \
        == [("A5-14", 5, "核验有疑问", "与通信公司台账不符")]
    content = filled_template(demo, {"A5-14": {"本期累计值": 40}})
    upload.land(demo, upload.prepare(demo, content, "5月.xlsx"), "发改甲", confirmed=True)
    assert list(verification.doubted(demo)["code"]) == ["A5-14"]  # a new figure does not settle it
    verification.resolve(demo, "A5-14", PERIOD, SUPERVISOR, "已与通信公司核对一致")
    assert verification.doubted(demo).empty
    assert list(verification.marks(demo)["label"]) == ["已核验"]
    assert [a for a, _ in actions(demo) if a == "verify"] == ["verify"] * 3


@pytest.mark.parametrize("call,message", [
    (lambda c: verification.mark(c, "A5-14", PERIOD, "doubted", User("李四", "viewer")),
     "李四（浏览）不能核验 A5-14 新增5G基站：只有督查账户或管理员可以"),
    (lambda c: verification.mark(c, "A5-14", PERIOD, "doubted", NDRC, "有疑问"), "发改甲（上报）不能核验"),
    (lambda c: verification.mark(c, "A5-14", PERIOD, "doubted", SUPERVISOR), "A5-14 新增5G基站：标记核验有疑问时请写明疑问"),
    (lambda c: verification.mark(c, "A5-14", PERIOD, "fine", SUPERVISOR), "未知的核验标记 'fine'"),
    (lambda c: verification.mark(c, "Z9-99", PERIOD, "verified", SUPERVISOR), "指标目录中没有编码 Z9-99"),
    (lambda c: verification.resolve(c, "A5-14", PERIOD, SUPERVISOR, "好了"), "A5-14 新增5G基站 2026年1-5月没有待解决的核验疑问"),
])
def test_marks_refused_in_chinese(demo, call, message):
    with pytest.raises(VerificationError, match=message):
        call(demo)
    assert store.audit_log(demo).empty


# ---- the role and the schema ---------------------------------------------------------------------------

@pytest.mark.parametrize("user,supervise,answer_ndrc", [
    (SUPERVISOR, True, False), (ADMIN, True, True), (NDRC, False, True), (CIVIL, False, False),
    (User("统计甲", "uploader", "市统计局"), False, False), (User("李四", "viewer", "市发改局"), False, False),
    (None, False, False)])
def test_role_scopes(user, supervise, answer_ndrc):
    assert (accounts.may_supervise(user), accounts.may_answer(user, "市发改局")) == (supervise, answer_ndrc)


def test_a_store_of_the_previous_version_keeps_its_accounts_and_takes_the_new_role():
    con = duckdb.connect(":memory:")
    con.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP)")
    for version, script in store.MIGRATIONS[:7]:
        con.execute(script)
        con.execute("INSERT INTO schema_version VALUES (?, now())", [version])
    con.execute("INSERT INTO users (name, role, department, salt, password_hash, must_change_password) "
                "VALUES ('张三', 'uploader', '市发改局', 's', 'h', true)")
    assert store.migrate(con.cursor()) == 8
    assert store.get_user(con, "张三")["department"] == "市发改局" and store.get_user(con, "张三")["must_change_password"]
    accounts.create_user(con, "督查甲", "supervisor", password="long-enough")
    assert accounts.authenticate(con, "督查甲", "long-enough").role == "supervisor"


# ---- python -m indicators supervise ---------------------------------------------------------------------

@pytest.fixture
def db(tmp_path, capsys):
    path = str(tmp_path / "supervise.duckdb")
    cli.main(["--db", path, "init", "--demo"])
    capsys.readouterr()
    return path


def run(capsys, db, *argv):
    code = cli.main(["--db", db, *argv])
    out, err = capsys.readouterr()
    return code, out.strip(), err.strip()


def test_cli_opens_once_and_lists_as_csv(capsys, db):
    code, out, _ = run(capsys, db, "supervise", "open", "--period", "2026-05", "--user", "督查甲")
    count = len(lagging(make_store(with_demo=True)))
    assert code == 0 and out.startswith(f"已开启督办 {count} 项（2026年1-5月滞后指标），答复期限 ")
    assert run(capsys, db, "supervise", "open", "--period", "2026-05")[1] == \
        "2026年1-5月没有需要开启的督办：滞后指标均已有未办结的督办"
    code, out, _ = run(capsys, db, "supervise", "list", "--format", "csv", "--status", "open")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert out.splitlines()[0] == "id,code,name,lead_department,period,status,deadline,opened_by,answered_at"
    assert len(rows) == count and {r["status"] for r in rows} == {"open"} and {r["opened_by"] for r in rows} == {"督查甲"}
    assert run(capsys, db, "supervise", "list", "--status", "closed") == (0, "没有已办结的督办", "")


def test_cli_list_is_a_table_in_chinese(capsys, db):
    run(capsys, db, "supervise", "open", "--period", "2026-05")
    code, out, _ = run(capsys, db, "supervise", "list")
    header, first = out.splitlines()[:2]
    assert code == 0 and header.split() == ["编号", "编码", "指标", "牵头单位", "期间", "状态", "答复期限", "督办人", "答复时间"]
    assert "待答复" in first and "2026-05" in first


def test_cli_takes_the_role_of_a_dashboard_account(capsys, db):
    run(capsys, db, "user", "add", "李四", "--role", "viewer", "--user", "admin")
    code, out, _ = run(capsys, db, "user", "add", "督查甲", "--role", "supervisor", "--user", "admin")
    assert code == 0 and out.startswith("已添加用户 督查甲（督查）")
    code, out, err = run(capsys, db, "supervise", "open", "--period", "2026-05", "--user", "李四")
    assert (code, out, err) == (1, "", "错误：李四（浏览）不能开启督办：只有督查账户或管理员可以")
    assert run(capsys, db, "supervise", "open", "--period", "2026-05", "--user", "督查甲")[0] == 0


def test_cli_close_reports_what_recovered(capsys, db):
    run(capsys, db, "supervise", "open", "--period", "2026-05")
    assert run(capsys, db, "supervise", "close", "--period", "2026-05") == \
        (0, "没有督办的指标在2026年1-5月恢复正常", "")
