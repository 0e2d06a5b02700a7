"""修改密码: every signed-in user changes their own password here (and must, after an administrator's reset)."""
import streamlit as st

from views import auth

user = auth.current_user()
st.title("修改密码")
if user.must_change:
    st.warning("管理员已重置您的密码：请先设置新密码，再使用看板。")
auth.change_password_form(user)
