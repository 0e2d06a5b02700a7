"""管理: accounts and the audit log (administrators only)."""
import streamlit as st

from indicators import accounts, store
from views import auth, shared

user = auth.current_user()
if not accounts.may_admin(user):
    auth.forbidden("系统管理")
st.title("系统管理")

cur = shared.cursor()
st.subheader("账户")
users = store.list_users(cur)
USER_HEADERS = {"name": "用户名", "role": "角色", "department": "部门", "disabled": "已停用",
                "must_change_password": "须改密码", "failed_logins": "连续失败", "locked_until": "锁定至",
                "created_at": "创建时间"}
YES = {True: "是", False: ""}
shown = users.assign(role=users["role"].map(accounts.ROLE_LABELS), disabled=users["disabled"].map(YES),
                     must_change_password=users["must_change_password"].fillna(False).map(YES))
shown = shown[list(USER_HEADERS)].rename(columns=USER_HEADERS)
st.dataframe(shown.astype(object).where(shown.notna(), ""), hide_index=True, width="stretch")
with st.form("add_user"):
    left, middle, right = st.columns(3)
    name = left.text_input("新用户名", key="admin_new_name")
    role = middle.selectbox("角色", accounts.ROLES, format_func=accounts.ROLE_LABELS.get, key="admin_new_role")
    department = right.selectbox("部门（上报账户必填）", ["（无）"] + accounts.departments(cur), key="admin_new_department")
    if st.form_submit_button("添加账户"):
        chosen_department = None if department == "（无）" else department
        password = accounts.create_user(cur, name.strip(), role, chosen_department, by=user.name)
        st.success(f"已添加账户 {name}，初始密码：{password}（只显示这一次，请转告本人，首次登录须改密码）")
names = users["name"].tolist() if "name" in users else []
left, right = st.columns(2)
chosen = left.selectbox("选择账户", names, key="admin_pick")
if chosen and right.button("重置密码（同时解除锁定）", key="admin_reset"):
    st.success(f"{chosen} 的新密码：{accounts.reset_password(cur, chosen, by=user.name)}（只显示这一次）")
disabled = bool(chosen) and bool(users.set_index("name").loc[chosen, "disabled"])
if chosen and disabled and right.button("重新启用账户", key="admin_enable"):
    accounts.enable_user(cur, chosen, by=user.name)
    st.success(f"已重新启用 {chosen}")
elif chosen and not disabled and right.button("停用账户", key="admin_disable", disabled=chosen == user.name):
    accounts.disable_user(cur, chosen, by=user.name)
    st.success(f"已停用 {chosen}（其已登录的页面在下一次操作时退出）")

st.subheader("操作日志")
st.dataframe(accounts.audit_table(cur), hide_index=True, width="stretch")
