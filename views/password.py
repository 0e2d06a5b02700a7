"""修改密码: every signed-in user changes their own password here, and must while it is one the system
generated (a new account, or an administrator's reset)."""
import streamlit as st

from views import auth

user = auth.current_user()
st.title("修改密码")
if user.must_change:
    st.warning("您的密码是系统生成的（新建的账户，或管理员重置过）：请先设置自己的新密码，再使用看板。")
auth.change_password_form(user)
