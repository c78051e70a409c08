"""The store's shared rules (store/records.py) read alike on every page: a person's latest visit
that counts, and the household orders."""

from datetime import timedelta

import pytest
from commune_data import HONG_DAN, new_village, visit

from agent_app.domain import clock
from agent_app.store import checklist, counts, coverage, transaction, village_review
from agent_app.store import residents as resident_store

pytestmark = pytest.mark.both_engines


def test_every_reader_takes_the_same_latest_visit(db):
    village, people = new_village(db)
    person = people[1]["id"]
    today = clock.today()
    day = [(today - timedelta(days=n)).isoformat() for n in range(6)]
    visit(db, person, "considering", day[4], follow_up_on=day[1])
    refused = visit(db, person, "refused", day[2])
    visit(db, person, "not_home", day[5], corrects=refused)   # older than the first one

    assert checklist.last_visit(db, person)["outcome"] == "considering"
    listed = {p["id"]: p for p in checklist.village_checklist(db, village)}
    assert listed[person]["last_outcome"] == "considering"
    assert [p["id"] for p in checklist.due_follow_ups(db, {village}, day[0])] == [person]
    assert counts.village_counts(db, [village], day[0])[village]["due"] == 1
    reviewed = {p["id"]: p for p in village_review.status_rows(db, HONG_DAN, village)}
    assert reviewed[person]["outcome"] == "considering"
    follow_ups = [v["follow_up_on"] for v in coverage.latest_visits(db, HONG_DAN, today)
                  if v["village_id"] == village]
    assert follow_ups == [day[1]]


def test_the_checklist_and_the_review_list_order_households_alike(db):
    village, people = new_village(db)
    an, binh = people[0], people[1]                 # one household; An's name sorts first
    with transaction(db):
        resident_store.update_resident(db, an["id"], {"relation_to_head": "Chồng"})
        resident_store.update_resident(db, binh["id"], {"relation_to_head": "Chủ hộ"})
    order = [p["id"] for p in checklist.village_checklist(db, village)]
    assert order == [p["id"] for p in village_review.status_rows(db, HONG_DAN, village)]
    assert order.index(binh["id"]) == order.index(an["id"]) - 1
    members = checklist.household_members(db, an["household_id"])
    assert [m["id"] for m in members] == [binh["id"], an["id"]]


def test_a_member_whose_birth_year_is_unknown_comes_first_on_every_engine(db):
    village, people = new_village(db)
    head, wife = people[0], people[1]
    with transaction(db):
        child = resident_store.insert_resident(db, {
            "village_id": village, "household_id": head["household_id"],
            "full_name": "Út Không Rõ Tuổi", "relation_to_head": "Con"})
    members = [m["id"] for m in checklist.household_members(db, head["household_id"])]
    assert members == [head["id"], child, wife["id"]]
