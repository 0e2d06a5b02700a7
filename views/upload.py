"""数据上报: download a template, upload a file, see every problem or the preview, confirm."""
import streamlit as st

from indicators import accounts
from views import auth, shared, upload_parts as parts
from common import periods

user = auth.current_user()
if not accounts.may_upload_anything(user):
    auth.forbidden("数据上报")
year, month = shared.period_picker()
st.title("数据上报")
st.caption("可上传：看板下载的填报模板、统计局月报表（.xlsx / WPS .xls / .ods / .csv，表头一行或两行均可），"
           "或管理员的目标分解表。上传后先检查、预览，确认后才写入；有任何错误时整份文件不写入。")
notice = st.empty()  # the landed message, written once the picker below is empty again

with st.expander("下载填报模板", expanded=False):
    parts.template_downloads(shared.cursor(), year, month, user)

scope = "全部指标" if accounts.may_upload(user, None) else f"{user.department}牵头的指标"
st.caption(f"上传人：{user.name}（可上报{scope}）")
choice = st.selectbox("数据期间", ["从文件标题读取"] + list(range(1, 13)), key="upload_period",
                      format_func=lambda m: m if isinstance(m, str) else periods.period_label(year, m))
file = st.file_uploader("选择文件", type=list(parts.FILE_TYPES), key=parts.uploader_key())
parts.landed_notice(notice)

if file is not None:
    period = None if isinstance(choice, str) else (year, choice)
    checked = st.empty()  # the check, the preview and the button: cleared the moment the file is sent
    with checked.container():
        progress = st.progress(0.2, text="正在读取与检查……")
        prepared = shared.prepare_upload(file.getvalue(), file.name, period, user)
        progress.empty()
        parts.show_prepared(prepared)
        if accounts.may_admin(user):
            parts.alias_form(prepared, user.name)
        sent = parts.confirm(prepared)
    if sent:
        parts.land(checked, prepared, user)

st.subheader("上传记录")
parts.history(shared.cursor())
if accounts.may_admin(user):
    with st.expander("管理：回退上传、锁定月份（审核定稿）、清除示例数据"):
        parts.admin(shared.cursor(), year, user.name)
