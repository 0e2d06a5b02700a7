"""指标详情: one indicator's plan text, conflicts, baseline, every value and revision, notes."""
import streamlit as st

from common.kinds import KIND_NAMES
from indicators import accounts, catalog
from views import detail_parts as parts
from views import auth, shared
from views import supervision_parts as supervision
from common import periods

year, month = shared.period_picker()
table = shared.status_table(year, month).set_index("code")
codes = list(table.index)
asked = st.query_params.get("code", codes[0])
code = st.selectbox("指标", codes, index=codes.index(asked) if asked in codes else 0,
                    format_func=lambda c: f"{c} {table.loc[c, 'name']}", key="detail_code")
row = table.loc[code]

st.title(f"{code} {row['name']}")
st.caption(f"{row['area']}. {row['area_name']}　·　{KIND_NAMES[row['kind']]}　·　"
           f"牵头单位：{catalog.lead_label(row)}　·　统计期间：{periods.period_label(year, month)}")
shared.demo_banner(table.loc[[code]])
parts.detail_metrics(row)
mark = st.container()  # filled after the 核验 form below: a mark saved in this run shows at once
if row["conflict"]:
    st.warning(f"方案各处表述不一致：{row['conflict']}", icon=":material/warning:")

st.subheader("目标、牵头单位与数据来源")
parts.facts(row.to_dict() | {"code": code})
st.subheader("方案原文")
parts.plan_sources(row)
st.subheader("月度数值")
parts.detail_trend(row.to_dict() | {"code": code}, shared.series(year), shared.series(year - 1))
st.subheader("全部数值与修订记录")
parts.revision_table(shared.revisions(code, year))
st.subheader("情况说明")
parts.note_list(shared.note_history(code, year))
st.subheader("督办记录")
supervision.histories(code)
st.subheader("核验")
user = auth.current_user()
if accounts.may_supervise(user):
    supervision.verification_form(code, (year, month), user)
with mark:
    supervision.verification_mark(code, (year, month))
