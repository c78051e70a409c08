"""The commune overview: the numbers an official reports upward, for the period chosen."""

import re
from datetime import date

import pytest
from commune_data import HONG_DAN, enrol, residents, villages, visit

from agent_app import periods
from agent_app.store import targets as target_store
from agent_app.store import transaction

NOV = "/communes/31843/?period=month&month=2026-11"


def cell(page: str, village: int | str, column: str) -> str:
    """The text of one cell of the overview table, tags and spaces squeezed out."""
    line = re.search(rf'<tr data-village-id="{village}">(.*?)</tr>', page, re.S).group(1)
    found = re.search(rf'data-col="{column}">(.*?)</td>', line, re.S).group(1)
    return " ".join(re.sub(r"<[^>]+>", " ", found).split())


@pytest.fixture
def november(db):
    """Village 1 of Xã Hồng Dân in November 2026: four people visited, two signed up."""
    first = villages(db)[0]
    people = residents(db, first, 5)
    with transaction(db):
        target_store.set_target(db, HONG_DAN, first, 2026, "bhxh_tn", "count", 25)
        target_store.set_target(db, HONG_DAN, first, 2026, "bhyt_hgd", "coverage_percent", 95)
    refused = visit(db, people[0]["id"], "refused", "2026-11-10", reasons=["low_income"])
    visit(db, people[0]["id"], "refused", "2026-11-10", hour=10, corrects=refused,
          reasons=["low_income", "distrust_rumour"])
    visit(db, people[1]["id"], "considering", "2026-11-11", follow_up_on="2026-11-30",
          reasons=["want_more_info"])
    visit(db, people[2]["id"], "enrolled", "2026-11-12")
    enrol(db, people[2], "bhxh_tn", "2026-11-12", 3_960_000, income=1_500_000)
    visit(db, people[3]["id"], "enrolled", "2026-11-12")
    enrol(db, people[3], "bhyt_hgd", "2026-11-12", 1_263_600, position=1)
    enrol(db, people[3], "bhyt_hgd", "2026-10-02", 1_263_600, position=1)
    visit(db, people[4]["id"], "not_home", "2026-10-20")
    return first


def test_official_home_leads_to_the_overview(client, auth):
    auth.login("official1")
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/communes/31843/")


def test_overview_numbers_for_a_month(client, auth, november):
    auth.login("official1")
    page = client.get(NOV).get_data(as_text=True)
    assert cell(page, november, "listed") == "300"
    assert cell(page, november, "visited") == "4 (1,3%)"      # 4 of 300; October's visit left out
    assert cell(page, november, "bhxh") == "1"
    assert cell(page, november, "bhyt") == "1"
    # 400 people, 299 on the list still without a card: (400 - 299) / 400
    assert cell(page, november, "coverage") == "25,2%"
    assert cell(page, november, "bhxh-target") == "25 người"
    assert cell(page, november, "bhxh-plan") == "4,0%"         # 1 of 25 since 1/1/2026
    assert cell(page, november, "bhyt-target") == "95% dân số"
    assert cell(page, november, "bhyt-plan") == "26,6%"        # 25,25% of 95%
    assert cell(page, november, "follow-ups") == "1"
    assert cell(page, "total", "listed") == "900"
    assert cell(page, "total", "visited") == "4 (0,4%)"
    assert "Thu nhập thấp" in page and "Nghe tin đồn, chưa tin tưởng" in page
    assert 'class="chart chart-villages"' in page and 'data-day="2026-11-12"' in page
    assert "style=" not in page


def test_a_year_counts_every_sign_up_of_the_year(client, auth, november):
    auth.login("official1")
    page = client.get("/communes/31843/?period=year&year=2026").get_data(as_text=True)
    assert cell(page, november, "bhyt") == "1"                 # one person, two payments
    assert cell(page, november, "visited") == "5 (1,7%)"
    quarter = client.get("/communes/31843/?period=quarter&quarter=2026-Q4").get_data(as_text=True)
    assert "Q4/2026" in quarter and cell(quarter, november, "visited") == "5 (1,7%)"


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
