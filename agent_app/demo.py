"""Generated demo data: two communes of Cà Mau, six hamlets, 600 households, 1,800 people.

Names are real Vietnamese family, middle and given names; CCCDs agree with birth year and gender;
nobody here is a real person.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, timedelta

from sqlite_utils import Database

from sync.kinds import Actor
from sync.pushes import Push, receive

from .domain import clock, premiums, retention
from .domain.identifiers import check_bhxh_age, make_cccd
from .store import parameters as parameter_store
from .store import places as place_store
from .store import residents as resident_store
from .store import rows, transaction
from .store import targets as target_store
from .store import users as user_store
from .store.users import DEMO_PASSWORD

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
          "Ngô", "Dương", "Lý", "Châu", "Trương", "Đoàn", "Lâm", "Tô", "Quách"]
KHMER_FAMILY = ["Thạch", "Danh", "Sơn", "Kim", "Lâm"]
MIDDLE_MALE = ["Văn", "Hữu", "Minh", "Quốc", "Thanh", "Công", "Đức", "Tấn", "Hoàng", "Trọng"]
MIDDLE_FEMALE = ["Thị", "Ngọc", "Thu", "Kim", "Mỹ", "Bích", "Thanh", "Hồng", "Diễm", "Thuỳ"]
GIVEN_MALE = ["An", "Bình", "Cường", "Dũng", "Đức", "Hải", "Hùng", "Khoa", "Long", "Minh", "Nam",
              "Phúc", "Quang", "Sơn", "Tài", "Thắng", "Toàn", "Trí", "Tuấn", "Việt", "Lộc", "Đạt",
              "Hiếu", "Nghĩa", "Thịnh"]
GIVEN_FEMALE = ["Anh", "Chi", "Diệu", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Ngân",
                "Nhung", "Oanh", "Phượng", "Quyên", "Thảo", "Thuỷ", "Trang", "Tuyết", "Yến",
                "Đào", "Hằng", "Loan", "Nguyệt", "Xuân"]

PROVINCE = ("96", "Cà Mau")
COMMUNES = [
    ("31843", "Xã Hồng Dân", ["Ấp Lộc Ninh", "Ấp Xẻo Tràm", "Ấp Bình Hoà"]),
    ("31849", "Xã Ninh Quới", ["Ấp Ninh Thạnh", "Ấp Vĩnh Hoà", "Ấp Phước Thọ"]),
]
BHXH_OFFICE = "BHXH cơ sở Hồng Dân"
DEMO_USERS = [
    ("agent1", "agent", "Trần Thị Mai"),
    ("agent2", "agent", "Lê Văn Hùng"),
    ("official1", "commune_official", "Phạm Minh Quang"),
    ("supervisor1", "supervisor", "Huỳnh Ngọc Lan"),
    ("admin", "admin", "Quản trị hệ thống"),
]


def _person(rng: random.Random, family: str, gender: str) -> str:
    middle = rng.choice(MIDDLE_MALE if gender == "male" else MIDDLE_FEMALE)
    given = rng.choice(GIVEN_MALE if gender == "male" else GIVEN_FEMALE)
    return f"{family} {middle} {given}"


def _birth(rng: random.Random, year: int) -> tuple[str | None, int]:
    if rng.random() < 0.15:
        return None, year
    day = date(year, 1, 1) + timedelta(days=rng.randrange(365))
    return day.isoformat(), year


class _People:
    """Draws households and their members with the proportions of a rural hamlet."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.serial = 0

    def member(self, family: str, gender: str, year: int, relation: str, group: str,
               ethnicity: str) -> dict:
        rng = self.rng
        self.serial += 1
        birth_date, birth_year = _birth(rng, year)
        has_cccd = year <= 2012 and rng.random() < 0.9
        expired = rng.random() < 0.2
        return {
            "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "full_name": _person(rng, family, gender),
            "gender": gender, "birth_date": birth_date, "birth_year": birth_year,
            "cccd": make_cccd(rng.choice(["095", "096"]), year, gender, self.serial)
            if has_cccd else None,
            "phone": f"0{rng.choice('3789')}{rng.randrange(10**8):08d}"
            if year <= 2008 and rng.random() < 0.6 else None,
            "relation_to_head": relation, "support_group": group, "ethnicity": ethnicity,
            "bhyt_status": "expired" if expired else "none",
            "bhyt_expiry": (date(2026, 1, 1) - timedelta(days=rng.randrange(700))).isoformat()
            if expired else None,
            "bhxh_status": "stopped" if year <= 1990 and rng.random() < 0.05 else "none",
        }

    def household(self) -> list[dict]:
        rng = self.rng
        khmer = rng.random() < 0.12
        family = rng.choice(KHMER_FAMILY if khmer else FAMILY)
        roll = rng.random()
        group = ("poor" if roll < 0.08 else "near_poor" if roll < 0.18
                 else "ethnic_minority" if khmer else "other")
        ethnicity = "Khmer" if khmer else ("Hoa" if rng.random() < 0.03 else "Kinh")
        head_gender = "male" if rng.random() < 0.75 else "female"
        head_year = rng.randrange(1950, 1996)
        members = [self.member(family, head_gender, head_year, "Chủ hộ", group, ethnicity)]
        spouse_gender = "female" if head_gender == "male" else "male"
        members.append(self.member(rng.choice(FAMILY), spouse_gender,
                                   min(2006, head_year + rng.randrange(-4, 6)),
                                   "Vợ" if spouse_gender == "female" else "Chồng",
                                   group, ethnicity))
        third = rng.random()
        if third < 0.7 or head_year < 1970:
            gender = rng.choice(["male", "female"])
            members.append(self.member(family, gender, min(2025, head_year + rng.randrange(20, 32)),
                                       "Con", group, ethnicity))
        else:
            gender = rng.choice(["male", "female"])
            members.append(self.member(family, gender, max(1935, head_year - rng.randrange(20, 30)),
                                       "Cha" if gender == "male" else "Mẹ", group, ethnicity))
        return members


def seed(db: Database, households_per_village: int = 100, rng_seed: int = 20251201,
         field_days: int = 7, today: date | None = None) -> dict:
    """Fill an empty database with the demo; returns what it made. ``field_days`` of visits and
    sign-ups end the day before ``today`` (default: the clock's Vietnam day), so officials and
    supervisors have data to read."""
    today = today or clock.today()
    rng = random.Random(rng_seed)
    people = _People(rng)
    villages: dict[str, list[int]] = {}
    counts = {"households": 0, "residents": 0}
    with transaction(db):
        place_store.upsert_province(db, *PROVINCE)
        for code, name, village_names in COMMUNES:
            place_store.upsert_commune(db, code, PROVINCE[0], name, BHXH_OFFICE)
            villages[code] = []
            for village_name in village_names:
                village_id = place_store.village_id_for(db, code, village_name)
                villages[code].append(village_id)
                for _ in range(households_per_village):
                    members = people.household()
                    household_id = resident_store.insert_household(db, {
                        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                        "village_id": village_id, "head_name": members[0]["full_name"],
                        "household_code": f"96{rng.randrange(10**8):08d}",
                        "address": f"{village_name}, {name}",
                    })
                    counts["households"] += 1
                    for member in members:
                        resident_store.insert_resident(
                            db, {**member, "village_id": village_id, "household_id": household_id})
                        counts["residents"] += 1
                place_store.set_village_population(db, village_id, households_per_village * 4)
        _targets(db, villages, today.year)
        _users(db, villages)
    counts["records"] = _field_days(db, rng, field_days, today)
    return counts


def _targets(db: Database, villages: dict[str, list[int]], year: int) -> None:
    for code, ids in villages.items():
        for village_id in ids:
            target_store.set_target(db, code, village_id, year, "bhxh_tn", "count", 25)
            target_store.set_target(db, code, village_id, year, "bhyt_hgd", "coverage_percent", 95)


def _users(db: Database, villages: dict[str, list[int]]) -> None:
    first, second = (ids for ids in villages.values())
    ids = {}
    for number, (username, role, display) in enumerate(DEMO_USERS):
        ids[username] = user_store.create_user(
            db, username, DEMO_PASSWORD, role, display,
            phone=f"0912{number:06d}" if role == "agent" else None)
    user_store.assign_villages(db, ids["agent1"], first)
    user_store.assign_villages(db, ids["agent2"], second)
    user_store.assign_communes(db, ids["official1"], [COMMUNES[0][0]])
    user_store.assign_communes(db, ids["supervisor1"], [c[0] for c in COMMUNES])


OUTCOME_WEIGHTS = {"not_home": 30, "considering": 24, "refused": 14, "enrolled": 18,
                   "insured_elsewhere": 6, "moved_away": 3, "wrong_info": 3, "deceased": 2}
DECLINE_REASONS = ["low_income", "irregular_income", "distrust_rumour", "lost_state_support",
                   "want_more_info", "too_old"]


class _FieldWeek:
    """One agent's days in the field, made as the phone would make records, through ingest."""

    def __init__(self, db: Database, rng: random.Random, username: str):
        self.db, self.rng = db, rng
        user = user_store.get_user_by_name(db, username)
        self.actor = Actor.of(db, user)
        marks = ",".join("?" * len(self.actor.village_ids))
        self.people = rows(db, "SELECT r.id, r.household_id, r.support_group, r.village_id,"
                               " r.birth_date, r.birth_year"
                               f" FROM residents r WHERE r.village_id IN ({marks})"
                               " ORDER BY r.id", tuple(sorted(self.actor.village_ids)))
        rng.shuffle(self.people)
        self.rules = parameter_store.load_rules(db)
        self.receipts = 0
        self.records: list[dict] = []

    def record(self, kind: str, day: date, minute: int, data: dict) -> None:
        stamp = datetime.combine(day, datetime.min.time()) + timedelta(hours=7, minutes=minute)
        self.records.append({"id": str(uuid.UUID(int=self.rng.getrandbits(128), version=4)),
                             "kind": kind, "data": data,
                             "created_at": stamp.strftime("%Y-%m-%dT%H:%M:00+07:00")})

    def day(self, day: date, visits: int, campaign: str | None) -> None:
        rng = self.rng
        minute = rng.randrange(0, 60)
        for _ in range(visits):
            if not self.people:
                return
            person = self.people.pop()
            outcome = rng.choices(list(OUTCOME_WEIGHTS), list(OUTCOME_WEIGHTS.values()))[0]
            data = {"resident_id": person["id"], "outcome": outcome, "campaign": campaign,
                    "reasons": [], "follow_up_on": None,
                    "vssid": rng.choice(["explained", "installed"])
                    if outcome == "enrolled" else None}
            if outcome in ("refused", "considering"):
                data["reasons"] = rng.sample(DECLINE_REASONS, rng.randrange(1, 3))
            if outcome == "considering":
                data["follow_up_on"] = (day + timedelta(days=rng.randrange(2, 8))).isoformat()
            self.record("visit", day, minute, data)
            if outcome == "enrolled":
                self.sign_up(person, day, minute + 5)
            minute += rng.randrange(8, 25)

    def sign_up(self, person: dict, day: date, minute: int) -> None:
        self.receipts += 1
        receipt = {"receipt_no": f"BL{self.actor.id:02d}-{self.receipts:04d}",
                   "receipt_date": day.isoformat(), "start_month": day.strftime("%Y-%m")}
        group = person["support_group"]
        if ((self.rng.random() < 0.4 or group in premiums.NOT_HOUSEHOLD_GROUPS)
                and _old_enough_for_bhxh(person, day)):
            months = self.rng.choice([3, 6, 12, 12])
            quote = premiums.quote_bhxh(day, 1_500_000, months, group, PROVINCE[0],
                                        rules=self.rules)
            self.record("enrolment", day, minute, {
                "resident_id": person["id"], "scheme": "bhxh_tn", "income": 1_500_000,
                "months": months, "group": group, "amount": quote.payable, **receipt})
            return
        household = rows(self.db, "SELECT id, support_group, birth_date, birth_year FROM residents"
                                  " WHERE household_id = ? ORDER BY id", (person["household_id"],))
        members = [m["id"] for m in household if premiums.household_bhyt_refusal(
            m["support_group"], day, m["birth_date"], m["birth_year"]) is None]
        for position, member in enumerate(members, start=1):
            quote = premiums.quote_bhyt(day, position, 12, PROVINCE[0], group, rules=self.rules)
            self.record("enrolment", day, minute + position, {
                "resident_id": member, "scheme": "bhyt_hgd", "position": position, "months": 12,
                "group": group, "amount": quote.payable, **receipt})
        self.people = [p for p in self.people if p["id"] not in members]

    def last_year(self, today: date, each: int = 4) -> list[dict]:
        """Sign-ups made about a year before ``today`` by people the week did not reach, so the
        due lists have someone: BHXH periods ending this month (due) and three months ago
        (lapsed, still inside the 12-monthly window), and BHYT cards ending within the next
        days. Returned for the front of the week's push, oldest first."""
        self.records, made = [], self.records
        this_month = today.strftime("%Y-%m")
        plans = [("bhxh_tn", retention.month_shift(this_month, -11)),
                 ("bhxh_tn", retention.month_shift(this_month, -14)),
                 ("bhyt_hgd", retention.month_shift(this_month, -12))]
        for scheme, start in plans:
            for _ in range(each):
                person = self.people.pop()
                day = date.fromisoformat(start + "-05")
                if scheme == "bhxh_tn" and _old_enough_for_bhxh(person, day):
                    quote = premiums.quote_bhxh(day, 1_500_000, 12, person["support_group"],
                                                PROVINCE[0], rules=self.rules)
                    data = {"income": 1_500_000, "group": person["support_group"]}
                elif scheme == "bhyt_hgd" and premiums.household_bhyt_refusal(
                        person["support_group"], today, person["birth_date"],
                        person["birth_year"]) is None:
                    day = retention.add_months(today, -12) - timedelta(days=20)
                    quote = premiums.quote_bhyt(day, 1, 12, PROVINCE[0], person["support_group"],
                                                rules=self.rules)
                    data = {"position": 1, "group": person["support_group"]}
                else:
                    continue
                self.receipts += 1
                self.record("enrolment", day, 30, {
                    "resident_id": person["id"], "scheme": scheme, "months": 12,
                    "amount": quote.payable, "start_month": start if scheme == "bhxh_tn"
                    else day.strftime("%Y-%m"), "receipt_date": day.isoformat(),
                    "receipt_no": f"BL{self.actor.id:02d}-{self.receipts:04d}", **data})
        self.records, made = made, self.records
        return sorted(made, key=lambda r: r["created_at"])


def _old_enough_for_bhxh(person: dict, day: date) -> bool:
    """The demo signs children up for household BHYT only, as the server would refuse BHXH."""
    born = person["birth_date"] and date.fromisoformat(person["birth_date"])
    return check_bhxh_age(born or None, person["birth_year"], day)[0] is None


def _field_days(db: Database, rng: random.Random, days: int, today: date) -> int:
    """About a week of believable field work for each demo agent, ending the day before
    ``today``, delivered as one push from the agent's phone (so supervisors see a synced device)."""
    stored = 0
    for username in ("agent1", "agent2"):
        week = _FieldWeek(db, rng, username)
        for back in range(days, 0, -1):
            day = today - timedelta(days=back)
            weekend = day.weekday() >= 5
            campaign = f"Ngày hội BHXH {day:%d/%m}" if weekend else None
            week.day(day, rng.randrange(18, 30) if weekend else rng.randrange(8, 16), campaign)
        week.records[:0] = week.last_year(today)
        records = [{**record, "seq": seq} for seq, record in enumerate(week.records, start=1)]
        device = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        results = receive(db, week.actor, Push(device, "demo", 0, week.actor.id, records))
        stored += sum(r.status == "accepted" for r in results)
    return stored
