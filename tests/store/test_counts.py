"""One definition of each count of a hamlet's list: the agent's home, the commune overview and
the hamlet review page say the same numbers for the same hamlet on the same day."""

import re

import pytest
from commune_data import enrol, new_village, visit

from agent_app.domain import clock
from agent_app.store import residents as resident_store

pytestmark = pytest.mark.both_engines

TODAY = clock.today().isoformat()


def agent_counts(client, village: int) -> str:
    home = client.get("/").get_data(as_text=True)
    item = re.search(rf'data-village-id="{village}">(.*?)</li>', home, re.S).group(1)
    return " ".join(re.search(r'class="counts">(.*?)</span>', item, re.S).group(1).split())


def overview_cell(page: str, village: int, column: str) -> str:
    line = re.search(rf'<tr data-village-id="{village}">(.*?)</tr>', page, re.S).group(1)
    found = re.search(rf'data-col="{column}">(.*?)</td>', line, re.S).group(1)
    return " ".join(re.sub(r"<[^>]+>", " ", found).split())


def test_the_agents_home_and_the_officials_pages_agree(client, auth, db):
    village, people = new_village(db)               # six people, agent1's
    visit(db, people[0]["id"], "refused", TODAY)
    visit(db, people[1]["id"], "considering", "2026-11-02", follow_up_on="2026-11-20")
    visit(db, people[2]["id"], "enrolled", "2026-11-03")
    enrol(db, people[2], "bhxh_tn", "2026-11-03", 3_564_000, income=1_500_000)
    enrol(db, people[3], "bhyt_hgd", "2026-11-04", 1_263_600, position=1)  # no visit record
    visit(db, people[4]["id"], "moved_away", "2026-11-05")                  # off the list
    resident_store.update_resident(db, people[2]["id"], {"list_status": "enrolled"})
    resident_store.update_resident(db, people[3]["id"], {"list_status": "enrolled"})

    auth.login("agent1")
    assert agent_counts(client, village) == (
        "5 trong danh sách · 4 đã đến · 2 đã tham gia · 1 đến hẹn")

    auth.login("official1")
    overview = client.get("/communes/31843/").get_data(as_text=True)    # this month, to today
    assert overview_cell(overview, village, "listed") == "5"
    assert overview_cell(overview, village, "visited") == "4 (80,0%)"
    review = client.get(f"/communes/31843/villages/{village}").get_data(as_text=True)
    counts = re.search(r'id="village-counts">(.*?)<span', review, re.S).group(1)
    assert " ".join(counts.split()) == (
        "5 trong danh sách · 4 đã đến · 2 đã tham gia · 1 đến hẹn")


def test_the_definitions_are_written_down():
    from pathlib import Path

    text = (Path(__file__).parents[2] / "docs/data-model.md").read_text("utf-8")
    section = text[text.index("## The counts"):]
    for name in ("trong danh sách", "đã đến", "đã tham gia", "đến hẹn", "chưa tham gia"):
        assert name in section, name
