"""What each kind of record must hold, and what storing it changes.

A kind checks its ``data`` (raising :class:`RecordError` naming the field) and returns a
:class:`Checked`; ingest stores the record, then calls ``project`` in the same savepoint.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from sqlite_utils import Database

from agent_app.domain import identifiers, premiums
from agent_app.domain.codes import OUTCOMES, REASONS, SCHEMES, SUPPORT_GROUPS, VSSID
from agent_app.domain.formatting import money, to_vietnam
from agent_app.domain.people import check_person
from agent_app.domain.text import clean, search_key
from agent_app.store import alerts as alert_store
from agent_app.store import parameters as parameter_store
from agent_app.store import places as place_store
from agent_app.store import records as record_store
from agent_app.store import residents as resident_store
from agent_app.store import users as user_store

from .validation import (
    FLAG,
    NUMBER,
    TEXT,
    TEXT_LIST,
    WHOLE,
    Envelope,
    RecordError,
    RecordErrors,
    check_uuid,
)

LIST_STATUS_FROM_OUTCOME = {
    "moved_away": "moved_away",
    "deceased": "deceased",
    "insured_elsewhere": "insured_elsewhere",
}


@dataclass(frozen=True)
class Actor:
    """Who sends: the account the records are stored under, and the villages it may write to."""

    id: int
    role: str
    village_ids: frozenset[int]

    @classmethod
    def of(cls, db: Database, user: dict) -> Actor:
        """The sender a stored account is: its id, role and villages now."""
        return cls(user["id"], user["role"], frozenset(user_store.village_ids_for(db, user)))

    @classmethod
    def for_user(cls, user) -> Actor:
        """The sender the logged-in user is (flask-login's user, which knows its villages)."""
        return cls(user.id, user.role, frozenset(user.village_ids))


@dataclass
class Checked:
    resident_id: str | None
    village_id: int | None
    corrects: str | None = None
    values: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


class Kind(Protocol):
    # The fields of ``data`` and their JSON types (docs/sync.md); others are dropped.
    fields: dict

    def check(self, db: Database, actor: Actor, env: Envelope) -> Checked: ...

    def project(self, db: Database, actor: Actor, env: Envelope, checked: Checked) -> None: ...


def optional_text(data: dict, name: str, limit: int = 2000) -> str | None:
    value = data.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise RecordError(f"data.{name}", "phải là chuỗi chữ")
    if len(value) > limit:
        raise RecordError(f"data.{name}", f"dài quá {limit} ký tự")
    return value.strip()


def optional_date(data: dict, name: str) -> str | None:
    value = data.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise RecordError(f"data.{name}", "phải là ngày dạng YYYY-MM-DD")
    try:
        date.fromisoformat(value)
    except ValueError:
        raise RecordError(f"data.{name}", "không phải ngày có thật") from None
    return value


def resident_in_scope(db: Database, actor: Actor, data: dict) -> dict:
    """The resident a record is about; outside the sender's villages counts as not found.
    A phone that prepared before a merge still sends the duplicate's id: its records go to the
    person the duplicate was merged into."""
    resident_id = check_uuid(data.get("resident_id"), "data.resident_id")
    resident = resident_store.get_resident(db, resident_id)
    if resident is None:
        raise RecordError("data.resident_id", "không có người này trong danh sách")
    if resident["merged_into"]:
        resident = resident_store.get_resident(db, resident["merged_into"])
    if resident["village_id"] not in actor.village_ids:
        raise RecordError("data.resident_id", "người này ở ngoài địa bàn được giao")
    return resident


def corrected_record(db: Database, data: dict, kind: str, resident_id: str) -> str | None:
    """A correction points at an earlier record of the same kind about the same person."""
    if data.get("corrects") in (None, ""):
        return None
    old_id = check_uuid(data["corrects"], "data.corrects")
    old = record_store.get_record(db, old_id)
    if old is not None and old["resident_id"] != resident_id:
        merged = resident_store.get_resident(db, old["resident_id"])
        if merged is not None and merged["merged_into"] == resident_id:
            old = {**old, "resident_id": resident_id}
    if old is None or old["kind"] != kind or old["resident_id"] != resident_id:
        raise RecordError("data.corrects", "không tìm thấy bản ghi cần sửa")
    return old_id


_LOCATION_BOUNDS = {"lat": 90.0, "lon": 180.0}


def location_of(data: dict) -> dict | None:
    """Where a visit happened, if the phone could tell: numbers, or the text of numbers from a
    form; a form's empty location fields mean no location, never an error. Coordinates must
    lie on the globe ("nan" and "inf" typed into a form do not)."""
    location = data.get("location")
    if location is None:
        return None
    if all(location.get(k) in (None, "") for k in ("lat", "lon")):
        return None
    point = {}
    for name, bound in _LOCATION_BOUNDS.items():
        try:
            value = float(location[name])
        except (KeyError, TypeError, ValueError, OverflowError):
            raise RecordError("data.location", "phải có lat và lon là số") from None
        if not math.isfinite(value) or abs(value) > bound:
            raise RecordError(f"data.location.{name}", f"phải là số từ -{bound:g} đến {bound:g}")
        point[name] = value
    accuracy = location.get("accuracy")
    if accuracy not in (None, ""):
        try:
            metres = float(accuracy)
        except (TypeError, ValueError, OverflowError):
            metres = -1.0
        if not (math.isfinite(metres) and metres >= 0):
            raise RecordError("data.location.accuracy", "phải là số mét không âm")
    return point


def record_day(env: Envelope) -> date:
    """The day a record was made, in Vietnam time."""
    return to_vietnam(env.created_at_utc).date()


class VisitKind:
    """A visit: met or not, the outcome, reasons for declining, when to come back."""

    fields = {"resident_id": TEXT, "outcome": TEXT, "reasons": TEXT_LIST, "reason_text": TEXT,
              "follow_up_on": TEXT, "note": TEXT, "vssid": TEXT, "campaign": TEXT,
              "location": {"lat": NUMBER, "lon": NUMBER, "accuracy": NUMBER}, "corrects": TEXT}

    def check(self, db: Database, actor: Actor, env: Envelope) -> Checked:
        data = env.data
        resident = resident_in_scope(db, actor, data)
        outcome = data.get("outcome")
        if outcome not in OUTCOMES:
            raise RecordError("data.outcome", "phải là một trong: " + ", ".join(OUTCOMES))
        reasons = data.get("reasons") or []
        if not isinstance(reasons, list) or any(r not in REASONS for r in reasons):
            raise RecordError("data.reasons", "phải là danh sách gồm: " + ", ".join(REASONS))
        vssid = data.get("vssid") or None
        if vssid is not None and vssid not in VSSID:
            raise RecordError("data.vssid", "phải là explained, installed hoặc để trống")
        location_of(data)
        values = {
            "outcome": outcome,
            "reasons": list(dict.fromkeys(reasons)),
            "reason_text": optional_text(data, "reason_text", 500),
            "follow_up_on": optional_date(data, "follow_up_on"),
            "note": optional_text(data, "note"),
            "vssid": vssid,
            "campaign": optional_text(data, "campaign", 200),
        }
        corrects = corrected_record(db, data, "visit", resident["id"])
        return Checked(resident["id"], resident["village_id"], corrects, values)

    def project(self, db: Database, actor: Actor, env: Envelope, checked: Checked) -> None:
        record_store.insert_visit(db, {
            "record_id": env.id,
            "resident_id": checked.resident_id,
            "village_id": checked.village_id,
            "user_id": actor.id,
            "visited_at": env.created_at_utc,
            "visited_on": to_vietnam(env.created_at_utc).date().isoformat(),
            **checked.values,
        })
        if checked.corrects:
            record_store.supersede(db, "visits", checked.corrects, env.id)
        status = LIST_STATUS_FROM_OUTCOME.get(checked.values["outcome"])
        if status is None and checked.corrects:
            # A corrected "moved away" (or deceased…) puts the person back on the list.
            current = resident_store.get_resident(db, checked.resident_id)["list_status"]
            status = "on_list" if current in LIST_STATUS_FROM_OUTCOME.values() else None
        if status:
            resident_store.update_resident(db, checked.resident_id, {"list_status": status})


def whole_number(data: dict, name: str, *, required: bool = True) -> int | None:
    value = data.get(name)
    if value is None or value == "":
        if required:
            raise RecordError(f"data.{name}", "chưa nhập")
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise RecordError(f"data.{name}", "phải là số nguyên không âm")
    return value


_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")

# premiums names its own fields; records use the names in docs/sync.md.
_QUOTE_FIELDS = {"support_group": "group", "on": "receipt_date"}


class EnrolmentKind:
    """A sign-up with the money taken: BHXH tự nguyện, or one member's household BHYT.

    The server quotes again from the rules in force on the receipt date (else the record's day)
    and keeps that as ``quoted_amount``. A collected ``amount`` that differs is a warning, never
    a rejection: the money is already in the agent's hand.
    """

    # ``household``: the household BHYT form's household id, kept as sent. ``no_receipt``: the
    # agent said there is no receipt yet (the forms want a number or this); the supervisor's day
    # lists every sign-up without a number. Records from older pages may have neither: taken.
    fields = {"resident_id": TEXT, "scheme": TEXT, "months": WHOLE, "income": WHOLE,
              "group": TEXT, "position": WHOLE, "start_month": TEXT, "amount": WHOLE,
              "receipt_no": TEXT, "no_receipt": FLAG, "receipt_date": TEXT, "corrects": TEXT,
              "household": TEXT}

    def check(self, db: Database, actor: Actor, env: Envelope) -> Checked:
        data = env.data
        resident = resident_in_scope(db, actor, data)
        scheme = data.get("scheme")
        if scheme not in SCHEMES:
            raise RecordError("data.scheme", "phải là một trong: " + ", ".join(SCHEMES))
        group = data.get("group") or resident["support_group"]
        if group not in SUPPORT_GROUPS:
            raise RecordError("data.group", "phải là một trong: " + ", ".join(SUPPORT_GROUPS))
        start_month = data.get("start_month") or None
        if start_month is not None and not (
                isinstance(start_month, str) and _MONTH.fullmatch(start_month)):
            raise RecordError("data.start_month", "phải là tháng dạng YYYY-MM")
        values = {
            "scheme": scheme,
            "months": whole_number(data, "months"),
            "income": whole_number(data, "income", required=scheme == "bhxh_tn"),
            "support_group": group,
            "position": whole_number(data, "position", required=scheme == "bhyt_hgd")
            if scheme == "bhyt_hgd" else None,
            "start_month": start_month,
            "amount": whole_number(data, "amount"),
            "receipt_no": optional_text(data, "receipt_no", 50),
            "receipt_date": optional_date(data, "receipt_date"),
        }
        doubts = []
        if scheme == "bhxh_tn":
            doubts = self._old_enough(resident, values, record_day(env))
        else:
            values["income"] = None
        if scheme == "bhyt_hgd":
            refusal = premiums.household_bhyt_refusal(
                group, values["receipt_date"] or record_day(env), resident["birth_date"],
                resident["birth_year"])
            if refusal:
                raise RecordError("data.resident_id", premiums.MESSAGES[refusal])
        quoted, warnings = self._quote(db, resident, values, record_day(env))
        warnings = doubts + warnings
        values["quoted_amount"] = quoted
        corrects = corrected_record(db, data, "enrolment", resident["id"])
        values["plan"] = (record_store.enrolment_plan(db, corrects) if corrects
                          else self._plan(resident, scheme))
        return Checked(resident["id"], resident["village_id"], corrects, values, warnings)

    @staticmethod
    def _plan(resident: dict, scheme: str) -> str:
        """Phương án, before this sign-up changes the list: a person the list (or an earlier
        sign-up) shows in the scheme already is continuing; anyone else joins new."""
        if scheme == "bhxh_tn":
            joined = resident["bhxh_status"] != "none"
        else:
            joined = resident["bhyt_status"] != "none" or bool(resident["bhyt_expiry"])
        return "continuing" if joined else "new"

    def _old_enough(self, resident: dict, values: dict, day: date) -> list[str]:
        """BHXH tự nguyện from the age of 15, on the first day of the start month (else of the
        receipt's month, else of the record's): younger is a rejection naming start_month."""
        start = values["start_month"] or (values["receipt_date"] or day.isoformat())[:7]
        born = resident["birth_date"] and date.fromisoformat(resident["birth_date"])
        error, doubts = identifiers.check_bhxh_age(born or None, resident["birth_year"],
                                                   date.fromisoformat(start + "-01"))
        if error:
            raise RecordError("data.start_month", str(error))
        return [f"data.start_month: {doubt}" for doubt in doubts]

    def _quote(self, db: Database, resident: dict, values: dict,
               day: date) -> tuple[int | None, list[str]]:
        """The amount the rules give, and a warning when the collected amount differs. Input the
        rules refuse names its field; rules missing for the date only leave the quote empty."""
        on = values["receipt_date"] or day.isoformat()
        province = place_store.get_village(db, resident["village_id"])["province_code"]
        rules = parameter_store.load_rules(db)
        try:
            if values["scheme"] == "bhxh_tn":
                quote = premiums.quote_bhxh(on, values["income"], values["months"],
                                            values["support_group"], province, rules=rules)
            elif values["scheme"] == "bhyt_cn":
                quote = premiums.quote_bhyt_cn(on, values["months"], province, rules=rules)
            else:
                quote = premiums.quote_bhyt(on, values["position"], values["months"], province,
                                            values["support_group"], rules=rules)
        except premiums.QuoteError as error:
            if error.code == "no_parameter":
                return None, [f"data.amount: chưa tính lại được ({error})"]
            raise RecordError("data." + _QUOTE_FIELDS.get(error.field, error.field),
                              str(error)) from None
        if quote.payable != values["amount"]:
            return quote.payable, [f"data.amount: đã thu {money(values['amount'])}, "
                                   f"tính lại được {money(quote.payable)}"]
        return quote.payable, []

    def project(self, db: Database, actor: Actor, env: Envelope, checked: Checked) -> None:
        values = checked.values
        record_store.insert_enrolment(db, {
            "record_id": env.id,
            "resident_id": checked.resident_id,
            "village_id": checked.village_id,
            "user_id": actor.id,
            "enrolled_at": env.created_at_utc,
            "enrolled_on": record_day(env).isoformat(),
            **values,
        })
        if checked.corrects:
            record_store.supersede(db, "enrolments", checked.corrects, env.id)
        status = resident_store.get_resident(db, checked.resident_id)["list_status"]
        if status in alert_store.OFF_LIST:
            # Recorded (offline, most likely) before the person was marked deceased, moved away
            # or insured elsewhere: keep the money's record, leave the mark, tell people.
            alert_store.raise_signup_off_list(db, checked.resident_id, env.id, actor.id, status)
        else:
            resident_store.signed_up(db, checked.resident_id)


class ResidentKind:
    """A person met in the field who is not on the list, in a listed household or a new one.

    ``data.id`` is the person's UUID, made on the phone so later records can point at them
    offline. A correction (``data.corrects``) rewrites the person's details. A possible duplicate
    (same name key and birth year in the village, or the same CCCD) is a warning: the form shows
    it before saving, and a record made offline is still stored. A correction must stay in the
    sender's villages on both sides: the person as stored, and where the record puts them.
    """

    fields = {"id": TEXT, "household_id": TEXT, "village_id": WHOLE,
              "household": {"id": TEXT, "address": TEXT, "head_name": TEXT,
                            "household_code": TEXT},
              "full_name": TEXT, "birth_date": TEXT, "birth_year": WHOLE, "gender": TEXT,
              "cccd": TEXT, "phone": TEXT, "relation_to_head": TEXT, "support_group": TEXT,
              "ethnicity": TEXT, "corrects": TEXT}

    def check(self, db: Database, actor: Actor, env: Envelope) -> Checked:
        data = env.data
        person_id = check_uuid(data.get("id"), "data.id")
        corrects = corrected_record(db, data, "resident", person_id)
        stored = resident_store.get_resident(db, person_id)
        if corrects is None and stored is not None:
            raise RecordError("data.id", "đã có người với mã này")
        if corrects is not None and (stored is None
                                     or stored["village_id"] not in actor.village_ids):
            raise RecordError("data.corrects", "người này ở ngoài địa bàn được giao")
        household, village_id = self._household(db, actor, data)
        values, errors, doubts = check_person(data, record_day(env))
        if errors:
            raise RecordErrors({f"data.{name}": text for name, text in errors.items()})
        warnings = [f"data.{name}: {text}" for name, text in doubts.items()]
        if not data.get("support_group"):
            values["support_group"] = premiums.default_group(
                place_store.get_village(db, village_id)["commune_kind"])
        twins = [r for r in resident_store.possible_duplicates(
            db, village_id, search_key(values["full_name"]), values["birth_year"],
            values["cccd"]) if r["id"] != person_id]
        if twins:
            warnings.append("data.full_name: có thể trùng với người đã có trong danh sách")
        values.update(village_id=village_id, household=household)
        return Checked(person_id, village_id, corrects, values, warnings)

    def _household(self, db: Database, actor: Actor, data: dict) -> tuple[dict, int]:
        """The household the person joins: a listed one, or a new one made with them."""
        if data.get("household_id") not in (None, ""):
            household_id = check_uuid(data["household_id"], "data.household_id")
            found = resident_store.get_household(db, household_id)
            if found is None or found["village_id"] not in actor.village_ids:
                raise RecordError("data.household_id", "không có hộ này trong địa bàn được giao")
            return {"id": household_id, "new": False}, found["village_id"]
        village_id = data.get("village_id")
        if not isinstance(village_id, int) or isinstance(village_id, bool):
            raise RecordError("data.village_id", "phải là mã thôn, ấp (số nguyên)")
        if village_id not in actor.village_ids:
            raise RecordError("data.village_id", "thôn, ấp này ở ngoài địa bàn được giao")
        new = data.get("household")
        if not isinstance(new, dict):
            raise RecordError("data.household_id", "chọn một hộ, hoặc nhập hộ mới")
        household_id = check_uuid(new.get("id"), "data.household.id")
        if resident_store.get_household(db, household_id) is not None:
            raise RecordError("data.household.id", "đã có hộ với mã này")
        fields = {"head_name": 120, "address": 200, "household_code": 30}
        values = {}
        for name, limit in fields.items():
            text = clean(new.get(name))
            if len(text) > limit:
                raise RecordError(f"data.household.{name}", f"dài quá {limit} ký tự")
            values[name] = text or None
        values["head_name"] = values["head_name"] or clean(data.get("full_name")) or None
        return {"id": household_id, "new": True, **values}, village_id

    def project(self, db: Database, actor: Actor, env: Envelope, checked: Checked) -> None:
        values = dict(checked.values)
        household = values.pop("household")
        if household["new"]:
            resident_store.insert_household(db, {**household, "village_id": checked.village_id})
        values["household_id"] = household["id"]
        if checked.corrects:
            resident_store.update_resident(db, checked.resident_id, values)
        else:
            resident_store.insert_resident(db, {**values, "id": checked.resident_id})


KINDS: dict[str, Kind] = {
    "visit": VisitKind(),
    "enrolment": EnrolmentKind(),
    "resident": ResidentKind(),
}
