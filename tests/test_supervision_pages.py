"""督办 and 核验 on the pages (issue 15): the 台账 with its filters, opening from the page, a unit's answer
on 部门视图 (and no form for another unit), 逾期 on 总览, and the history and 核验 mark on 指标详情."""
import io
from datetime import date, timedelta

import openpyxl
import pytest

from indicators import accounts, catalog, settings, store, supervision, verification
from views.detail_parts import plain
from test_app import ADMIN, area_test, demo_file, open_page, open_tab, texts  # noqa: F401  (demo_file is a fixture)
from test_app import browser_cookie  # noqa: F401  (autouse: the pages read this test's sign-in)

PERIOD = (2026, 5)
LATEST = (2026, 10)
SUPERVISOR = accounts.User("督查乙", "supervisor")
NDRC = accounts.User("发改乙", "uploader", "市发改局")  # leads most of May's 滞后 indicators
COMMERCE = accounts.User("商务乙", "uploader", "市商务粮食局")


def cursor():
    return store.connect(settings.get().db_path).cursor()


def opened(**options) -> list[dict]:
    """Open a 督办 for every 提醒 of May (as 督查乙); the 台账's rows."""
    cur = cursor()
    if store.get_user(cur, SUPERVISOR.name) is None:
        accounts.create_user(cur, SUPERVISOR.name, SUPERVISOR.role, password="test-password-1")
    supervision.open(cur, PERIOD, SUPERVISOR, **options)
    return supervision.table(cur).to_dict("records")


def ledger(at):
    (table,) = [d.value for d in at.dataframe if "督办状态" in d.value.columns]
    return table


def test_the_ledger_lists_opened_supervisions_and_filters_them(demo_file):
    rows = opened()
    at = open_page("views/supervision.py", user=SUPERVISOR, month="5")
    assert not at.exception and texts(at, "title") == ["督办台账"]
    shown = ledger(at)
    assert sorted(shown["编码"]) == sorted(r["code"] for r in rows) and set(shown["督办状态"]) == {"待答复"}
    assert set(shown["督办期间"]) == {"2026年1-5月"}
    at.selectbox(key="supervision_unit").set_value("市商务粮食局").run()
    leads = ledger(at)["牵头单位"]
    assert len(leads) and all("市商务粮食局" in catalog.leads_of(lead) for lead in leads)  # joint leads too
    at.selectbox(key="supervision_unit").set_value("全部牵头单位")
    at.selectbox(key="supervision_area").set_value(5).run()
    assert sorted(ledger(at)["编码"]) == sorted(r["code"] for r in rows if r["area"] == 5)
    at.selectbox(key="supervision_area").set_value(None)
    at.selectbox(key="supervision_period").set_value("2026-05").run()
    assert len(ledger(at)) == len(rows)
    at.multiselect(key="supervision_status").set_value(["overdue"]).run()
    assert any("暂无符合条件的督办" in i for i in texts(at, "info"))


def test_a_supervisor_opens_supervisions_from_the_page(demo_file):
    at = open_page("views/supervision.py", user=SUPERVISOR, month="5")
    assert any("暂无符合条件的督办" in i for i in texts(at, "info"))
    at.multiselect(key="supervision_open_codes").set_value(["A5-14"])
    at.button[0].click().run()
    assert not at.exception and any(s.startswith("已开启督办 1 项") for s in texts(at, "success"))
    assert ledger(at)["编码"].tolist() == ["A5-14"]
    row = supervision.table(cursor()).iloc[0]
    assert row["opened_by"] == SUPERVISOR.name
    assert row["deadline"] == supervision.working_days_after(date.today(), 5)  # the default: 5 working days


@pytest.mark.parametrize("user", [accounts.User("浏览乙", "viewer"), NDRC])
def test_only_supervisors_see_the_opening_form(demo_file, user):
    at = open_page("views/supervision.py", user=user, month="5")
    assert not at.exception and texts(at, "title") == ["督办台账"]
    assert not [f for f in at.get("form")] and not at.button


def test_the_lead_unit_answers_on_its_department_view(demo_file):
    rows = [r for r in opened() if r["lead_department"] == "市发改局"]
    at = open_page("views/department.py", user=NDRC, month="5")
    at.selectbox(key="department_choice").set_value("市发改局").run()
    assert not at.exception
    first = rows[0]["id"]
    key = f"supervision_answer_{first}"
    at.text_area(key=f"{key}_reason").set_value("项目审批延后")
    at.text_area(key=f"{key}_measures").set_value("专班每周调度")
    at.selectbox(key=f"{key}_recovery").set_value(7)
    [b for b in at.button if b.proto.form_id == key][0].click().run()
    assert not at.exception and any(f"督办 #{first}" in s for s in texts(at, "success"))
    answered = supervision.table(cursor()).set_index("id").loc[first]
    assert answered["status"] == "answered" and answered["reason"] == "项目审批延后"
    assert answered["recovery_month"] == 7
    table = [d.value for d in at.dataframe if "督办状态" in d.value.columns][0]
    assert table.set_index("编号").loc[str(first), "督办状态"] == "已答复"


def forms(at) -> set[int]:
    """The 督办 whose answer form the page shows."""
    return {int(f.proto.form.form_id.removeprefix("supervision_answer_")) for f in at.get("form")}


def test_another_units_uploader_sees_no_answer_form(demo_file):
    rows = opened()
    at = open_page("views/department.py", user=COMMERCE, month="5")
    at.selectbox(key="department_choice").set_value("市发改局").run()
    assert not at.exception and "本单位督办" in texts(at, "subheader")
    ndrc_only = {r["id"] for r in rows if r["lead_department"] == "市发改局"}
    joint = {r["id"] for r in rows if r["lead_department"] == "市商务粮食局、市发改局"}
    assert ndrc_only and set(ledger(at)["编号"].astype(int)) >= ndrc_only
    assert forms(at) == joint  # only those sent to 市商务粮食局 too
    at.selectbox(key="department_choice").set_value("市商务粮食局").run()
    assert forms(at) == {r["id"] for r in rows if "市商务粮食局" in catalog.leads_of(r["lead_department"])}


def test_an_overdue_supervision_shows_on_the_overview(demo_file):
    opened(deadline=date.today() - timedelta(days=1))
    at = open_page(None, user=SUPERVISOR, month="5")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["督办逾期"] == f"{len(supervision.table(cursor()))} 项" and metrics["督办待答复"] == "0 项"
    assert metrics["提醒（2026年1-5月滞后、未督办）"] == "0 项"
    assert any(link.proto.label == "查看督办台账" for link in at.get("page_link"))
    assert set(ledger(open_page("views/supervision.py", user=SUPERVISOR, month="5"))["督办状态"]) == {"逾期"}


def test_the_overview_counts_reminders_before_any_supervision(demo_file):
    lagging = len(supervision.reminders(cursor(), *PERIOD))
    metrics = {m.label: m.value for m in open_page(None, month="5").metric}
    assert lagging and metrics["提醒（2026年1-5月滞后、未督办）"] == f"{lagging} 项"


def test_detail_shows_the_history_and_a_doubted_value(demo_file):
    row = next(r for r in opened() if r["code"] == "A5-14")
    cur = cursor()
    supervision.answer(cur, row["id"], NDRC, "审批延后", "加快建设", (2026, 7))
    verification.mark(cur, "A5-14", PERIOD, "doubted", SUPERVISOR, "与通信管理局口径不一致")
    at = open_page("views/detail.py", user=ADMIN, code="A5-14", month="5")
    assert not at.exception and "督办记录" in texts(at, "subheader")
    (history,) = [m for m in texts(at, "markdown") if "**开启督办**" in m]
    steps = history.split("\n")
    assert len(steps) == 2  # markdown's punctuation escaped, the words as written
    assert f"**开启督办** · {SUPERVISOR.name}：{plain('2026年1-5月，A5-14 新增5G基站滞后')}" in steps[0]
    assert f"**答复** · {NDRC.name}：原因：审批延后；整改措施：加快建设；预计恢复：2026年7月" in steps[1]
    assert any("核验有疑问" in w and "与通信管理局口径不一致" in w for w in texts(at, "warning"))


def test_a_supervisor_marks_the_shown_value_on_the_detail_page(demo_file):
    at = open_page("views/detail.py", user=SUPERVISOR, code="A5-14", month="5")
    at.radio(key="verification_mark").set_value("doubted")  # a form sends its values with the click
    [b for b in at.button if b.proto.form_id == "verification_form"][0].click().run()
    assert any("请写明疑问" in e for e in texts(at, "error"))  # the domain's sentence, not a traceback
    at.radio(key="verification_mark").set_value("verified")
    [b for b in at.button if b.proto.form_id == "verification_form"][0].click().run()
    assert any("已标记为已核验" in s for s in texts(at, "success"))
    assert any("2026年1-5月的数值已核验" in s for s in texts(at, "success"))
    assert verification.marks(cursor(), 2026).query("code == 'A5-14'")["mark"].tolist() == ["verified"]


def test_a_viewer_gets_no_verification_form(demo_file):
    at = open_page("views/detail.py", user=accounts.User("浏览丙", "viewer"), code="A5-14", month="5")
    assert not at.exception and not at.get("form") and "核验" in texts(at, "subheader")


def test_the_ledger_rows_open_their_indicator_on_a_click(demo_file):
    opened()
    table = [d for d in open_page("views/supervision.py", user=SUPERVISOR).dataframe
             if "督办状态" in d.value.columns][0].proto
    assert list(table.column_order)[:3] == ["编号", "指标", "督办状态"] and list(table.column_order)[-1] == "编码"
    assert list(table.selection_mode) == [table.SelectionMode.SINGLE_CELL]  # tables.indicator_table


def test_a_supervisor_sets_the_deadline_and_the_request_sentence(demo_file):
    at = open_page("views/supervision.py", user=SUPERVISOR, month="5")
    due = supervision.working_days_after(date.today(), 10)
    at.multiselect(key="supervision_open_codes").set_value(["A5-14", "A4-04"])
    at.selectbox(key="supervision_open_deadline").set_value(due)
    at.text_area(key="supervision_open_request").set_value("请于月底前书面答复。")
    at.button[0].click().run()
    rows = supervision.table(cursor())
    assert sorted(rows["code"]) == ["A4-04", "A5-14"] and set(rows["deadline"]) == {due}
    assert set(rows["request"]) == {"请于月底前书面答复。"}


def test_a_supervisor_accepts_an_answer_on_the_ledger(demo_file):
    row = next(r for r in opened() if r["code"] == "A5-14")
    supervision.answer(cursor(), row["id"], NDRC, "审批延后", "加快建设", (2026, 7))
    at = open_page("views/supervision.py", user=SUPERVISOR, month="5")
    assert at.selectbox(key="supervision_accept_id").options == [f"督办 #{row['id']}（A5-14 新增5G基站）（市发改局）"]
    at.text_input(key="supervision_accept_note").set_value("措施可行")
    [b for b in at.button if b.proto.form_id == "supervision_accept_form"][0].click().run()
    assert any(f"已验收办结督办 #{row['id']}" in s for s in texts(at, "success"))
    assert ledger(at).set_index("编码").loc["A5-14", "督办状态"] == "已办结"
    steps = supervision.history(cursor(), row["id"])
    assert steps["步骤"].tolist()[-1] == "验收办结" and steps["内容"].tolist()[-1] == "措施可行"


def test_an_unanswered_supervision_cannot_be_accepted_so_none_is_offered(demo_file):
    opened()
    at = open_page("views/supervision.py", user=SUPERVISOR, month="5")
    assert not [b for b in at.button if b.proto.form_id == "supervision_accept_form"]


def test_the_ledger_asks_for_sign_in_first(demo_file):
    at = open_page("views/supervision.py", user=None)
    assert texts(at, "title") == ["八好看板 · 登录"] and not at.dataframe


@pytest.mark.parametrize("page", [None, "views/supervision.py", "views/department.py"])
def test_the_pages_open_on_an_empty_store(tmp_path, page):
    from test_app import use_store
    with use_store(tmp_path / "empty.duckdb", False):
        at = open_page(page, user=SUPERVISOR)
        assert not at.exception and not at.error
        if page == "views/supervision.py":
            assert any("没有待督办的滞后指标" in i for i in texts(at, "info"))


def test_the_ledger_offers_the_periods_documents_when_asked(demo_file):
    at = open_page("views/supervision.py", user=SUPERVISOR, month="5")
    assert not at.get("download_button")  # python-docx and python-pptx wait until the section is opened
    at = open_tab(at, "supervision_documents", True)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["督办台账（Excel）", "调度通报（Word）", "调度通报（PPT）"]
    assert any("没有未办结的督办" in c for c in texts(at, "caption"))
    rows = opened()
    at = open_tab(open_page("views/supervision.py", user=SUPERVISOR, month="5"), "supervision_documents", True)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels[0] == f"督办单（Word，{len(rows)} 份）" and len(labels) == 4


def test_a_doubted_value_carries_its_mark_on_pages_and_exports_until_resolved(demo_file):
    from outputs import reports
    cur = cursor()  # the demo store's latest month is what an area page shows first
    code, area = "A5-14", catalog.read_catalog().set_index("code").loc["A5-14", "area"]
    verification.mark(cur, code, LATEST, "doubted", SUPERVISOR, "与通信管理局口径不一致")
    table = open_tab(area_test(int(area)), f"area{area}_tabs", "指标明细").dataframe[0].value
    assert table.set_index("编码").loc[code, "实际"].endswith("（核验有疑问）")
    workbook = openpyxl.load_workbook(io.BytesIO(reports.excel(cur, *LATEST)))
    values = [[c.value for c in row] for row in workbook.active.iter_rows()]
    header = next(i for i, row in enumerate(values) if "数据性质" in row)
    nature = {row[0]: row[values[header].index("数据性质")] for row in values[header + 1:]}
    assert nature[code].endswith("（核验有疑问）") and not nature["A1-01"].endswith("（核验有疑问）")
    verification.resolve(cur, code, LATEST, SUPERVISOR, "已与通信管理局核对一致")
    table = open_tab(area_test(int(area)), f"area{area}_tabs", "指标明细").dataframe[0].value
    assert "核验" not in table.set_index("编码").loc[code, "实际"]
