"""The admin's account pages (/admin/users): create an account, reset a forgotten password,
disable or enable it, give it its villages or communes. Same rules (``account_rules``) and
store functions as `agent-app create-user` and `set-password`; every change is audited.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .auth import role_required
from .domain import codes
from .domain.account_rules import (
    MESSAGES,
    display_name_problem,
    password_problem,
    username_problem,
)
from .domain.identifiers import clean_phone, phone_error
from .domain.text import clean
from .form_records import whole_number
from .store import audit, get_db
from .store import places as place_store
from .store import users as user_store

bp = Blueprint("accounts", __name__, url_prefix="/admin/users")

VILLAGE_ROLES = ("agent",)
COMMUNE_ROLES = ("commune_official", "supervisor")


def _places() -> tuple[list[dict], list[dict]]:
    """Every commune, and every village with its commune's name, for the scope checkboxes."""
    db = get_db()
    communes = place_store.list_communes(db)
    villages = place_store.list_villages(db, {r[0] for r in db.conn.execute(
        "SELECT id FROM villages")})
    return communes, villages


def _scope_from(form, role: str, communes: list[dict],
                villages: list[dict]) -> tuple[set[int], set[str]]:
    """The ticked villages (agents) or communes (officials, supervisors); admins see all."""
    known_villages = {v["id"] for v in villages}
    known_communes = {c["code"] for c in communes}
    village_ids = set(form.getlist("village", type=whole_number)) & known_villages
    commune_codes = set(form.getlist("commune")) & known_communes
    return (village_ids if role in VILLAGE_ROLES else set(),
            commune_codes if role in COMMUNE_ROLES else set())


def _phone_from(form, errors: dict[str, str]) -> str | None:
    """The agent's phone, given in their renewal reminders (the CLI's --phone, same rule)."""
    phone = clean_phone(clean(form.get("phone"))) or None
    if phone and (problem := phone_error(phone)):
        errors["phone"] = _("Số điện thoại: %(error)s", error=problem)
    return phone


def _password_errors(form, username: str) -> dict[str, str]:
    password = form.get("password", "")
    problem = password_problem(password, username)
    if problem:
        return {"password": _(problem)}
    if password != form.get("password2", ""):
        return {"password2": _(MESSAGES["password_mismatch"])}
    return {}


def _account_or_404(user_id: int) -> dict:
    found = user_store.get_user(get_db(), user_id)
    if found is None:
        abort(404)
    return found


@bp.route("/")
@role_required("admin")
def index():
    return render_template("accounts/index.html", accounts=user_store.accounts(get_db()))


@bp.route("/new", methods=["GET", "POST"])
@role_required("admin")
def new():
    communes, villages = _places()
    errors: dict[str, str] = {}
    form = request.form
    if request.method == "POST":
        db = get_db()
        username = clean(form.get("username")).lower()
        display_name = clean(form.get("display_name"))
        role = form.get("role", "")
        for field, problem in (("username", username_problem(username)),
                               ("display_name", display_name_problem(display_name))):
            if problem:
                errors[field] = _(problem)
        if "username" not in errors and user_store.get_user_by_name(db, username):
            errors["username"] = _(MESSAGES["username_taken"])
        if role not in user_store.ROLES:
            errors["role"] = _(MESSAGES["role"])
        phone = _phone_from(form, errors)
        errors.update(_password_errors(form, username))
        if not errors:
            village_ids, commune_codes = _scope_from(form, role, communes, villages)
            user_id = user_store.add_account(db, current_user.id, username, form["password"],
                                             role, display_name, sorted(village_ids),
                                             sorted(commune_codes), phone=phone)
            flash(_("Đã tạo tài khoản %(name)s (%(role)s).", name=username,
                    role=codes.ROLES[role]), "ok")
            return redirect(url_for(".edit", user_id=user_id))
    return render_template("accounts/new.html", form=form, errors=errors, communes=communes,
                           villages=villages), 400 if errors else 200


@bp.route("/<int:user_id>", methods=["GET", "POST"])
@role_required("admin")
def edit(user_id: int):
    account = _account_or_404(user_id)
    communes, villages = _places()
    db = get_db()
    errors: dict[str, str] = {}
    if request.method == "POST":
        display_name = clean(request.form.get("display_name"))
        problem = display_name_problem(display_name)
        if problem:
            errors["display_name"] = _(problem)
        phone = _phone_from(request.form, errors)
        if not errors:
            village_ids, commune_codes = _scope_from(request.form, account["role"], communes,
                                                     villages)
            user_store.update_account(db, current_user.id, user_id, display_name, village_ids,
                                      commune_codes, phone=phone)
            flash(_("Đã lưu tài khoản %(name)s.", name=account["username"]), "ok")
            return redirect(url_for(".edit", user_id=user_id))
    return _edit_page(account, communes, villages, errors)


def _edit_page(account: dict, communes: list[dict], villages: list[dict],
               errors: dict[str, str], password_errors: dict[str, str] | None = None):
    db = get_db()
    scope = user_store.account_scope(db, account["id"])
    return render_template(
        "accounts/edit.html", account=account, scope=scope, communes=communes,
        villages=villages, errors=errors, password_errors=password_errors or {},
        form=request.form if errors else {},
        history=describe(audit.history(db, "user", account["id"]), communes, villages),
        village_roles=VILLAGE_ROLES, commune_roles=COMMUNE_ROLES), \
        400 if errors or password_errors else 200


@bp.route("/<int:user_id>/password", methods=["POST"])
@role_required("admin")
def password(user_id: int):
    account = _account_or_404(user_id)
    problems = _password_errors(request.form, account["username"])
    if problems:
        communes, villages = _places()
        return _edit_page(account, communes, villages, {}, problems)
    user_store.reset_password(get_db(), current_user.id, user_id, request.form["password"])
    flash(_("Đã đặt mật khẩu mới cho %(name)s. Hãy đưa mật khẩu này cho người dùng qua một "
            "kênh riêng.", name=account["username"]), "ok")
    return redirect(url_for(".edit", user_id=user_id))


@bp.route("/<int:user_id>/active", methods=["POST"])
@role_required("admin")
def active(user_id: int):
    account = _account_or_404(user_id)
    db = get_db()
    wanted = request.form.get("active") == "1"
    if not wanted and account["id"] == current_user.id:
        flash(_(MESSAGES["own_account"]), "error")
    elif not wanted and account["role"] == "admin" and account["active"] \
            and user_store.active_admins(db) <= 1:
        flash(_(MESSAGES["last_admin"]), "error")
    else:
        user_store.set_active(db, current_user.id, user_id, wanted)
        flash(_("Đã mở lại tài khoản %(name)s.", name=account["username"]) if wanted else
              _("Đã khoá tài khoản %(name)s: người này không đăng nhập được nữa; mọi bản ghi "
                "đã gửi vẫn giữ nguyên.", name=account["username"]), "ok")
    return redirect(url_for(".edit", user_id=user_id))


FIELDS = {"username": _l("Tên đăng nhập"), "display_name": _l("Họ và tên"),
          "phone": _l("Số điện thoại"),
          "role": _l("Vai trò"), "active": _l("Trạng thái"), "villages": _l("Thôn, ấp"),
          "communes": _l("Xã"), "password": _l("Mật khẩu")}
ACTIONS = {"create": _l("Tạo tài khoản"), "update": _l("Sửa tài khoản"),
           "password": _l("Đặt lại mật khẩu"), "active": _l("Khoá hoặc mở tài khoản")}


def describe(changes: list[dict], communes: list[dict], villages: list[dict]) -> list[dict]:
    """An account's audit entries in words: labels and names, never ids or codes."""
    names = {"villages": {v["id"]: v["name"] for v in villages},
             "communes": {c["code"]: c["name"] for c in communes}}

    def shown(key: str, value) -> str:
        if value is None:
            return ""
        if key in names:
            return ", ".join(str(names[key].get(item, item)) for item in value)
        if key == "role":
            return str(codes.ROLES.get(value, value))
        if key == "active":
            return _("Đang dùng") if value else _("Đã khoá")
        if key == "password":
            return _("đã đặt mật khẩu mới")
        return str(value)

    described = []
    for change in changes:
        before, after = change["before"] or {}, change["after"] or {}
        described.append({
            "at": change["at"], "who": change["user_name"],
            "title": str(ACTIONS.get(change["action"], change["action"])),
            "fields": [(str(FIELDS[k]), shown(k, before.get(k)), shown(k, after.get(k)))
                       for k in after if k in FIELDS]})
    return described
