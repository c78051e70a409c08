"""What an account must be, the same for `agent-app create-user` / `set-password` and for the
admin's web pages (pure: no database, no request).

Messages are Vietnamese source text; pages translate them with gettext, the command prints them.
"""

from __future__ import annotations

import re

from .text import clean

USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{2,39}")
PASSWORD_MIN = 8
NAME_LIMIT = 120


def N_(text: str) -> str:
    """Marks a message for the translation catalogue; pages translate it when they show it."""
    return text


MESSAGES = {
    "username": N_("Tên đăng nhập: 3–40 ký tự, chữ thường không dấu, số, dấu chấm, gạch ngang"
                   " hoặc gạch dưới; bắt đầu bằng chữ hoặc số."),
    "username_taken": N_("Tên đăng nhập này đã có người dùng."),
    "display_name": N_("Họ và tên: không được để trống, tối đa 120 ký tự."),
    "password_short": N_("Mật khẩu: ít nhất 8 ký tự."),
    "password_is_username": N_("Mật khẩu không được trùng tên đăng nhập."),
    "password_mismatch": N_("Hai lần nhập mật khẩu không giống nhau."),
    "role": N_("Vai trò: chọn nhân viên thu, cán bộ xã, giám sát hoặc quản trị."),
    "last_admin": N_("Không thể khoá tài khoản quản trị cuối cùng còn dùng được."),
    "own_account": N_("Không thể tự khoá tài khoản của chính mình."),
}


def username_problem(username: str) -> str | None:
    return None if USERNAME.fullmatch(username or "") else MESSAGES["username"]


def display_name_problem(name: str) -> str | None:
    text = clean(name)
    return None if text and len(text) <= NAME_LIMIT else MESSAGES["display_name"]


def password_problem(password: str, username: str) -> str | None:
    if len(password or "") < PASSWORD_MIN:
        return MESSAGES["password_short"]
    if password.strip().lower() == (username or "").lower():
        return MESSAGES["password_is_username"]
    return None
