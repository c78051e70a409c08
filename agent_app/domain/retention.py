"""Who has paid until when, who is due to pay again, and what renewing costs today.

Pure: no Flask, no SQL. A person is a dict with the imported list's fields (``bhxh_status``,
``bhyt_status``, ``bhyt_expiry``, ``support_group``, birth, ``household_id``, ``list_status``,
``province``); sign-ups are the current (not superseded) enrolment rows, merged duplicates' rows
already moved to the kept person. ``static/js/retention.js`` runs the same rules on the phone, and
``tests/vectors/retention.json`` holds both to the same dates and đồng. docs/retention.md says why.

- BHXH tự nguyện: a sign-up pays ``months`` months from its start month (the receipt's month when
  none was given); the person has paid through the latest month any sign-up covers. Without a
  sign-up of ours, the list's status stands (active, or stopped with no date).
- BHYT card (domain.md §3): first card, or paid 3 months or more after the old card expired →
  valid 30 days after payment; renewed before expiry → runs on from the old expiry; paid within
  3 months after expiry → valid from the payment day. The chain starts from the list's card
  expiry, and each card lasts its months (to the day before the same date ``months`` later).
- Due: the period or card ends within ``days`` (30 unless configured) of today; lapsed: it ended
  and nothing was paid since. Renewing today: the same months and income as the last payment
  (the income raised to the floor in force when it is below it), the person's support group now,
  and for household BHYT the ladder place after the members who joined this year.
- Payment windows (Law 41/2024, Decree 159/2025): paid every 6 months, a period may be paid
  within its first 4 months; every 12 months, within its first 7. A BHXH period that ended can
  still be continued without a gap while such a window is open.
"""

from __future__ import annotations

import calendar
import functools
from datetime import date, timedelta

from . import premiums
from .formatting import money, vn_date, vn_month

DUE_DAYS = 30
CARD_WAIT_DAYS = 30
CARD_GAP_MONTHS = 3
WINDOW_MONTHS = {6: 4, 12: 7}
BHYT_SCHEMES = ("bhyt_hgd", "bhyt_cn")
STATE_FUNDED = ("poor_state_funded", "under_six")   # the state pays: nobody collects a renewal
OFF_LIST = ("moved_away", "deceased", "insured_elsewhere", "duplicate")


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day where it has no such day."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_shift(month: str, months: int) -> str:
    """"2026-11" moved by ``months``: ("2026-11", 2) -> "2027-01"."""
    shifted = add_months(date.fromisoformat(month + "-01"), months)
    return shifted.isoformat()[:7]


def month_end(month: str) -> date:
    """The last day of a "YYYY-MM" month."""
    year, number = int(month[:4]), int(month[5:7])
    return date(year, number, calendar.monthrange(year, number)[1])


def paid_on(signup: dict) -> str:
    """The day the money changed hands: the receipt's date, else the day it was recorded."""
    return signup.get("receipt_date") or signup["enrolled_on"]


def card_valid_from(paid: date, previous_expiry: date | None) -> date:
    """Household BHYT: renewed before expiry, the card runs on from the old one; paid within
    3 months after expiry, it starts on the payment day; a first card or a longer gap waits 30
    days after payment."""
    if previous_expiry is None or paid >= add_months(previous_expiry, CARD_GAP_MONTHS):
        return paid + timedelta(days=CARD_WAIT_DAYS)
    if paid <= previous_expiry:
        return previous_expiry + timedelta(days=1)
    return paid


def _ordered(signups: list[dict], schemes: tuple[str, ...]) -> list[dict]:
    """A scheme's sign-ups in the order the money came: payment day, then record time and id."""
    found = [s for s in signups if s["scheme"] in schemes]
    return sorted(found, key=lambda s: (paid_on(s), s.get("enrolled_at") or "",
                                        s.get("record_id") or ""))


def bhxh_periods(signups: list[dict]) -> list[dict]:
    """Each BHXH payment with the months it covers, in payment order."""
    periods = []
    for signup in _ordered(signups, ("bhxh_tn",)):
        start = signup.get("start_month") or paid_on(signup)[:7]
        through = month_shift(start, signup["months"] - 1)
        periods.append({"record_id": signup.get("record_id"), "user_id": signup.get("user_id"),
                        "paid_on": paid_on(signup), "start": start, "through": through,
                        "months": signup["months"], "income": signup.get("income")})
    return periods


def bhyt_cards(list_expiry: str | None, signups: list[dict]) -> list[dict]:
    """Each BHYT payment with the card it bought, chained from the list's card expiry."""
    expiry = date.fromisoformat(list_expiry) if list_expiry else None
    cards = []
    for signup in _ordered(signups, BHYT_SCHEMES):
        paid = date.fromisoformat(paid_on(signup))
        start = card_valid_from(paid, expiry)
        end = add_months(start, signup["months"]) - timedelta(days=1)
        cards.append({"record_id": signup.get("record_id"), "user_id": signup.get("user_id"),
                      "paid_on": paid.isoformat(), "scheme": signup["scheme"],
                      "months": signup["months"], "previous": expiry and expiry.isoformat(),
                      "valid_from": start.isoformat(), "expires": end.isoformat()})
        expiry = end
    return cards


def _state(ends: str, today: str, days: int) -> str:
    if ends < today:
        return "lapsed"
    return "due" if ends <= _horizon(today, days) else "active"


@functools.lru_cache(maxsize=64)
def _horizon(today: str, days: int) -> str:
    """The last day a "due" period may end: computed once per day, not once per person."""
    return (date.fromisoformat(today) + timedelta(days=days)).isoformat()


def _known(signups: list[dict], today: str) -> list[dict]:
    """Sign-ups recorded by ``today`` (a past day sees only what was known then)."""
    return [s for s in signups if s["enrolled_on"] <= today] if signups else signups


def bhxh_standing(person: dict, signups: list[dict], today: str,
                  days: int = DUE_DAYS) -> dict | None:
    """BHXH on ``today``: state (active, due, lapsed), paid through which month, where it came
    from (our sign-ups, or the list), and the last payment; None for someone never in it."""
    periods = bhxh_periods(_known(signups, today))
    if periods:
        through = max(p["through"] for p in periods)
        ends = month_end(through).isoformat()
        return {"state": _state(ends, today, days), "through": through, "ends": ends,
                "source": "signups", "last": periods[-1]}
    status = person.get("bhxh_status") or "none"
    if status == "none":
        return None
    return {"state": "active" if status == "active" else "lapsed", "through": None,
            "ends": None, "source": "list", "last": None}


def bhyt_standing(person: dict, signups: list[dict], today: str,
                  days: int = DUE_DAYS) -> dict | None:
    """The BHYT card on ``today``: state (waiting for its start, active, due, lapsed), its
    start and expiry, and the last payment; None for someone who never had a card we know of."""
    cards = bhyt_cards(person.get("bhyt_expiry"), _known(signups, today))
    if cards:
        card = cards[-1]
        state = ("waiting" if card["valid_from"] > today and card["expires"] >= today
                 else _state(card["expires"], today, days))
        return {"state": state, "valid_from": card["valid_from"], "expires": card["expires"],
                "source": "signups", "last": card}
    expiry = person.get("bhyt_expiry")
    if expiry:
        return {"state": _state(expiry, today, days), "valid_from": None, "expires": expiry,
                "source": "list", "last": None}
    status = person.get("bhyt_status") or "none"
    if status == "none":
        return None
    return {"state": "active" if status == "valid" else "lapsed", "valid_from": None,
            "expires": None, "source": "list", "last": None}


def window_end(first_month: str, months: int) -> str | None:
    """The last day a period of ``months`` starting in ``first_month`` may be paid without a gap
    (6 and 12 months only: the law's windows)."""
    if months not in WINDOW_MONTHS:
        return None
    return month_end(month_shift(first_month, WINDOW_MONTHS[months] - 1)).isoformat()


def windows(standing: dict, today: str) -> list[dict]:
    """The payment windows still open for the period after the one paid: [{months, until}]."""
    if not standing.get("through"):
        return []
    first = month_shift(standing["through"], 1)
    found = [{"months": m, "until": window_end(first, m)} for m in sorted(WINDOW_MONTHS)]
    return [w for w in found if w["until"] >= today]


def _income(last: dict | None, rules: premiums.Rules, on: str) -> int:
    """The last income, raised to the floor in force (and onto its 50.000 đ steps)."""
    floor = rules.parameter("rural_poverty_line", on)["value"]
    income = (last or {}).get("income") or floor
    if income <= floor:
        return floor
    over = (income - floor) % premiums.INCOME_STEP
    return income + (premiums.INCOME_STEP - over if over else 0)


def _payable(memo: dict | None, quote, *args, **kwargs) -> int:
    """A quote's payable amount, computed once per distinct question within one list (a list of
    hundreds asks a handful of different ones)."""
    if memo is None:
        return quote(*args, **kwargs).payable
    key = (quote.__name__, args, tuple(sorted((k, v) for k, v in kwargs.items() if k != "rules")))
    if key not in memo:
        try:
            memo[key] = quote(*args, **kwargs).payable
        except premiums.QuoteError as error:
            memo[key] = error
    if isinstance(memo[key], premiums.QuoteError):
        raise memo[key]
    return memo[key]


def bhxh_renewal(person: dict, standing: dict, today: str, rules: premiums.Rules,
                 memo: dict | None = None) -> dict:
    """What renewing BHXH costs if paid today: months, income, group, start month, amount, and
    the deadline to keep the months unbroken (None once no window is open)."""
    last = standing["last"]
    months = last["months"] if last else 12
    group = person.get("support_group") or "other"
    found = {"scheme": "bhxh_tn", "months": months, "group": group, "income": None,
             "start_month": today[:7], "amount": None, "error": None,
             "windows": windows(standing, today), "deadline": None}
    if standing["through"]:
        first = month_shift(standing["through"], 1)
        window = window_end(first, months)
        if standing["ends"] >= today:
            found["deadline"] = standing["ends"]
        elif window and window >= today:
            found["deadline"] = window
        if found["deadline"] or first > today[:7]:
            found["start_month"] = first
    try:
        found["income"] = _income(last, rules, today)
        found["amount"] = _payable(memo, premiums.quote_bhxh, today, found["income"], months,
                                   group, person.get("province"), rules=rules)
    except premiums.QuoteError as error:
        found["error"] = error.code
    return found


def bhyt_renewal(person: dict, standing: dict, today: str, rules: premiums.Rules,
                 position: int = 1, memo: dict | None = None) -> dict:
    """What renewing the BHYT card costs if paid today, at ``position`` on the household ladder
    (near-poor people renew their own group's card, no ladder): the amount, the day the new card
    would start, the deadline to keep it unbroken and, once it lapsed, the last day it can still
    start on the payment day."""
    last = standing["last"]
    months = last["months"] if last and last["months"] in premiums.BHYT_MONTHS else 12
    group = person.get("support_group") or "other"
    refusal = premiums.household_bhyt_refusal(group, today, person.get("birth_date"),
                                              person.get("birth_year"))
    expires = standing["expires"]
    previous = date.fromisoformat(expires) if expires else None
    found = {"scheme": "bhyt_cn" if refusal == "near_poor_own_group" else "bhyt_hgd",
             "months": months, "group": group, "position": None, "amount": None,
             "error": refusal if refusal in STATE_FUNDED else None, "deadline": None,
             "card_from": card_valid_from(date.fromisoformat(today), previous).isoformat(),
             "quick_until": None}
    if expires and expires >= today:
        found["deadline"] = expires
    elif previous:
        quick = add_months(previous, CARD_GAP_MONTHS) - timedelta(days=1)
        found["quick_until"] = quick.isoformat() if quick.isoformat() >= today else None
    if found["error"]:
        return found
    try:
        if found["scheme"] == "bhyt_cn":
            found["amount"] = _payable(memo, premiums.quote_bhyt_cn, today, months,
                                       person.get("province"), rules=rules)
        else:
            found["position"] = position
            found["amount"] = _payable(memo, premiums.quote_bhyt, today, position, months,
                                       person.get("province"), group, rules=rules)
    except premiums.QuoteError as error:
        found["error"] = error.code
    return found


def joined_this_year(signups: list[dict], year: int) -> bool:
    """Whether a person holds a household BHYT ladder place this year (the household form's
    rule: a household BHYT sign-up recorded in the year)."""
    return any(s["scheme"] == "bhyt_hgd" and s["enrolled_on"][:4] == str(year) for s in signups)


def ladder(members: list[str], renewing: set[str], joined: set[str]) -> dict[str, int]:
    """Ladder places of the members renewing together: after those who joined this year and are
    not renewing now, in household order."""
    place = len([m for m in members if m in joined and m not in renewing])
    positions = {}
    for member in members:
        if member in renewing:
            place += 1
            positions[member] = place
    return positions


def _due_schemes(people: list[dict], signups: dict[str, list[dict]], today: str,
                 days: int) -> list[tuple[int, dict, dict, str, str | None]]:
    """(order, person, standing, scheme, refusal) for each due or lapsed scheme of each person
    on the list; "bhyt" stands for either BHYT scheme, with why household BHYT is not theirs (a
    near-poor person's own group), if so. State-funded cards are nobody's to collect."""
    found: list[tuple[int, dict, dict, str, str | None]] = []
    for order, person in enumerate(people):
        if person.get("list_status") in OFF_LIST:
            continue
        own = signups.get(person["id"], [])
        bhxh = bhxh_standing(person, own, today, days)
        if bhxh and bhxh["state"] in ("due", "lapsed"):
            found.append((order, person, bhxh, "bhxh", None))
        bhyt = bhyt_standing(person, own, today, days)
        if bhyt and bhyt["state"] in ("due", "lapsed"):
            refusal = premiums.household_bhyt_refusal(
                person.get("support_group") or "other", today, person.get("birth_date"),
                person.get("birth_year"))
            if refusal not in STATE_FUNDED:
                found.append((order, person, bhyt, "bhyt", refusal))
    return found


def due_marks(people: list[dict], signups: dict[str, list[dict]], today: str,
              days: int = DUE_DAYS) -> dict[str, list[dict]]:
    """The checklist's marks: for each due or lapsed person, [{scheme ("bhxh" or "bhyt"),
    state, ends}], BHXH first; the same people as ``due_lists``, without the prices."""
    marks: dict[str, list[dict]] = {}
    for entry in _due_schemes(people, signups, today, days):
        marks.setdefault(entry[1]["id"], []).append({"scheme": entry[3],
                                                     "state": entry[2]["state"],
                                                     "ends": _ends(entry)})
    return marks


def due_lists(people: list[dict], signups: dict[str, list[dict]], today: str,
              rules: premiums.Rules, days: int = DUE_DAYS,
              lapsed_limit: int | None = None) -> dict:
    """"Sắp đến hạn đóng" (due) and "Đã dừng" (lapsed): one entry per person and scheme, with
    what renewing costs today, and how many people have lapsed (``lapsed_people``).

    ``user_id`` is the agent whose sign-up is ending (None: the list's). ``people`` come in
    household order (head first, then birth year, then name), as the household form places
    them; ``signups`` maps a person's id to their sign-ups. People off the list (moved away,
    deceased, insured elsewhere, merged) and state-funded cards are left out. Due: soonest end
    first; lapsed: latest end first, unknown ends last, at most ``lapsed_limit`` of them (a
    home page shows the most recent; pricing hundreds it does not show would be wasted).
    """
    entries = _due_schemes(people, signups, today, days)
    renewing = {person["id"] for _order, person, _standing, scheme, refusal in entries
                if scheme == "bhyt" and refusal is None}
    places = _places(people, signups, renewing, today)
    due = sorted((e for e in entries if e[2]["state"] == "due"),
                 key=lambda e: (_ends(e), e[0]))
    lapsed = sorted((e for e in entries if e[2]["state"] == "lapsed"),
                    key=lambda e: (_ends(e) is None,
                                   -date.fromisoformat(_ends(e)).toordinal() if _ends(e) else 0,
                                   e[0]))
    memo: dict = {}
    return {"due": [_priced(e, today, rules, places, memo) for e in due],
            "lapsed": [_priced(e, today, rules, places, memo) for e in lapsed[:lapsed_limit]],
            "lapsed_people": len({e[1]["id"] for e in lapsed})}


def _ends(entry: tuple) -> str | None:
    standing = entry[2]
    return standing["ends"] if entry[3] == "bhxh" else standing["expires"]


def _priced(entry: tuple, today: str, rules: premiums.Rules, places: dict[str, int],
            memo: dict) -> dict:
    """A due or lapsed scheme as the lists show it: who, what ended, and the renewal today."""
    _order, person, standing, scheme, _refusal = entry
    if scheme == "bhxh":
        renewal = bhxh_renewal(person, standing, today, rules, memo)
        renewal["through"] = standing["through"]
    else:
        renewal = bhyt_renewal(person, standing, today, rules, places.get(person["id"], 1), memo)
    return {"resident_id": person["id"], "household_id": person.get("household_id"),
            "state": standing["state"], "ends": _ends(entry), "source": standing["source"],
            "user_id": standing["last"]["user_id"] if standing["last"] else None, **renewal}


def _places(people: list[dict], signups: dict[str, list[dict]], renewing: set[str],
            today: str) -> dict[str, int]:
    """Each member renewing household BHYT gets a ladder place: due and lapsed members of a
    household renew together."""
    households: dict[str, list[dict]] = {}
    for person in people:
        if person.get("household_id"):
            households.setdefault(person["household_id"], []).append(person)
    year = int(today[:4])
    places: dict[str, int] = {}
    for members in households.values():
        ids = [m["id"] for m in members]
        if not renewing.intersection(ids):
            continue
        joined = {m for m in ids if joined_this_year(signups.get(m, []), year)}
        places.update(ladder(ids, renewing, joined))
    return places


def participation(person: dict, signups: list[dict], today: str) -> str:
    """"active" (a scheme paid or a card valid on ``today``), "lapsed" (in a scheme once, none
    now) or "never" (no payment and no card we know of): the overview's split of a list."""
    found = [s for s in (bhxh_standing(person, signups, today), bhyt_standing(person, signups,
                                                                              today)) if s]
    if any(s["state"] != "lapsed" for s in found):
        return "active"
    return "lapsed" if found else "never"


def events(person: dict, signups: list[dict], today: str) -> list[dict]:
    """What happened when each paid BHXH period or BHYT card ended, as of ``today``: a "due"
    event on its end day with the outcome (renewed on time, lapsed, or still open) and the agent
    whose sign-up it was (None: the list's card); and a "won_back" event on each payment that
    came after a lapse, with the agent who took it."""
    known = _known(signups, today)
    found = []
    periods = bhxh_periods(known)
    if periods and person.get("bhxh_status") == "stopped":
        found.append(_won_back("bhxh", periods[0]))
    through = None
    for index, period in enumerate(periods):
        through = max(through or period["through"], period["through"])
        ends = month_end(through).isoformat()
        following = periods[index + 1] if index + 1 < len(periods) else None
        on_time = following is not None and (following["paid_on"] <= ends or (
            following["start"] == month_shift(through, 1)
            and (window_end(following["start"], following["months"]) or "") >=
            following["paid_on"]))
        found.append(_due("bhxh", ends, period["user_id"], following, on_time, today))
        if following is not None and not on_time:
            found.append(_won_back("bhxh", following))
    cards = bhyt_cards(person.get("bhyt_expiry"), known)
    if cards and not cards[0]["previous"] and person.get("bhyt_status") == "expired":
        found.append(_won_back("bhyt", cards[0]))
    owner = None
    for card in cards:
        if card["previous"]:
            on_time = card["paid_on"] <= card["previous"]
            found.append(_due("bhyt", card["previous"], owner, card, on_time, today))
            if not on_time:
                found.append(_won_back("bhyt", card))
        owner = card["user_id"]
    expiry = cards[-1]["expires"] if cards else person.get("bhyt_expiry")
    if expiry:
        found.append(_due("bhyt", expiry, owner, None, False, today))
    return found


def _due(scheme: str, ends: str, owner: int | None, following: dict | None, on_time: bool,
         today: str) -> dict:
    outcome = "on_time" if on_time else ("lapsed" if ends < today else "open")
    return {"scheme": scheme, "kind": "due", "on": ends, "outcome": outcome, "user_id": owner,
            "renewed_on": following["paid_on"] if following else None}


def _won_back(scheme: str, payment: dict) -> dict:
    return {"scheme": scheme, "kind": "won_back", "on": payment["paid_on"], "outcome": None,
            "user_id": payment["user_id"], "renewed_on": payment["paid_on"]}


def reminder_text(entry: dict, full_name: str, agent_name: str, agent_phone: str | None) -> str:
    """The message an agent shares with a due or lapsed person: what ended, what renewing costs
    today and by when, and whom to call. Always Vietnamese: it goes to the person, not the
    agent's screen."""
    lines = [f"Kính gửi {full_name},"]
    ends = entry["ends"]
    if entry["scheme"] == "bhxh_tn":
        through = entry["through"]
        lines.append(f"BHXH tự nguyện của anh/chị đã đóng đến hết tháng {vn_month(through)}."
                     if through else "BHXH tự nguyện của anh/chị đang tạm dừng đóng.")
    elif entry["state"] == "due":
        lines.append(f"Thẻ BHYT của anh/chị hết hạn ngày {vn_date(ends)}.")
    else:
        lines.append(f"Thẻ BHYT của anh/chị đã hết hạn ngày {vn_date(ends)}." if ends
                     else "Thẻ BHYT của anh/chị đã hết hạn.")
    if entry["amount"] is not None:
        deadline = f", hạn đóng {vn_date(entry['deadline'])}" if entry["deadline"] else ""
        lines.append(f"Đóng tiếp {entry['months']} tháng: {money(entry['amount'])}{deadline}.")
    if entry.get("quick_until"):
        lines.append(f"Đóng trước hết ngày {vn_date(entry['quick_until'])} thì thẻ mới có giá trị "
                     "ngay từ ngày đóng.")
    contact = f"{agent_name}, điện thoại {agent_phone}" if agent_phone else agent_name
    lines.append(f"Liên hệ nhân viên thu {contact}.")
    return "\n".join(lines)


FIGURES = ("due", "on_time", "lapsed", "open", "won_back")


def figures(found: list[dict], start: str, end: str) -> dict[str, int]:
    """Retention over a period from ``events``: paid periods and cards that ended in it (due),
    of which renewed on time, lapsed, or still open; and payments that won someone back in it."""
    counts = dict.fromkeys(FIGURES, 0)
    for event in found:
        if not start <= event["on"] <= end:
            continue
        if event["kind"] == "won_back":
            counts["won_back"] += 1
        else:
            counts["due"] += 1
            counts[event["outcome"]] += 1
    return counts
