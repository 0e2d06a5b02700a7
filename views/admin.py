"""管理: accounts and the audit log (administrators only)."""
import streamlit as st

from indicators import accounts, store
from views import auth, shared

user = auth.current_user()
st.title("系统管理")
if user is None or not accounts.may_admin(user):
    st.error("只有管理员可以使用此页面。")
    st.stop()

cur = shared.cursor()
st.subheader("账户")
users = store.list_users(cur)
USER_HEADERS = {"name": "用户名", "role": "角色", "department": "部门", "disabled": "已停用",
                "failed_logins": "连续失败", "locked_until": "锁定至", "created_at": "创建时间"}
shown = users.assign(role=users["role"].map(accounts.ROLE_LABELS))[list(USER_HEADERS)].rename(columns=USER_HEADERS)
st.dataframe(shown.astype(object).where(shown.notna(), ""), hide_index=True, width="stretch")
with st.form("add_user"):
    left, middle, right = st.columns(3)
    name = left.text_input("新用户名", key="admin_new_name")
    role = middle.selectbox("角色", accounts.ROLES, format_func=accounts.ROLE_LABELS.get, key="admin_new_role")
    department = right.text_input("部门（上报账户必填，如 市发改局）", key="admin_new_department")
    if st.form_submit_button("添加账户"):
        try:
            password = accounts.create_user(cur, name.strip(), role, department.strip() or None, by=user.name)
            st.success(f"已添加账户 {name}，初始密码：{password}（只显示这一次，请转告本人并提醒修改）")
        except accounts.AccountError as exc:
            st.error(exc.format_message())
names = users["name"].tolist() if "name" in users else []
left, right = st.columns(2)
chosen = left.selectbox("选择账户", names, key="admin_pick")
if chosen and right.button("重置密码（同时解除锁定）", key="admin_reset"):
    st.success(f"{chosen} 的新密码：{accounts.reset_password(cur, chosen, by=user.name)}（只显示这一次）")
if chosen and right.button("停用账户", key="admin_disable", disabled=chosen == user.name):
    accounts.disable_user(cur, chosen, by=user.name)
    st.success(f"已停用 {chosen}")

st.subheader("操作日志")
log = store.audit_log(cur)
st.dataframe(log.astype(object).where(log.notna(), ""), hide_index=True, width="stretch")
