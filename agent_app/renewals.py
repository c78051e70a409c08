"""Due and lapsed people of some villages, ready for a page: the rules of
agent_app/domain/retention.py over the rows of store/retention.py, with each person's name and
village and the address that opens the sign-up form prefilled for the renewal."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from flask import current_app, g
from flask_babel import gettext
from sqlite_utils import Database

from .domain import retention
from .store import parameters as parameter_store
from .store import retention as retention_store


@dataclass
class Renewals:
    due: list[dict]
    lapsed: list[dict]
    lapsed_people: int                    # all of them, however many ``lapsed`` holds
    people: dict[str, dict]
    signups: dict[str, list[dict]]
    members: dict[str, list[str]]         # household -> members renewing household BHYT

    def of(self, resident_id: str) -> list[dict]:
        """One person's entries (BHXH, BHYT), due first."""
        return [e for e in self.due + self.lapsed if e["resident_id"] == resident_id]

    def url(self, entry: dict) -> str | None:
        """The address that opens the sign-up form prefilled for this renewal (made for the
        entries a page shows, not for all of them)."""
        return renewal_url(entry, self.members)


def texts() -> dict[str, str]:
    """The due lists' phrases in the page's language, translated once per request (a list of 50
    people would otherwise translate the same few phrases hundreds of times); placeholders are
    filled in the template with ``format``."""
    if "renewal_texts" not in g:
        g.renewal_texts = {
            "through": gettext("đã đóng đến hết tháng %(month)s"),
            "stopped": gettext("đã dừng"),
            "list_stopped": gettext("danh sách ghi đã dừng đóng"),
            "card_ends": gettext("thẻ hết hạn %(date)s"),
            "card_ended": gettext("thẻ đã hết hạn ngày %(date)s"),
            "list_card_ended": gettext("danh sách ghi thẻ đã hết hạn"),
            "pay_today": gettext("Đóng hôm nay"),
            "months": gettext("%(n)s tháng"),
            "from_month": gettext("từ %(month)s"),
            "income": gettext("thu nhập %(amount)s"),
            "position": gettext("người thứ %(n)s trong hộ"),
            "card_from": gettext("thẻ mới từ %(date)s"),
            "near_poor": gettext("BHYT nhóm cận nghèo (Nhà nước hỗ trợ một phần), không theo hộ "
                                 "gia đình: chưa tính được số tiền."),
            "no_amount": gettext("Chưa tính được số tiền hôm nay: xem lại trên mẫu đăng ký."),
            "deadline": gettext("Hạn đóng"),
            "window": gettext("Đóng %(n)s tháng một lần: còn đóng nối tiếp đến hết %(date)s"),
            "law": gettext("Luật BHXH 2024"),
            "quick": gettext("Đóng trước hết %(date)s: thẻ có giá trị ngay từ ngày đóng; sau đó "
                             "phải chờ 30 ngày."),
            "renew": gettext("Đóng tiếp"),
        }
    return g.renewal_texts


def due_days() -> int:
    """How far ahead "Sắp đến hạn đóng" looks (AGENT_APP_DUE_DAYS, 30 by default)."""
    return current_app.config["RETENTION_DUE_DAYS"]


def for_villages(db: Database, village_ids, today: str, household_id: str | None = None,
                 lapsed_limit: int | None = None) -> Renewals:
    """The due and lapsed lists of these villages (of one household, for a resident's card) on
    ``today``, each entry with its person; at most ``lapsed_limit`` lapsed, the latest."""
    people, signups = retention_store.participants(db, village_ids, household_id)
    lists = retention.due_lists(people, signups, today, parameter_store.load_rules(db),
                                due_days(), lapsed_limit)
    by_id = {p["id"]: p for p in people}
    marks = retention.due_marks(people, signups, today, due_days())     # all, not just shown
    members: dict[str, list[str]] = {}
    for person in people:                                   # household order
        if any(m["scheme"] == "bhyt" for m in marks.get(person["id"], ())):
            members.setdefault(person["household_id"], []).append(person["id"])
    for entry in lists["due"] + lists["lapsed"]:
        entry["person"] = by_id[entry["resident_id"]]
    return Renewals(lists["due"], lists["lapsed"], lists["lapsed_people"], by_id, signups,
                    members)


def marks_for(db: Database, village_ids, today: str) -> dict[str, list[dict]]:
    """The checklist's marks (who is due or lapsed in which scheme), without the prices."""
    people, signups = retention_store.participants(db, village_ids)
    return retention.due_marks(people, signups, today, due_days())


def renewal_url(entry: dict, members: dict[str, list[str]]) -> str | None:
    """The sign-up form prefilled with the renewal: BHXH for the person; household BHYT for
    every member of the household renewing (in household order, ladder places as listed).
    None where no form takes it (a near-poor person's own BHYT group)."""
    if entry["scheme"] == "bhxh_tn":
        pairs = [("resident", entry["resident_id"]), ("scheme", "bhxh_tn"),
                 ("months", entry["months"]), ("income", entry["income"] or ""),
                 ("group", entry["group"]), ("start_month", entry["start_month"])]
    elif entry["scheme"] == "bhyt_hgd" and entry["household_id"]:
        pairs = [("household", entry["household_id"]), ("scheme", "bhyt_hgd"),
                 *(("member", m) for m in members[entry["household_id"]]),
                 ("months", entry["months"]), ("group", entry["group"])]
    else:
        return None
    return "/enrolments/new?" + urlencode(pairs)
