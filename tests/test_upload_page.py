"""数据上报 in Streamlit's AppTest: what a clerk sees after each file, and that the page's tables reach
the browser as typed Arrow tables (no conversion fallback, so nothing in the server log)."""
import logging
import re

import pandas as pd
import pyarrow as pa
import pytest

from conftest import make_store
from indicators import accounts, catalog, store, upload
from outputs import template
from common.errors import problem_table
from test_app import browser_cookie, demo_file, open_page, texts  # noqa: F401  (fixtures and helpers)
from test_upload import filled_template
from views import upload_parts

UPLOADS = catalog.ROOT / "tests" / "data" / "upload"
BUREAU = UPLOADS / "bureau-1-5.xlsx"
TRADE = accounts.User("商务统计员", "uploader", "市商务粮食局")
PAGE = "views/upload.py"


@pytest.fixture
def arrow_fallbacks():
    """What Streamlit logs when a frame does not convert to Arrow as it is (it then fixes the types itself)."""
    records = []
    handler = logging.Handler(logging.INFO)
    handler.emit = records.append
    logger = logging.getLogger("streamlit.dataframe_util")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield records
    logger.removeHandler(handler)
    logger.setLevel(level)


def put(at, path, name=None, content=None):
    """Choose a file in the page's file picker, as the clerk does."""
    at.file_uploader[0].set_value((name or path.name, content or path.read_bytes(), "application/octet-stream"))
    return at.run()


def upload_count(db) -> int:
    cur = store.connect(db).cursor()
    try:
        return len(store.uploads(cur))
    finally:
        cur.close()


def land_bureau_file(at):
    at = put(at, BUREAU)
    at.checkbox(key="upload_confirm").check().run()
    return at.button(key="upload_land").click().run()


def landing_buttons(at) -> list:
    return [b for b in at.button if b.key == "upload_land"]


def test_after_landing_the_preview_and_the_button_go(demo_file, arrow_fallbacks):
    at = land_bureau_file(open_page(PAGE))
    assert not at.exception
    assert [s for s in texts(at, "success") if s.startswith("已写入，上传编号 2；示例数据已全部清除")]
    assert landing_buttons(at) == [] and not at.get("checkbox")
    assert at.file_uploader[0].value is None  # a new, empty picker for the next file
    assert [d.value.columns[0] for d in at.dataframe] == ["编号"]  # only the history: no preview left
    assert at.dataframe[0].value["编号"].tolist()[0] == 2
    assert not arrow_fallbacks, [r.getMessage() for r in arrow_fallbacks]


def test_the_same_content_under_a_new_name_writes_nothing_and_says_which_upload(demo_file):
    at = land_bureau_file(open_page(PAGE))
    before = upload_count(demo_file)
    at = put(at, UPLOADS / "bureau-1-5.xls", "5月主要指标（重新导出）.xls")
    assert any(i.startswith("与第2号上传内容相同（bureau-1-5.xlsx，") for i in texts(at, "info"))
    assert landing_buttons(at) == []
    assert upload_count(demo_file) == before


def test_refusals_name_the_indicator_and_rows_are_whole_numbers(demo_file, arrow_fallbacks):
    at = put(open_page(PAGE, user=TRADE), BUREAU)
    assert any(e.startswith("未导入：bureau-1-5.xlsx 共有 4 处错误") for e in texts(at, "error"))
    problems = at.dataframe[0].value
    errors = problems[problems["级别"] == "错误"]
    assert errors["行"].dtype == "Int64" and errors["行"].tolist() == [3, 4, 5, 7]
    assert errors["指标"].tolist() == ["A3-05 规模工业增加值增速", "A2-01 社会消费品零售总额增速",
                                      "A2-04 固定资产投资增速", "A1-02 地方一般公共预算收入增速"]
    assert errors["问题"].str.endswith("市商务粮食局无权上报").all()
    assert landing_buttons(at) == []
    assert not arrow_fallbacks, [r.getMessage() for r in arrow_fallbacks]


def filled(fills: dict[str, dict[str, object]]) -> bytes:
    """The 1-5月 template with {code: {header: value}} typed in."""
    return filled_template(make_store(), fills)


def test_a_warning_on_a_known_indicator_names_it(demo_file):
    at = put(open_page(PAGE), None, "5月.xlsx", filled({"A2-08": {"本期累计值": 1}}))
    warnings = at.dataframe[1].value
    [turning_red] = warnings[warnings["问题"].str.contains("转为“滞后”")].to_dict("records")
    assert turning_red["指标"] == "A2-08 新签约项目数" and turning_red["值"] == "1"
    assert isinstance(turning_red["行"], int) and turning_red["行"] >= template.FIRST_DATA_ROW


def test_a_department_uploader_gets_their_own_departments_template(demo_file):
    at = open_page(PAGE, user=TRADE)
    [button] = [b.proto.label for b in at.get("download_button")]
    assert button.endswith(" 市商务粮食局填报模板")
    assert not [s for s in at.selectbox if s.key == "template_department"]  # no other department's to pick
    admin = open_page(PAGE)
    assert admin.selectbox(key="template_department").value == "全部"


def test_the_page_tables_convert_to_arrow_as_they_are():
    cur = make_store(with_demo=True)
    refused = upload.prepare(cur, (UPLOADS / "text-in-number.xlsx").read_bytes(), "text-in-number.xlsx")
    scoped = upload.prepare(cur, BUREAU.read_bytes(), "月报.xlsx", user=TRADE)  # errors, warnings, file-wide
    prepared = upload.prepare(cur, BUREAU.read_bytes(), "月报.xlsx")
    landed = upload.land(cur, prepared, "统计局", confirmed=True)
    store.rollback_upload(cur, landed, "管理员")
    history = upload_parts.history_table(cur)
    assert history["已回退"].tolist()[:3] == [None, "是", None] and history["新增"].isna().tolist()[-1]
    frames = [problem_table(refused.problems), problem_table(scoped.problems), problem_table(prepared.warnings),
              upload.preview_table(prepared), history]
    for frame in frames:
        table = pa.Table.from_pandas(frame, preserve_index=False)  # what st.dataframe does first
        assert table.num_rows == len(frame)
    assert pa.Table.from_pandas(history).schema.field("新增").type == pa.int64()
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", at) for at in history["时间"])  # to the minute
    assert problem_table(scoped.problems)["行"].dtype == pd.Int64Dtype()
