"""The columns of the village lists, written by ``agent_app.spreadsheets`` as XLSX or CSV (a
period's sign-ups are written in a declaration profile's layout: ``agent_app.declarations``)."""

from __future__ import annotations

import functools
from datetime import date

from flask_babel import force_locale

from ..domain import codes
from ..domain.formatting import vn_month
from ..spreadsheets import Column


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text[:10]) if text else None


def _birth_cell(person: dict) -> date | int | None:
    """The full date when known; the year alone otherwise (with "Chỉ có năm sinh" = Có)."""
    return _day(person["birth_date"]) or person["birth_year"]


def _only_year(person: dict) -> str:
    return "Không" if person["birth_date"] else "Có"


@functools.cache
def _vietnamese(table_name: str) -> dict[str, str]:
    """A code table's labels in Vietnamese, resolved once: files are always in Vietnamese, the
    language of the declaration templates, and resolving 30,000 lazy strings costs seconds."""
    with force_locale("vi"):
        return {code: str(label) for code, label in getattr(codes, table_name).items()}


def _label(table_name: str, code: str | None) -> str:
    return _vietnamese(table_name).get(code, code or "")


STATUS_COLUMNS = [
    Column("Thôn, ấp", lambda p: p["village_name"], width=18),
    Column("Họ và tên", lambda p: p["full_name"], width=26),
    Column("Ngày sinh", _birth_cell, "date", 12),
    Column("Chỉ có năm sinh (Có/Không)", _only_year, width=10),
    Column("Giới tính", lambda p: _label("GENDERS", p["gender"]), width=8),
    Column("Số CCCD", lambda p: p["cccd"], width=15),
    Column("Mã số BHXH", lambda p: p["bhxh_code"], width=13),
    Column("Số điện thoại", lambda p: p["phone"], width=13),
    Column("Dân tộc", lambda p: p["ethnicity"], width=9),
    Column("Mã hộ gia đình", lambda p: p["household_code"], width=13),
    Column("Chủ hộ", lambda p: p["head_name"], width=24),
    Column("Quan hệ với chủ hộ", lambda p: p["relation_to_head"], width=10),
    Column("Địa chỉ", lambda p: p["address"], width=28),
    Column("Nhóm đối tượng", lambda p: _label("SUPPORT_GROUPS", p["support_group"]), width=16),
    Column("Tình trạng danh sách", lambda p: _label("LIST_STATUSES", p["list_status"]),
           width=18),
    Column("Lần đến gần nhất", lambda p: _day(p["visited_on"]), "date", 12),
    Column("Kết quả", lambda p: _label("OUTCOMES", p["outcome"]), width=16),
    Column("Lý do", lambda p: "; ".join(_label("REASONS", r) for r in p["reasons"]),
           width=28),
    Column("Hẹn lại", lambda p: _day(p["follow_up_on"]), "date", 12),
    Column("Nhân viên thu", lambda p: p["agent_name"], width=20),
]


RENEWAL_STATES = {"due": "Sắp đến hạn", "lapsed": "Đã dừng"}

# The renewal list (commune/renewal_figures.renewal_list): who to see on a campaign day, what
# ended, and what renewing costs on the day the file is made.
PERSON_HEADINGS = ("Thôn, ấp", "Họ và tên", "Ngày sinh", "Chỉ có năm sinh (Có/Không)",
                   "Giới tính", "Số CCCD", "Mã số BHXH", "Số điện thoại", "Chủ hộ", "Địa chỉ")
RENEWAL_COLUMNS = [
    *(Column(c.heading, lambda e, read=c.value: read(e["person"]), c.kind, c.width)
      for c in STATUS_COLUMNS if c.heading in PERSON_HEADINGS),
    Column("Loại", lambda e: _label("SCHEMES", e["scheme"]), width=16),
    Column("Tình trạng", lambda e: RENEWAL_STATES[e["state"]], width=12),
    Column("Hết hạn", lambda e: _day(e["ends"]), "date", 12),
    Column("Đã đóng đến tháng", lambda e: vn_month(e.get("through")), width=10),
    Column("Hạn đóng", lambda e: _day(e["deadline"]), "date", 12),
    Column("Số tháng", lambda e: e["months"], "int", 8),
    Column("Mức thu nhập", lambda e: e.get("income"), "money", 14),
    Column("Người tham gia thứ", lambda e: e.get("position"), "int", 8),
    Column("Số tiền đóng hôm nay", lambda e: e["amount"], "money", 14),
    Column("Thẻ mới có giá trị từ", lambda e: _day(e.get("card_from")), "date", 12),
    Column("Nhân viên thu", lambda e: e["agent_name"], width=20),
]
