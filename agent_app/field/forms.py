"""Field forms: record a visit, sign people up, add a person met in the field.

Every form follows the convention in docs/sync.md, so the offline outbox can turn it into records;
posted without JavaScript, the view builds the same records and stores them through
``sync.ingest``. A warning (a possible duplicate, an amount that differs from the quote) is shown
beside its field before anything is saved; ticking "confirm" saves anyway.
"""

from __future__ import annotations

import uuid

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from sync.ingest import check, ingest
from sync.kinds import Actor
from sync.validation import RecordError, RecordErrors

from ..auth import count_attempt, over_limit, resident_or_404, role_required, village_or_404
from ..domain import clock, codes, identifiers, premiums
from ..domain.codes import FIELD_WRITERS
from ..domain.formatting import money
from ..domain.people import check_person
from ..domain.text import search_key
from ..form_records import fieldset_data, form_data, new_record, whole_number
from ..quotes import premium_params
from ..screens import bhyt_form, enrolment_form, person_form
from ..screens import render as screen
from ..screens import visit_form as visit_screen
from ..screens.texts import texts
from ..store import campaigns as campaign_store
from ..store import checklist as checklist_store
from ..store import get_db, jsontext
from ..store import places as place_store
from ..store import records as record_store
from ..store import residents as resident_store
from .views import bp

VISIT_TYPES = {"reasons": "list", "location.lat": "float", "location.lon": "float",
               "location.accuracy": "float"}
ENROLMENT_TYPES = {"months": "int", "income": "money", "position": "int", "amount": "money",
                   "no_receipt": "bool"}
MEMBER_FIELDS = ("resident_id", "position", "amount")
PERSON_TYPES = {"village_id": "int", "birth_year": "int"}
# "Đã đăng ký" is recorded by the sign-up itself, with its money and receipt: the visit form
# no longer offers it (ingest still takes it from pages cached before, never losing a record).
SIGN_UP_FIRST = _l("Ghi “Đã đăng ký” bằng nút đăng ký BHXH hoặc BHYT bên dưới: lần đăng ký"
                   " có số tiền và biên lai.")
# Every page here writes field records, or prepares them.
agent_only = role_required(*FIELD_WRITERS, reason=_l(
    "Chỉ nhân viên thu ghi lần đến nhà, đăng ký và thêm người vào danh sách; các tài khoản khác"
    " chỉ xem (cán bộ xã sửa danh sách ở trang của xã)."))


def _field_errors(error: RecordError) -> dict[str, str]:
    found = error.errors if isinstance(error, RecordErrors) else {error.field: error.message}
    return {name.removeprefix("data."): text for name, text in found.items()}


def _save(records: list[dict], errors: dict[str, str] | None = None,
          ) -> tuple[dict[str, str], dict[str, str]]:
    """Check every record as ingest will, then store them all; or return the errors (the form's
    own ``errors`` among them) and, unless the form confirmed them, the warnings (by field),
    storing nothing."""
    db, actor = get_db(), Actor.for_user(current_user)
    errors = dict(errors or {})
    warnings: dict[str, str] = {}
    for record in records:
        try:
            checked = check(db, actor, record)
        except RecordError as error:
            errors.update(_field_errors(error))
            continue
        for warning in checked.warnings:
            name, _sep, text = warning.partition(": ")
            warnings[name.removeprefix("data.")] = text
    if errors or (warnings and not request.form.get("confirm")):
        return errors, warnings
    for result in ingest(db, actor, records):
        if result.status == "rejected":
            errors["form"] = result.reason
    return errors, {}


def _correcting(kind: str, resident_id: str) -> dict | None:
    """The record a correction form starts from (``?corrects=<record id>``)."""
    record_id = request.args.get("corrects")
    if not record_id:
        return None
    record = record_store.get_record(get_db(), record_id)
    if record is None or record["kind"] != kind or record["resident_id"] != resident_id:
        abort(404)
    return {**jsontext.loads(record["data"], default={}), "corrects": record["id"]}


@bp.route("/visits/new")
@agent_only
def new_visit():
    resident = resident_or_404(request.args.get("resident", ""))
    return _visit_form(resident, _correcting("visit", resident["id"]) or {})


def _campaign_days() -> list[dict]:
    """Campaigns in the agent's villages from today to a week on: the form offers only those of
    the phone's today (field.js; the server's today without JavaScript), so a page kept for
    offline work stays right for a week. Never pre-filled: the agent chooses."""
    return campaign_store.campaigns_ahead(get_db(), sorted(current_user.village_ids),
                                          clock.today())


def _visit_form(resident: dict, values: dict, errors: dict | None = None, status: int = 200):
    """The visit screen (agent_app/screens/visit_form.py), as the phone renders it too."""
    db = get_db()
    village = place_store.get_village(db, resident["village_id"])
    model = visit_screen.view({
        "resident": resident, "village": {"id": village["id"], "name": village["name"]},
        "last": checklist_store.last_visit(db, resident["id"]),
        "campaigns": [{"name": c["name"], "held_on": c["held_on"]} for c in _campaign_days()],
        "values": values, "errors": errors or {}, "today": clock.today().isoformat(),
        "csrf_token": generate_csrf(), "t": texts()})
    return render_template("field/forms/visit.html", view=model), status


@bp.route("/visits", methods=["POST"])
@agent_only
def create_visit():
    data = form_data(request.form, VISIT_TYPES)
    resident = resident_or_404(str(data.get("resident_id") or ""))
    if data.get("outcome") == "enrolled":
        return _visit_form(resident, data, {"outcome": str(SIGN_UP_FIRST)}, 422)
    errors, _warnings = _save([new_record("visit", data)])
    if errors:
        return _visit_form(resident, data, errors, 422)
    flash(_("Đã lưu lần đến nhà: %(name)s · %(outcome)s", name=resident["full_name"],
            outcome=codes.OUTCOMES[data["outcome"]]), "success")
    return redirect(url_for("field.village", village_id=resident["village_id"]))


@bp.route("/enrolments/new")
@agent_only
def new_enrolment():
    scheme = request.args.get("scheme", "bhxh_tn")
    if scheme == "bhyt_hgd" and request.args.get("household"):
        return _household_form(request.args["household"],
                               request.args.getlist("member") or None)
    resident = resident_or_404(request.args.get("resident", ""))
    correcting = _correcting("enrolment", resident["id"])
    if correcting:
        return _single_form(resident, correcting)
    if scheme == "bhyt_hgd":
        if not resident["household_id"]:
            abort(404)
        return _household_form(resident["household_id"], request.args.getlist("member") or None)
    return _single_form(resident, None)


def _single_form(resident: dict, values: dict | None, errors: dict | None = None,
                 warnings: dict | None = None, status: int = 200):
    """One person's sign-up (agent_app/screens/enrolment_form.py): BHXH, new (``values`` None)
    or posted back, or a correction of one household BHYT record."""
    village = place_store.get_village(get_db(), resident["village_id"])
    view = enrolment_form.view({
        "village": village, "resident": resident, "values": values,
        "prefill": {name: request.args.get(name)
                    for name in ("months", "income", "group", "start_month")},
        "errors": errors or {}, "warnings": warnings or {}, "today": clock.today().isoformat(),
        "rules": premium_params(), "csrf_token": generate_csrf(), "t": texts()})
    return render_template("field/forms/enrolment.html", view=view), status


def _household(household_id: str) -> tuple[dict, dict, list[dict]]:
    db = get_db()
    household = resident_store.get_household(db, household_id)
    if household is None:
        abort(404)
    village = village_or_404(household["village_id"])
    return household, village, checklist_store.household_members(db, household_id)


def _household_form(household_id: str, chosen: list[str] | None, values: dict | None = None,
                    errors: dict | None = None, warnings: dict | None = None, status: int = 200):
    """Household BHYT: the screen's builder (agent_app/screens/bhyt_form.py) from the store."""
    household, village, members = _household(household_id)
    today = clock.today()
    db = get_db()
    view = bhyt_form.view({
        "village": village, "household": household, "members": members,
        "joined": checklist_store.bhyt_joined_this_year(db, household_id, today.year),
        "chosen": chosen, "values": values,
        "prefill": {name: request.args.get(name) for name in ("months", "group", "start_month")},
        "errors": errors or {}, "warnings": warnings or {}, "today": today.isoformat(),
        "rules": premium_params(), "csrf_token": generate_csrf(), "t": texts()})
    return render_template("field/forms/bhyt.html", view=view), status


def receipt_missing() -> str:
    return _("Nhập số biên lai, hoặc chọn “Chưa có biên lai”.")


def _receipt_missing(data: dict) -> dict[str, str]:
    """A sign-up names its receipt, or says plainly there is none yet (the supervisor's day
    lists those); the error to show when it does neither."""
    if str(data.get("receipt_no") or "").strip() or data.get("no_receipt"):
        return {}
    return {"receipt_no": receipt_missing()}


@bp.route("/enrolments", methods=["POST"])
@agent_only
def create_enrolment():
    if request.args.get("household"):
        shared = form_data(request.form, ENROLMENT_TYPES, leave=set(MEMBER_FIELDS))
        members = fieldset_data(request.form, MEMBER_FIELDS, ENROLMENT_TYPES)
        records = [new_record("enrolment", {**shared, **member}) for member in members]
        household_id = request.args.get("household", "")
        village_id = _household(household_id)[1]["id"]
        if not records:
            return _household_form(household_id, [], shared,
                                   {"form": _("Chưa chọn người nào.")}, status=422)
        errors, warnings = _save(records, _receipt_missing(shared))
        if errors or warnings:
            return _household_form(household_id, [m["resident_id"] for m in members], shared,
                                   errors, warnings, 422)
    else:
        data = form_data(request.form, ENROLMENT_TYPES)
        resident = resident_or_404(str(data.get("resident_id") or ""))
        village_id = resident["village_id"]
        records = [new_record("enrolment", data)]
        errors, warnings = _save(records, _receipt_missing(data))
        if errors or warnings:
            return _single_form(resident, data, errors, warnings, 422)
    names = ", ".join(resident_store.get_resident(get_db(), r["data"]["resident_id"])["full_name"]
                      for r in records)
    flash(_("Đã lưu đăng ký: %(names)s · %(amount)s", names=names,
            amount=money(sum(r["data"].get("amount") or 0 for r in records))), "success")
    return redirect(url_for("field.village", village_id=village_id))


@bp.route("/people/new")
@agent_only
def new_person():
    village = village_or_404(request.args.get("village", type=whole_number) or 0)
    household = None
    if request.args.get("household"):
        household = resident_store.get_household(get_db(), request.args["household"])
        if household is None or household["village_id"] != village["id"]:
            abort(404)
    values = {"village_id": village["id"], "relation_to_head": "Con" if household else "Chủ hộ"}
    if household is None:
        values["support_group"] = premiums.default_group(village["commune_kind"])
    if request.args.get("corrects"):
        values, household = _person_correction(request.args["corrects"])
    return _person_form(village, household, values)


def _person_correction(record_id: str) -> tuple[dict, dict]:
    """A person added in the field, to correct: their record's data, in their household now."""
    record = record_store.get_record(get_db(), record_id)
    if record is None or record["kind"] != "resident":
        abort(404)
    person = resident_or_404(record["resident_id"])
    values = {k: v for k, v in jsontext.loads(record["data"], default={}).items()
              if k != "household"}
    values.update(corrects=record["id"], household_id=person["household_id"])
    return values, resident_store.get_household(get_db(), person["household_id"])


def _twins(village_id: int, values: dict) -> dict:
    """People already listed who may be this person (same name key and birth year, or CCCD):
    those in the user's villages by name; elsewhere, only that the CCCD is already listed."""
    person = check_person(values, clock.today())[0]
    if not person["full_name"]:
        return {"mine": [], "elsewhere": False}
    found = resident_store.possible_duplicates(
        get_db(), village_id, search_key(person["full_name"]), person["birth_year"],
        person["cccd"])
    mine = [r for r in found if r["village_id"] in current_user.village_ids]
    return {"mine": mine, "elsewhere": len(mine) < len(found)}


def _cccd_lookups_spent(values: dict) -> bool:
    """Count a look-up of a well-formed CCCD against the user's limit (as failed logins are
    counted); True once the limit is reached, and the CCCD must not be looked up."""
    person, errors, _warnings = check_person(values, clock.today())
    if not person["cccd"] or "cccd" in errors:
        return False
    config = current_app.config
    key = f"cccd:{current_user.id}"
    if over_limit([(key, config["CCCD_LOOKUPS_PER_USER"])], config["CCCD_LOOKUP_MINUTES"]):
        return True
    count_attempt([key])
    return False


def _lookups_spent_message() -> str:
    return _("Đã kiểm tra số CCCD quá nhiều lần. Vui lòng thử lại sau %(minutes)d phút.",
             minutes=current_app.config["CCCD_LOOKUP_MINUTES"])


@bp.route("/people/check")
@agent_only
def check_person_fragment():
    """The duplicate warning, asked for by htmx while the form is filled in (online)."""
    village = village_or_404(request.args.get("village_id", type=whole_number) or 0)
    if _cccd_lookups_spent(request.args):
        return screen("twins", person_form.twins(None, texts(), _lookups_spent_message())), 429
    return screen("twins", person_form.twins(_twins(village["id"], request.args), texts()) or {})


def _person_form(village: dict, household: dict | None, values: dict,
                 errors: dict | None = None, warnings: dict | None = None, status: int = 200):
    db = get_db()
    members = checklist_store.household_members(db, household["id"]) if household else []
    twins = _twins(village["id"], values) if warnings and "full_name" in warnings else None
    view = person_form.view({"village": village, "household": household, "members": members,
                             "values": values, "errors": errors or {},
                             "warnings": warnings or {}, "twins": twins,
                             "csrf_token": generate_csrf(), "t": texts()})
    return render_template("field/forms/person.html", view=view), status


@bp.route("/people", methods=["POST"])
@agent_only
def create_person():
    data = form_data(request.form, PERSON_TYPES)
    village = village_or_404(data.get("village_id") if isinstance(data.get("village_id"), int)
                             else 0)
    household = None
    if data.get("household_id"):
        household = resident_store.get_household(get_db(), str(data["household_id"]))
        if household is not None and household["village_id"] not in current_user.village_ids:
            household = None            # the record's check names the field; nothing else shows
        data.pop("household", None)
    elif isinstance(data.get("household"), dict):
        data["household"]["id"] = data["household"].get("id") or str(uuid.uuid4())
    data["id"] = data.get("id") or str(uuid.uuid4())
    if _cccd_lookups_spent(data):
        return _person_form(village, household, data, {"cccd": _lookups_spent_message()}, None,
                            429)
    errors, warnings = _save([new_record("resident", data)])
    if errors or warnings:
        return _person_form(village, household, data, errors, warnings, 422)
    flash(_("Đã thêm người vào danh sách: %(name)s", name=data["full_name"]), "success")
    return redirect(url_for("field.village", village_id=village["id"]))


@bp.app_template_global("identifier_rules")
def identifier_rules() -> dict:
    """What identifiers.js needs, in the page's language: rules, messages, the confirm box."""
    return {**identifiers.page_data(_),
            "texts": {"check": _("Kiểm tra lại trước khi lưu:"),
                      "confirm": _("Tôi đã kiểm tra, vẫn lưu")}}
