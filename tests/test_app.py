"""Every view in Streamlit's AppTest: no exception, the expected elements, the period picker works."""
import json
import re

import pandas as pd
import plotly.io
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from conftest import YEAR, make_store, observations, write_note
from charts import base, bullets_html
from indicators import accounts, catalog, report, settings, store
from common.kinds import NUMERIC_KINDS
from views import detail_parts, tables, widgets

APP = str(catalog.ROOT / "app.py")
AREAS = catalog.load_areas()
CATALOG = catalog.read_catalog()
NUMERIC = CATALOG["kind"].isin(["growth_rate", "cumulative", "point", "ceiling"]) & CATALOG["target"].notna()
PERIOD = "period_month_widget"
ADMIN = accounts.User("测试管理员", "admin", None)
COOKIE = {"token": None}  # what the browser would send: the sign-in cookie of this test's user


@pytest.fixture(autouse=True)
def browser_cookie(monkeypatch):
    """AppTest cannot send cookies: the pages read this test's token instead (a real session in the store)."""
    from views import auth
    COOKIE["token"] = None
    monkeypatch.setattr(auth, "cookie_token", lambda: COOKIE["token"])


def sign_in(user: accounts.User | None) -> None:
    """Give `user` an account (if it has none) and a session in the store the app uses; None signs out."""
    if user is None:
        COOKIE["token"] = None
        return
    cur = store.connect(settings.get().db_path).cursor()
    if store.get_user(cur, user.name) is None:
        accounts.create_user(cur, user.name, user.role, user.department, password="test-password-1")
    COOKIE["token"] = accounts.start_session(cur, accounts.User(user.name, user.role, user.department))
    cur.close()


def area_script(area_id):
    import streamlit as st

    from views import area, navigation, shared

    with shared.run_lease():
        st.navigation(navigation.pages(), position="hidden")  # registers the pages that links point to
        area.render(area_id)


def area_test(area_id, user=ADMIN, tab=None):
    sign_in(user)
    at = AppTest.from_function(area_script, args=(area_id,), default_timeout=60)
    return open_tab(at.run(), f"area{area_id}_tabs", tab) if tab else at.run()


def open_tab(at, key, label):
    """A click on the tab `label` (or, with True, on the expander `key`): its content is drawn only from
    then on (widgets.lazy_tabs, widgets.lazy_expander)."""
    at.session_state[key] = label
    return at.run()


def drawn(at, start: str) -> list[str]:
    """The HTML blocks of the page that hold `start` (a gauge's picture, the bullet board's grid)."""
    return [h.proto.body for h in at.get("html") if start in h.proto.body]


def use_store(path, with_demo):
    make_store(path, with_demo=with_demo).close()
    st.cache_data.clear()
    st.cache_resource.clear()
    return settings.override(db_path=path)


@pytest.fixture(params=["demo", "empty"])
def store_file(request, tmp_path):
    with use_store(tmp_path / f"{request.param}.duckdb", request.param == "demo"):
        yield request.param


@pytest.fixture
def demo_file(tmp_path):
    path = tmp_path / "demo.duckdb"
    with use_store(path, True):
        yield path


def texts(at, kind):
    return [e.value for e in getattr(at, kind)]


def open_page(page, user=ADMIN, **query):
    sign_in(user)
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    return at.switch_page(str(catalog.ROOT / page)).run() if page else at


def test_app_opens_on_the_overview(store_file):
    at = open_page(None)
    assert not at.exception
    assert texts(at, "title") == ["“开局八好”指标总览"]
    cards = [m for m in texts(at, "markdown") if any(m == f"**{a['id']}. {a['name']}**" for a in AREAS)]
    assert len(cards) == 8
    assert any("示例数据" in w for w in texts(at, "warning")) == (store_file == "demo")
    assert any("暂无数据" in i for i in texts(at, "info")) == (store_file == "empty")
    assert [t.label for t in at.tabs] == ["滞后与预警指标", "较上月变化", "红黄绿矩阵"]


def test_overview_lists_behind_indicators_red_first_with_notes(demo_file):
    at = open_page(None)
    behind = at.dataframe[0].value
    labels = behind["状态"].tolist()
    assert labels and labels == sorted(labels, key=lambda s: 0 if "滞后" in s else 1)
    assert {"编码", "指标", "单位", "年度目标", "实际", "数据期间", "牵头单位", "情况说明"} <= set(behind.columns)
    assert len(at.dataframe) == 1 and not at.get("plotly_chart")  # hidden tabs are drawn when opened
    changes = open_tab(at, "overview_tabs", "较上月变化").dataframe
    assert len(changes) == 1 and set(changes[0].value["变化"]) <= {"新转滞后", "新转预警", "恢复正常"}
    assert len(open_tab(at, "overview_tabs", "红黄绿矩阵").get("plotly_chart")) == 1  # the 红黄绿 matrix


@pytest.mark.parametrize("area", AREAS, ids=lambda a: f"area{a['id']}")
def test_every_area_page(store_file, area):
    at = area_test(area["id"])
    assert not at.exception
    assert texts(at, "title") == [f"{area['id']}. {area['name']}"]
    rows = CATALOG[CATALOG["area"] == area["id"]]
    numeric = rows[NUMERIC.loc[rows.index]]
    bullets = int(len(numeric) > numeric["headline"].sum())
    # gauges and bullets are HTML (charts.gauge_svg, charts.bullets_html); plotly draws only the opened tabs
    assert len(drawn(at, "data:image/svg+xml")) == numeric["headline"].sum()
    assert len(drawn(at, f"<div style=\"{bullets_html.GRID}")) == bullets
    assert not at.get("plotly_chart")
    assert len(open_tab(at, f"area{area['id']}_tabs", "月度趋势").get("plotly_chart")) == (1 if len(numeric) else 0)
    at = open_tab(at, f"area{area['id']}_tabs", "指标明细")
    table = at.dataframe[0].value
    assert table["编码"].tolist() == rows["code"].tolist()
    if store_file == "empty":  # January: monthly figures are due, quarterly, annual and yearly results not yet
        expected = ["○ 目标待定" if pending and kind in NUMERIC_KINDS else
                    "○ 未报送" if f == "monthly" and pd.isna(result) else "○ 未到报送期"
                    for f, result, pending, kind in rows[["frequency", "result_month", "target_pending", "kind"]]
                    .itertuples(index=False)]
        assert table["状态"].tolist() == expected


def test_indicator_tables_lead_with_what_a_leader_reads_and_open_on_a_cell(demo_file):
    at = open_page(None)
    behind = at.dataframe[0].proto
    assert list(behind.column_order)[:4] == ["指标", "实际", "状态", "牵头单位"]
    assert list(behind.column_order)[-1] == "编码"
    assert list(behind.selection_mode) == [behind.SelectionMode.SINGLE_CELL]
    widths = {name: config.get("width") for name, config in json.loads(behind.columns).items()}
    longest = max(len(n) for n in at.dataframe[0].value["指标"])
    assert widths["指标"] >= min(longest, 17) * tables.FONT_PX
    assert widths["编码"] < widths["状态"] < widths["牵头单位"] < widths["指标"]


def test_area_filters_by_status_and_department(demo_file):
    at = area_test(5, tab="指标明细")
    assert not at.multiselect  # the filters wait for their box to open
    at = open_tab(at, "area5_filters", True)
    everything = at.dataframe[0].value
    at.multiselect(key="area5_status_filter").set_value(["滞后"]).run()
    red = at.dataframe[0].value
    assert 0 < len(red) < len(everything) and set(red["状态"]) == {"■ 滞后"}
    at.multiselect(key="area5_status_filter").set_value([]).run()
    department = at.selectbox(key="area5_department_filter").options[1]
    at.selectbox(key="area5_department_filter").set_value(department).run()
    leads = at.dataframe[0].value["牵头单位"].str.replace("（暂列）", "")
    assert len(leads) and all(department in catalog.leads_of(lead) for lead in leads)


def empty_table_script(clickable):
    import pandas as pd

    from views import tables

    frame = pd.DataFrame(columns=["编码", "指标", "状态"])
    tables.indicator_table(frame, key="t") if clickable else tables.show(frame)


@pytest.mark.parametrize("clickable", [True, False])
def test_a_table_without_rows_says_so_in_words(clickable):
    """A filter that leaves nothing: no table (Streamlit's would read "empty"), the sentence instead."""
    at = AppTest.from_function(empty_table_script, args=(clickable,)).run()
    assert [i.value for i in at.info] == [tables.NO_ROWS] and not at.dataframe and not at.caption


def test_period_picker_changes_what_is_shown_and_survives_page_switch(demo_file):
    at = open_page(None)
    assert at.selectbox(key=PERIOD).value == 10
    october = texts(at, "markdown")[0]
    at.selectbox(key=PERIOD).set_value(3).run()
    assert "2026年1-3月" in texts(at, "caption")[0]
    assert texts(at, "markdown")[0] != october
    at.switch_page(str(catalog.ROOT / "views/department.py")).run()
    assert not at.exception
    assert "2026年1-3月" in texts(at, "caption")[0]


def test_values_carry_unit_and_data_period(demo_file):
    at = area_test(1, tab="指标明细")
    gdp = at.dataframe[0].value.set_index("编码").loc["A1-01"]
    assert gdp["实际"].endswith("%（示例）")
    assert gdp["数据期间"] == f"{YEAR}年前三季度"


def test_detail_shows_plan_text_conflict_revisions_and_notes(demo_file):
    code = CATALOG.loc[CATALOG["name"].str.contains("充电桩"), "code"].iloc[0]
    cur = store.connect(demo_file).cursor()
    up = store.add_upload(cur, "更正.xlsx", "统计局")
    store.add_observations(cur, up, observations((code, YEAR, 10, 150.0)))
    write_note(cur, code, YEAR, 10, "<b>三季度</b>集中建设", "市发改局")
    cur.close()
    st.cache_data.clear()
    at = open_page("views/detail.py", code=code)
    assert not at.exception
    assert texts(at, "title")[0].startswith(code)
    assert not any("示例数据" in w for w in texts(at, "warning"))  # its one shown value is real
    assert metrics(at)["本期值（2026年1-10月）"] == "150个"
    facts = dict(re.findall(r"^- \*\*(.+?)\*\*：(.+)$", "\n".join(texts(at, "markdown")), re.M))
    assert "160个以上" in facts["另见（一致的表述）"]  # 168 and 160以上 both hold: a restatement, not a conflict
    assert facts["牵头单位"] and facts["为何由其牵头"] and facts["时间进度"] and facts["数据来源"]
    sources = CATALOG.set_index("code").loc[code, "source_text"]
    assert all(any(detail_parts.plain(words) in md for md in texts(at, "markdown")) for words in sources)
    history = at.dataframe[0].value
    tenth = history[history["月份"] == "1-10月"]
    assert tenth["版本"].tolist() == [1, 2] and tenth["上传人"].tolist()[-1] == "统计局"
    assert "<b>三季度</b>集中建设" in texts(at, "text")


@pytest.mark.parametrize("name,words", [("规模工业增加值", "7%以上"), ("粮食总产量", "左右"), ("新签约项目", "市发改局")])
def test_detail_warns_of_statements_that_cannot_both_hold(demo_file, name, words):
    code = CATALOG.loc[CATALOG["name"].str.contains(name), "code"].iloc[0]
    at = open_page("views/detail.py", code=code)
    assert any(words in w and "不一致" in w for w in texts(at, "warning"))


def test_detail_draws_the_months_of_a_decrease_indicator_against_last_year(demo_file):
    """生产安全事故死亡人数 has a figure every month: the detail page draws them, not 暂无可绘制的月度数值."""
    at = open_page("views/detail.py", code="A7-01")
    assert not at.exception and not any("暂无可绘制" in i for i in texts(at, "info"))
    (chart,) = at.get("plotly_chart")
    traces = {t.name: t for t in plotly.io.from_json(chart.proto.spec).data}
    assert len(traces[f"{YEAR}年实际"].text) == 9 and len(traces[f"{YEAR - 1}年同期"].text) == 11  # hover per point
    assert metrics(at)["年度目标"] == "持续下降"


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_detail_marks_a_demo_value_and_says_why_a_row_is_grey(demo_file):
    table = report.status_table(make_store(with_demo=True), YEAR, 10)
    demo = table[table["is_demo"] & table["actual"].notna()].iloc[0]
    shown = metrics(open_page("views/detail.py", code=demo["code"]))
    assert shown[f"本期值（{demo['data_period']}）"].endswith("（示例）")
    not_due = table[table["reason"] == "未到报送期"].iloc[0]
    shown = metrics(open_page("views/detail.py", code=not_due["code"]))
    grey = base.word_ink("未到报送期")
    assert shown["状态"] == ':color[○ 未到报送期]{foreground="%s"}' % grey  # the word in its colour
    assert not any(v.endswith("（示例）") for v in shown.values())
    red = table[table["status"] == "red"].iloc[0]
    assert metrics(open_page("views/detail.py", code=red["code"]))["状态"] == ':color[■ 滞后]{foreground="%s"}' % (
        base.STATUS_INK["red"])


def test_banner_counts_the_demo_values(demo_file):
    count = int(report.status_table(make_store(with_demo=True), YEAR, 10)["is_demo"].sum())
    (banner,) = [w for w in texts(open_page(None), "warning") if "示例数据" in w]
    assert f"当前显示的数值中有 {count} 项为系统生成的示例数据" in banner and count > 100


@pytest.mark.parametrize("statuses,reasons,sentence", [
    (["green", "yellow", "red", "grey", "grey", "grey"], ["", "", "", "未报送", "未到报送期", "未到报送期"],
     "已报送 3 项，达到序时进度 1 项、占比 33.3%；预警 1 项，滞后 1 项；未报送 1 项，未到报送期 2 项。"),
    (["green", "grey"], ["", "目标待定"],
     "已报送 1 项，达到序时进度 1 项、占比 100.0%；预警 0 项，滞后 0 项；未报送 0 项，未到报送期 0 项，目标待定 1 项。"),
    (["grey", "grey"], ["未报送", "未到报送期"], "共 2 项指标，本期暂无数据报送。"),
])
def test_on_track_sentence_tells_missing_from_not_yet_due(statuses, reasons, sentence):
    assert widgets.on_track_sentence(pd.DataFrame({"status": statuses, "reason": reasons})) == sentence


@pytest.mark.parametrize("is_demo", [True, False])
def test_table_marks_demo_values_and_only_them(is_demo):
    rows = report.status_table(make_store(with_demo=True), YEAR, 10).assign(is_demo=is_demo)
    shown = widgets.display_frame(rows).set_index("编码")
    with_value = rows[rows["actual"].notna() | rows["actual_text"].notna()]["code"]
    assert len(with_value) and (shown.loc[with_value, "实际"].str.endswith("（示例）") == is_demo).all()
    assert not shown.loc[~shown.index.isin(with_value), "实际"].str.contains("示例").any()
    grey = rows.set_index("code").loc[shown.index, "reason"]
    assert (shown.loc[grey == "未到报送期", "状态"] == "○ 未到报送期").all() and (grey == "未到报送期").any()


def test_department_view_shows_only_that_department(demo_file):
    at = open_page("views/department.py")
    choice = at.selectbox(key="department_choice").options[2]
    department = choice.split("（")[0]
    at.selectbox(key="department_choice").set_value(department).run()
    assert texts(at, "title") == [f"部门视图：{department}"]
    shown = at.dataframe[0].value
    expected = CATALOG[catalog.led_by(CATALOG, department)]
    assert sorted(shown["编码"]) == sorted(expected["code"])


def test_outlook_gives_a_verdict_for_every_projected_indicator(store_file):
    at = open_page("views/outlook.py")
    assert not at.exception
    if store_file == "empty":
        assert any("暂无数据" in i for i in texts(at, "info"))
        return
    table = at.dataframe[0].value
    assert set(table["判断"].str.slice(0, 3)) <= {"预计可", "有差距"}
    assert len(table) > 20


@pytest.mark.parametrize("page", ["views/outlook.py", "views/department.py", "views/detail.py"])
def test_every_file_page_opens_on_demo_and_empty_stores(store_file, page):
    at = open_page(page)
    assert not at.exception
    assert texts(at, "title")
    if store_file == "empty" and page == "views/detail.py":
        assert "暂无数据：该指标本年度尚未报送任何数值。" in texts(at, "info")


def test_upload_page_offers_templates_and_history(store_file):
    at = open_page("views/upload.py", user=accounts.User("统计员", "uploader", "市统计局"))
    assert not at.exception
    assert texts(at, "title") == ["数据上报"]
    labels = [b.proto.label for b in at.get("download_button")]
    assert any(label.endswith("填报模板") for label in labels)
    assert not any("目标分解表" in label for label in labels)  # targets are an administrator's alone
    admin = [b.proto.label for b in open_page("views/upload.py").get("download_button")]
    assert any("目标分解表" in label for label in admin)
    if store_file == "demo":
        assert at.dataframe[-1].value["类型"].tolist() == ["示例数据"]
    else:
        assert "暂无上传记录。" in texts(at, "info")


def test_area_page_offers_deck_excel_and_chart_downloads(demo_file):
    at = area_test(2)
    assert not [b for b in at.button if b.key == "deck_2"]  # the export section is drawn when opened
    at = open_tab(at, "area2_export", True)
    labels = [b.proto.label for b in at.get("download_button")]
    assert at.button(key="deck_2").label == "生成扩内需活市场汇报材料（PPTX）"
    assert "导出扩内需活市场数据（Excel）" in labels and not [x for x in labels if "汇报材料" in x]
    assert not labels.count("下载 PNG")  # a chart's image downloads are drawn when its popover opens
    at = open_tab(at, "area2_gauge-A2-01-dl_open", True)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels.count("下载 PNG") == labels.count("下载 SVG") == 1
    assert "导出扩内需活市场滞后指标通报（按牵头单位，PPTX）" in labels


def test_making_the_deck_shows_its_progress_then_offers_the_file(demo_file):
    at = open_tab(area_test(2), "area2_export", True)
    at.button(key="deck_2").click().run()
    assert not at.exception
    (bar,) = at.get("progress")
    assert bar.proto.value == 100 and re.fullmatch(r"已生成（用时 \d+ 秒），请点击下方按钮下载。", bar.proto.text)
    (deck,) = [b for b in at.get("download_button") if "汇报材料" in b.proto.label]
    assert deck.proto.label == "下载扩内需活市场汇报材料（PPTX）"
    assert not [b for b in at.button if b.key == "deck_2"]  # made: 生成 gives way to 下载
    at.run()  # a later run of the page still offers the file
    assert [b.proto.label for b in at.get("download_button") if "汇报材料" in b.proto.label] == [deck.proto.label]


def test_area_analysis_is_plain_text_with_a_copy_button(demo_file):
    at = area_test(2)
    assert [t.label for t in at.tabs][:1] == ["运行分析"] and not at.dataframe  # the table waits for its tab
    assert not at.code  # no monospace code box
    (analysis,) = [t.value for t in at.get("text") if "项指标中" in t.value]
    assert analysis.startswith(f"1-10月，扩内需活市场领域{(CATALOG['area'] == 2).sum()}项指标中")
    (button,) = [h.proto.body for h in at.get("html") if "复制文字" in h.proto.body]
    assert json.dumps(analysis, ensure_ascii=False) in button
    assert "navigator.clipboard.writeText" in button and 'execCommand("copy")' in button


def analysis_script(paragraph):
    from views import downloads

    downloads.analysis(paragraph, key="t")


def test_analysis_with_markup_in_a_note_shows_it_as_text_and_cannot_end_the_copy_script():
    said = "需关注：*重点* 项目 $5 亿元（情况说明：</script><script>window.__xss=1</script>）。"
    at = AppTest.from_function(analysis_script, args=(said,)).run()
    assert not at.exception and [t.value for t in at.get("text")] == [said] and not at.markdown
    (body,) = [h.proto.body for h in at.get("html")]
    script = body.split("<script>", 1)[1]
    assert script.count("</script>") == 1 and script.endswith("</script>")
    assert json.loads(re.search(r"const text = (\".*?\"), button", script).group(1)) == said



def test_a_disabled_account_is_signed_out_at_the_next_click(demo_file):
    at = open_page(None, user=accounts.User("李科长", "viewer", None))
    assert texts(at, "title") == ["“开局八好”指标总览"]
    cur = store.connect(demo_file).cursor()
    accounts.disable_user(cur, "李科长", by="测试管理员")
    cur.close()
    at.run()
    assert texts(at, "title") == ["八好看板 · 登录"] and not at.get("plotly_chart")


def test_a_demoted_account_loses_its_pages_at_the_next_click(demo_file):
    at = open_page("views/upload.py", user=accounts.User("王科员", "uploader", "市发改局"))
    assert texts(at, "title") == ["数据上报"]
    cur = store.connect(demo_file).cursor()
    accounts.set_role(cur, "王科员", "viewer", by="测试管理员")
    cur.close()
    at.run()
    assert texts(at, "title") == ["无权限"]


def test_after_a_reset_the_user_must_choose_a_new_password_first(demo_file):
    sign_in(accounts.User("赵会计", "viewer", None))
    cur = store.connect(demo_file).cursor()
    temporary = accounts.reset_password(cur, "赵会计", by="测试管理员")
    COOKIE["token"] = accounts.start_session(cur, accounts.authenticate(cur, "赵会计", temporary))
    cur.close()
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert texts(at, "title") == ["修改密码"] and any("重置" in w for w in texts(at, "warning"))
    at.text_input(key="password_old").set_value(temporary)
    at.text_input(key="password_new").set_value("my-new-secret-1")
    at.text_input(key="password_again").set_value("my-new-secret-1")
    at.button[0].click().run()
    assert texts(at, "success") == ["密码已修改。"]
    assert not any("重置" in w for w in texts(at.run(), "warning"))
    assert texts(at.switch_page(str(catalog.ROOT / "views/overview.py")).run(), "title") == ["“开局八好”指标总览"]


@pytest.mark.parametrize("again,message", [("different-9", "两次输入的新密码不一致"), ("short", "密码至少需要 8 个字符")])
def test_a_password_change_says_what_is_wrong(demo_file, again, message):
    at = open_page("views/password.py", user=accounts.User("钱科长", "viewer", None))
    at.text_input(key="password_old").set_value("test-password-1")
    at.text_input(key="password_new").set_value(again if again == "short" else "my-new-secret-1")
    at.text_input(key="password_again").set_value(again)
    at.button[0].click().run()
    assert texts(at, "error") == [message]


@pytest.mark.parametrize("user,upload,admin", [
    (accounts.User("看", "viewer", None), False, False),
    (accounts.User("报", "uploader", "市发改局"), True, False),
    (ADMIN, True, True),
])
def test_navigation_follows_the_role(demo_file, user, upload, admin):
    at = open_page(None, user=user)
    assert not at.exception
    for page, allowed in (("views/upload.py", upload), ("views/admin.py", admin)):
        shown = open_page(page, user=user)
        assert not shown.exception
        assert (texts(shown, "title") != ["无权限"]) == allowed  # by its address, a forbidden page says so


def test_admin_page_lists_users_and_the_audit_log(demo_file):
    at = open_page("views/admin.py")
    assert texts(at, "title") == ["系统管理"]
    at.text_input(key="admin_new_name").set_value("王五")
    at.selectbox(key="admin_new_role").set_value("uploader")
    at.selectbox(key="admin_new_department").set_value("市发改局")
    at.button[0].click().run()
    assert any(s.startswith("已添加账户 王五，初始密码：") for s in texts(at, "success"))
    log = at.dataframe[-1].value
    assert list(log.columns) == ["序号", "时间", "操作人", "操作", "详情"]
    assert log.iloc[0][["操作人", "操作", "详情"]].tolist() == [ADMIN.name, "添加账户", "添加用户 王五（上报，市发改局）"]


@pytest.mark.parametrize("page", [None, "views/outlook.py", "views/department.py", "views/detail.py",
                                  "views/upload.py", "views/admin.py"])
def test_every_page_asks_for_sign_in_first(demo_file, page):
    at = open_page(page, user=None)
    assert texts(at, "title") == ["八好看板 · 登录"]
    assert not at.get("plotly_chart") and not at.dataframe
    assert any("/auth/login?next=" in m for m in texts(at, "markdown"))


def test_charts_drawn_without_a_second_check_are_valid_plotly(demo_file):
    """views.shared.chart skips Streamlit's check of cached figure dicts: what reaches the browser must
    still be a figure plotly accepts, the same as the figure the dict was made from."""
    pages = [open_tab(area_test(3), "area3_tabs", "月度趋势"), open_tab(open_page(None), "overview_tabs", "红黄绿矩阵")]
    specs = [json.loads(chart.proto.spec) for at in pages for chart in at.get("plotly_chart")]
    assert len(specs) >= 2
    for spec in specs:  # what Streamlit's own check would have sent, which leaves out empty (null) values
        checked = plotly.tools.return_figure_from_figure_or_data(spec, validate_figure=True)
        assert json.loads(plotly.io.to_json(checked, validate=False)) == without_nulls(spec)


def without_nulls(value):
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    return [without_nulls(v) for v in value] if isinstance(value, list) else value


def test_the_server_start_fills_what_the_first_page_reads(demo_file, monkeypatch):
    """views.warm at start-up: the first 总览 after sign-in finds its statuses already computed."""
    from views import shared, warm

    warm.warm_up()

    def recompute(*args):
        raise AssertionError("computed again: the start-up did not fill the cache")

    monkeypatch.setattr(report, "status_table", recompute)
    with shared.run_lease() as cur:
        year = settings.get().year
        table = shared.status_table(year, store.latest_month(cur, year))
    assert len(table) == len(CATALOG)
    from charts import images
    assert images._renderer is not None  # Chromium for the first deck's images is already running


def test_tiles_show_each_bottom_line_indicator_with_its_marked_coloured_status(demo_file):
    at = area_test(7)
    rows = CATALOG[(CATALOG["area"] == 7) & ~NUMERIC]
    (block,) = [h.proto.body for h in at.get("html") if h.proto.body.startswith(f"<div style=\"{widgets.TILE_GRID}")]
    assert all(name in block for name in rows["name"]) and block.count("border:1px") == len(rows)
    assert re.search(r'color:#[0-9A-F]{6};font-weight:600">[●▲■○] \S+</span>', block)
