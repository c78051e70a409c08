"""The commune overview: the numbers an official reports upward, for the period chosen."""

import re
from datetime import date

import pytest
from commune_data import HONG_DAN, enrol, new_village, visit

from agent_app.domain import periods
from agent_app.store import targets as target_store
from agent_app.store import transaction

NOV = "/communes/31843/?period=month&month=2024-11"


def cell(page: str, village: int | str, column: str) -> str:
    """The text of one cell of the overview table, tags and spaces squeezed out."""
    line = re.search(rf'<tr data-village-id="{village}">(.*?)</tr>', page, re.S).group(1)
    found = re.search(rf'data-col="{column}">(.*?)</td>', line, re.S).group(1)
    return " ".join(re.sub(r"<[^>]+>", " ", found).split())


def reason_counts(page: str) -> dict[str, str]:
    return dict(re.findall(r'<tr data-reason="(\w+)"><td>[^<]*</td><td class="num">(\d+)<',
                           page))


@pytest.fixture
def november(db):
    """A village of six people in November 2024: four visited, two signed up."""
    village, people = new_village(db)
    with transaction(db):
        target_store.set_target(db, HONG_DAN, village, 2024, "bhxh_tn", "count", 25)
        target_store.set_target(db, HONG_DAN, village, 2024, "bhyt_hgd", "coverage_percent", 95)
    refused = visit(db, people[0]["id"], "refused", "2024-11-10", reasons=["low_income"])
    visit(db, people[0]["id"], "refused", "2024-11-10", hour=10, corrects=refused,
          reasons=["low_income", "distrust_rumour"])
    visit(db, people[1]["id"], "considering", "2024-11-11", follow_up_on="2024-11-30",
          reasons=["want_more_info"])
    visit(db, people[2]["id"], "enrolled", "2024-11-12")
    enrol(db, people[2], "bhxh_tn", "2024-11-12", 3_564_000, income=1_500_000)
    visit(db, people[3]["id"], "enrolled", "2024-11-12")
    enrol(db, people[3], "bhyt_hgd", "2024-11-12", 1_263_600, position=1)
    enrol(db, people[3], "bhyt_hgd", "2024-10-02", 1_263_600, position=1)
    visit(db, people[4]["id"], "not_home", "2024-10-20")
    return village


def test_official_home_leads_to_the_overview(client, auth):
    auth.login("official1")
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/communes/31843/")


def test_overview_numbers_for_a_month(client, auth, november):
    auth.login("official1")
    page = client.get(NOV).get_data(as_text=True)
    assert cell(page, november, "listed") == "6"
    assert cell(page, november, "visited") == "5 (83,3%)"     # October's visit too: by the end
    assert cell(page, november, "bhxh") == "1"
    assert cell(page, november, "bhyt") == "1"
    # 20 people live there; 5 on the list still have no card: (20 - 5) / 20
    assert cell(page, november, "coverage") == "75,0%"
    assert cell(page, november, "bhxh-target") == "25 người"
    assert cell(page, november, "bhxh-plan") == "4,0%"         # 1 of 25 since 1/1/2024
    assert cell(page, november, "bhyt-target") == "95% dân số"
    assert cell(page, november, "bhyt-plan") == "78,9%"        # 75% of 95%
    assert cell(page, november, "follow-ups") == "1"
    rows = re.findall(r'<tr data-village-id="(\d+)">', page)
    assert len(rows) == 4
    assert int(cell(page, "total", "listed").replace(".", "")) == sum(
        int(cell(page, v, "listed").replace(".", "")) for v in rows)
    assert cell(page, "total", "visited").startswith("5 (")
    assert cell(page, "total", "bhxh") == "1" and cell(page, "total", "bhyt") == "1"
    assert 'class="chart chart-villages"' in page and 'data-day="2024-11-12"' in page
    assert "style=" not in page
    # reasons given at each person's latest visit by the end of November 2024
    assert reason_counts(page) == {"low_income": "1", "distrust_rumour": "1",
                                   "want_more_info": "1"}


def test_a_year_counts_every_sign_up_of_the_year(client, auth, november):
    auth.login("official1")
    page = client.get("/communes/31843/?period=year&year=2024").get_data(as_text=True)
    assert cell(page, november, "bhyt") == "1"                 # one person, two payments
    assert cell(page, november, "visited") == "5 (83,3%)"
    quarter = client.get("/communes/31843/?period=quarter&quarter=2024-Q4").get_data(as_text=True)
    assert "Q4/2024" in quarter and cell(quarter, november, "visited") == "5 (83,3%)"


def test_reasons_summary_counts_people_at_their_last_visit(client, auth, november):
    auth.login("official1")
    page = client.get(f"/communes/31843/villages/{november}").get_data(as_text=True)
    assert reason_counts(page) == {"low_income": "1", "distrust_rumour": "1",
                                   "want_more_info": "1"}
    assert "Nguyễn Văn An" in page and "Từ chối" in page and "Trần Thị Mai" in page


def test_a_period_that_cannot_be_read_says_why(client, auth):
    auth.login("official1")
    page = client.get("/communes/31843/?period=custom&from=2026-11-30&to=2026-11-01")
    assert page.status_code == 200
    assert "Đến ngày phải sau hoặc bằng Từ ngày" in page.get_data(as_text=True)


def test_periods_from_query_strings():
    today = date(2026, 11, 23)
    assert periods.from_args({}, today) == periods.month(2026, 11)
    assert periods.month(2026, 12).end == date(2026, 12, 31)
    assert periods.from_args({"period": "quarter", "quarter": "2026-Q1"}, today).end \
        == date(2026, 3, 31)
    custom = periods.from_args({"period": "custom", "from": "2026-02-27", "to": "2026-03-02"},
                               today)
    assert len(custom.days()) == 4 and custom.label == "27/02/2026 – 02/03/2026"
    with pytest.raises(periods.PeriodError, match="Từ ngày"):
        periods.from_args({"period": "custom", "from": "2026-02-30", "to": "2026-03-02"}, today)
    for kind in ("month", "quarter", "year", "custom"):
        period = periods.from_args({"period": kind, "from": "2026-01-01", "to": "2026-01-02"},
                                   today)
        assert periods.from_args(period.args(), today) == period


def test_overview_in_english(client, auth):
    auth.login("official1")
    page = client.get("/communes/31843/?lang=en").get_data(as_text=True)
    assert "Reasons for declining" in page and "BHXH plan achieved" in page
    targets = client.get("/communes/31843/targets").get_data(as_text=True)
    assert "Household BHYT (% of population)" in targets
