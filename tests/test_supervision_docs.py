"""督办 documents (issue 15, section 3): the 督办单 of a period's open 督办, the 台账 as Excel, the monthly
调度通报 as .docx and .pptx, the `export` command, and the 督办单 read back from LibreOffice's PDF."""
import io
import re
import shutil
import subprocess
from datetime import date

import openpyxl
import pytest
from docx import Document
from pptx import Presentation

from commands import cli
from conftest import make_store, write_note
from indicators import catalog, report, supervision
from indicators.accounts import User
from indicators.progress import GREEN, RED
from outputs import bulletin, supervision_docs

PERIOD = (2026, 5)
OPENED_ON, TODAY = date(2026, 6, 1), date(2026, 6, 10)
PAST, LATER = date(2026, 6, 5), date(2026, 6, 30)
SUPERVISOR = User("督查甲", "supervisor")
LATE = "A8-02"       # 城镇调查失业率, 市人社局: its deadline has passed unanswered
ANSWERED = "A8-21"   # 城市低保指导标准, 市民政局: answered, with a reason a spreadsheet would run
CLOSED = "A8-22"     # 农村低保指导标准, 市民政局: answered and accepted
NOTED = "A5-14"      # 新增5G基站, 市发改局: its unit wrote a 情况说明
FORMULA = "=1+1"
CIVIL = User("民政甲", "uploader", "市民政局")


@pytest.fixture(scope="module")
def cur():
    """The demo store with every 滞后 indicator of 2026-05 under 督办: one overdue, one answered, one closed."""
    cur = make_store(with_demo=True)
    supervision.open(cur, PERIOD, SUPERVISOR, [LATE], today=OPENED_ON, deadline=PAST)
    supervision.open(cur, PERIOD, SUPERVISOR, today=OPENED_ON, deadline=LATER)
    ids = dict(zip(*(supervision.table(cur, today=TODAY)[c] for c in ("code", "id"))))
    supervision.answer(cur, ids[ANSWERED], CIVIL, FORMULA, "提标方案报批", (2026, 8))
    supervision.answer(cur, ids[CLOSED], CIVIL, "财政配套不足", "分步提标", (2026, 9))
    supervision.accept(cur, ids[CLOSED], SUPERVISOR)
    write_note(cur, NOTED, *PERIOD, "铁塔选址协调中", "发改甲")
    return cur


def ledger(cur):
    return supervision.table(cur, today=TODAY).set_index("code")


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def pptx_text(content: bytes) -> str:
    texts = []
    for slide in Presentation(io.BytesIO(content)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                texts += [c.text for r in shape.table.rows for c in r.cells]
    return "\n".join(texts)


# ---- 督办单 ----------------------------------------------------------------------------------------------

def test_the_orders_are_every_unclosed_supervision_of_the_period(cur):
    rows = ledger(cur)
    found = supervision_docs.orders_for(cur, PERIOD, today=TODAY)
    assert [o.indicator.split()[0] for o in found] == [c for c in rows.index if c != CLOSED]
    assert len(found) == len(rows) - 1 > 5


def test_an_order_says_number_unit_target_actual_progress_and_note(cur):
    row = ledger(cur).loc[NOTED]
    order = next(o for o in supervision_docs.orders_for(cur, PERIOD, today=TODAY) if o.indicator.startswith(NOTED))
    assert (order.number, order.units, order.indicator, order.period) == \
           (f"汨督〔{row['opened_at'].year}〕{row['id']}号", "市发改局", "A5-14 新增5G基站", "2026年1-5月")
    assert (order.target, order.actual, order.time_progress, order.status) == ("100个", "31个（示例）", "41.7%", "滞后")  # demo data says so
    assert (order.note, order.request, order.deadline) == ("铁塔选址协调中", row["request"], LATER)
    assert order.issued == row["opened_at"].date()


def test_orders_of_chosen_ids_and_an_unknown_id_is_refused(cur):
    rows = ledger(cur)
    chosen = [int(rows.loc[CLOSED, "id"]), int(rows.loc[LATE, "id"])]
    assert [o.indicator.split()[0] for o in supervision_docs.orders_for(cur, ids=chosen, today=TODAY)] == [LATE, CLOSED]
    with pytest.raises(supervision.SupervisionError, match="没有编号为 999 的督办"):
        supervision_docs.orders_for(cur, ids=[999])


def test_the_docx_holds_every_open_supervisions_indicator_and_unit(cur):
    text = docx_text(supervision_docs.orders_file(cur, PERIOD, today=TODAY))
    rows = ledger(cur).drop(CLOSED)
    assert text.count("督　办　单") == len(rows)
    for code, row in rows.iterrows():
        assert f"{code} {row['name']}" in text and f"{row['lead_department']}：" in text
    assert "牵头单位情况说明：铁塔选址协调中" in text and ledger(cur).loc[CLOSED, "name"] not in text


def test_a_period_without_open_supervision_has_no_orders_to_write(cur):
    with pytest.raises(supervision.SupervisionError, match="2026年1-4月没有未办结的督办"):
        supervision_docs.orders_file(cur, (2026, 4), today=TODAY)


# ---- 台账 ----------------------------------------------------------------------------------------------

def test_the_ledger_has_one_row_per_supervision_and_answers_stay_text(cur):
    sheet = openpyxl.load_workbook(io.BytesIO(supervision_docs.ledger_excel(cur, PERIOD, TODAY))).active
    header, *body = list(sheet.iter_rows(min_row=2))
    columns = [c.value for c in header]
    assert columns[:9] == ["编号", "编码", "指标", "牵头单位", "期间", "状态", "答复期限", "督办人", "答复时间"]
    assert columns[9:] == ["滞后原因", "整改措施", "预计恢复月", "办结时间", "办结说明"]
    rows = {r[1].value: dict(zip(columns, (c.value for c in r))) for r in body}
    assert len(body) == len(ledger(cur)) == len(rows)
    assert (rows[LATE]["状态"], rows[ANSWERED]["状态"], rows[CLOSED]["状态"]) == ("逾期", "已答复", "已办结")
    assert rows[ANSWERED]["预计恢复月"] == "2026年8月" and rows[CLOSED]["办结说明"] == "答复已验收，办结"
    assert rows[ANSWERED]["滞后原因"].endswith(FORMULA)
    cells = [c for r in sheet.iter_rows() for c in r if isinstance(c.value, str)]
    assert cells and not [c.value for c in cells if c.value.startswith("=") or c.data_type == "f"]


# ---- 调度通报 --------------------------------------------------------------------------------------------

def all_green_units(cur) -> set[str]:
    """Units every one of whose indicators is 正常: the plainest case of praise."""
    table = report.status_table(cur, *PERIOD)
    return {u for u in catalog.lead_units(table) if (table[catalog.led_by(table, u)]["status"] == GREEN).all()}


def test_the_bulletin_praises_units_all_green_and_never_one_with_a_lagging_indicator(cur):
    found = supervision_docs.bulletin_for(cur, PERIOD, TODAY)
    praised = {p.unit for p in found.praised}
    table = report.status_table(cur, *PERIOD)
    assert all_green_units(cur) and all_green_units(cur) <= praised
    assert not praised & set(catalog.lead_units(table[table["status"] == RED]))


def test_the_bulletin_lists_the_overdue_and_each_lagging_indicators_answer(cur):
    found = supervision_docs.bulletin_for(cur, PERIOD, TODAY)
    assert [(o.unit, o.indicator, o.deadline, o.days) for o in found.overdue] == \
           [("市人社局", "A8-02 城镇调查失业率", PAST, 5)]
    answers = {i.indicator.split()[0]: i.answer for i in found.lagging}
    assert set(answers) == set(ledger(cur).index)
    assert answers[ANSWERED].sentence() == f"原因：{FORMULA}；整改措施：提标方案报批；预计2026年8月恢复"
    assert (answers[LATE].state, answers[NOTED].state) == ("未答复（已逾期）", "未答复")


def expected_phrases(cur) -> list[str]:
    found = supervision_docs.bulletin_for(cur, PERIOD, TODAY)
    return ([p.unit for p in found.praised] + ["市人社局", "A8-02 城镇调查失业率", "已逾期5天未答复"] +
            [f"原因：{FORMULA}；整改措施：提标方案报批", "分步提标"] + [i.indicator for i in found.lagging])


def test_the_bulletin_docx_names_the_praised_the_overdue_and_each_answer(cur):
    text = docx_text(bulletin.bulletin_docx(supervision_docs.bulletin_for(cur, PERIOD, TODAY)))
    assert text.startswith(bulletin.TITLE)
    assert [p for p in expected_phrases(cur) if p not in text] == []
    assert "一、通报表扬" in text and "二、逾期未答复的督办" in text and "未答复" in text


def test_the_bulletin_pptx_names_the_praised_the_overdue_and_each_answer(cur):
    content = bulletin.bulletin_pptx(supervision_docs.bulletin_for(cur, PERIOD, TODAY))
    text = pptx_text(content)
    missing = [p for p in expected_phrases(cur) if p not in text and p != "已逾期5天未答复"]
    assert missing == [] and "5天" in text and "示例数据" in text


def test_an_empty_bulletin_says_none_in_each_part():
    empty = bulletin.Bulletin(period="2026年1-5月", issued=TODAY)
    assert docx_text(bulletin.bulletin_docx(empty)).count(bulletin.NONE_THIS_MONTH) == 3
    assert pptx_text(bulletin.bulletin_pptx(empty)).count(bulletin.NONE_THIS_MONTH) == 3


# ---- python -m indicators export ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("docs") / "docs.duckdb")
    assert cli.main(["--db", path, "init", "--demo"]) == 0
    assert cli.main(["--db", path, "supervise", "open", "--period", "2026-05"]) == 0
    return path


@pytest.mark.parametrize("flag,name,readable", [
    ("--supervision", "督办单.docx", lambda c: "督　办　单" in docx_text(c)),
    ("--supervision", "台账.xlsx", lambda c: openpyxl.load_workbook(io.BytesIO(c)).active["A2"].value == "编号"),
    ("--bulletin", "调度通报.docx", lambda c: docx_text(c).startswith(bulletin.TITLE)),
    ("--bulletin", "调度通报.pptx", lambda c: bulletin.TITLE in pptx_text(c)),
])
def test_export_writes_each_document(capsys, db, tmp_path, flag, name, readable):
    out = tmp_path / name
    assert cli.main(["--db", db, "export", "--period", "2026-05", flag, "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"已导出 {out}" and readable(out.read_bytes())


@pytest.mark.parametrize("flag,name,formats", [
    ("--supervision", "督办单.pptx", "请用 .docx（督办单）、.xlsx（督办台账）"),
    ("--bulletin", "调度通报.xlsx", "请用 .docx（调度通报）、.pptx（调度通报幻灯片）"),
    ("--area", "领域.docx", "请用 .pptx、.xlsx、.png、.svg"),
])
def test_export_refuses_a_format_the_document_has_not(capsys, db, tmp_path, flag, name, formats):
    argv = ["--db", db, "export", "--period", "2026-05", *([flag, "2"] if flag == "--area" else [flag]),
            "--out", str(tmp_path / name)]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"错误：不支持的导出格式 {name[name.index('.'):]}") and formats in err
    assert not (tmp_path / name).exists()


def test_supervision_and_bulletin_go_alone(capsys, db, tmp_path):
    argv = ["--db", db, "export", "--period", "2026-05", "--supervision", "--bulletin", "--out", str(tmp_path / "a.docx")]
    assert cli.main(argv) == 2 and "不能与此参数同时使用" in capsys.readouterr().err


# ---- LibreOffice reads the 督办单 -----------------------------------------------------------------------

@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="需要 LibreOffice（soffice）与 poppler（pdftotext）才能把督办单转成 PDF 读回")
def test_libreoffice_reads_the_orders_in_chinese(cur, tmp_path):
    source = tmp_path / "督办单.docx"
    source.write_bytes(supervision_docs.orders_file(cur, PERIOD, today=TODAY))
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"  # a profile of its own: another soffice may run
    subprocess.run(["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=60)
    text = subprocess.run(["pdftotext", str(tmp_path / "督办单.pdf"), "-"], check=True, capture_output=True,
                          text=True, timeout=30).stdout
    flat = re.sub(r"\s", "", text)  # pdftotext breaks lines and spaces CJK from digits
    names = list(ledger(cur).drop(CLOSED)["name"])
    assert [n for n in names if re.sub(r"\s", "", n) not in flat] == [] and "督办单" in flat


def test_a_supervision_closed_in_an_earlier_month_is_no_answer_for_this_one():
    cur = make_store(with_demo=True)
    april = report.status_table(cur, 2026, 4)
    code = sorted(set(april.loc[april["status"] == RED, "code"]) & set(ledger_codes_red_in_may(cur)))[0]
    supervision.open(cur, (2026, 4), SUPERVISOR, [code], today=OPENED_ON, deadline=LATER)
    row = supervision.table(cur, today=TODAY).iloc[0]
    unit = User("甲", "uploader", catalog.leads_of(row["lead_department"])[0])
    supervision.answer(cur, int(row["id"]), unit, "四月的原因", "四月的措施", (2026, 6))
    supervision.accept(cur, int(row["id"]), SUPERVISOR)
    found = supervision_docs.bulletin_for(cur, PERIOD, TODAY)
    assert next(i.answer for i in found.lagging if i.indicator.startswith(code)).state == "尚未督办"


def ledger_codes_red_in_may(cur) -> set[str]:
    table = report.status_table(cur, *PERIOD)
    return set(table.loc[table["status"] == RED, "code"])
