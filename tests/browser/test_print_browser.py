"""The printed "Danh sách người chưa tham gia", printed to A4 by real Chromium: only people still
to win, one line each with their phone, many to a page, every page numbered."""

import io
import re

import pytest
from pypdf import PdfReader
from support import browser_login

from agent_app import store
from agent_app.domain.identifiers import make_cccd
from agent_app.store import places as place_store
from agent_app.store import residents as resident_store

pytestmark = pytest.mark.browser
PEOPLE = 120


@pytest.fixture
def hamlet(db_path) -> int:
    """A hamlet of 120 people still on the list, with phones, plus two who joined and one who
    died (neither belongs on the sheet)."""
    db = store.connect(db_path)
    try:
        with store.transaction(db):
            village = place_store.village_id_for(db, "31843", "Ấp Kinh Xáng Mới")
            for n in range(PEOPLE + 3):
                household = resident_store.insert_household(db, {
                    "village_id": village, "head_name": f"Nguyễn Văn Số {n:03d}"})
                status = "enrolled" if n in (5, 6) else "deceased" if n == 7 else "on_list"
                resident_store.insert_resident(db, {
                    "village_id": village, "household_id": household,
                    "full_name": f"Trương Thị Khánh Số {n:03d}",
                    "birth_date": f"19{50 + n % 40}-0{1 + n % 9}-1{n % 9}",
                    "birth_year": 1950 + n % 40, "phone": f"09{n:08d}",
                    "cccd": make_cccd("096", 1950 + n % 40, "female", n),
                    "list_status": status, "relation_to_head": "Chủ hộ"})
    finally:
        db.conn.close()
    return village


def test_the_printed_list(desk, live_server, hamlet):
    browser_login(desk, live_server, "official1")
    desk.goto(f"{live_server.url}/communes/31843/villages/{hamlet}/print")
    reader = PdfReader(io.BytesIO(desk.pdf(format="A4", prefer_css_page_size=True)))
    pages = [page.extract_text() for page in reader.pages]
    text = "\n".join(pages)

    listed = re.findall(r"Trương Thị Khánh Số (\d{3})", text)
    assert len(listed) == PEOPLE
    assert not {"005", "006", "007"} & set(listed)            # joined or died: not on it
    assert "0900000042" in text                               # phone numbers, one per line
    assert len(pages) <= 3, len(pages)                        # 40 or more people to a page
    assert "Trương Thị Khánh Số 000 10/01/1950 Nguyễn Văn Số 000 0900000000" in text  # one line
    for number, page in enumerate(pages, start=1):
        assert f"{number} / {len(pages)}" in page, number       # every page numbered
        assert "Họ và tên" in page                             # headings on every page
    first = pages[0]
    line = next(row for row in first.splitlines() if "Số 000" in row)
    assert "0900000000" in line                               # name and phone on one line
