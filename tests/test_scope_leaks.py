"""The duplicate check and the person form tell a user nothing about people outside their
villages: a CCCD listed elsewhere is only "on another list", a household elsewhere only an error
on the field. CCCD look-ups are limited per user like failed logins."""

import pytest
from commune_data import HONG_DAN, NINH_QUOI, villages

from agent_app import demo
from agent_app.domain.formatting import vn_date
from agent_app.store import row, scalar
from agent_app.store import users as user_store

ELSEWHERE = "Số CCCD này đã có trong danh sách khác; hãy hỏi xã."


def listed_with_cccd(db, village_id: int) -> dict:
    return row(db, "SELECT r.*, h.head_name FROM residents r JOIN households h"
                   " ON h.id = r.household_id WHERE r.village_id = ? AND r.cccd IS NOT NULL"
                   " AND r.birth_date IS NOT NULL ORDER BY r.id LIMIT 1", (village_id,))


def one_village_agent(db, village_id: int) -> str:
    """An agent given one village of Hồng Dân (agent1 holds them all)."""
    user_id = user_store.create_user(db, "agent3", demo.DEMO_PASSWORD, "agent", "Đỗ Văn Ba")
    user_store.assign_villages(db, user_id, [village_id])
    return "agent3"


def says_nothing_about(page: str, person: dict) -> None:
    for detail in (person["full_name"], vn_date(person["birth_date"]), person["head_name"],
                   person["id"]):
        assert detail not in page


@pytest.fixture(params=["another commune", "another agent's village"])
def outsider(request, db, auth):
    """(the user's village, a person with a CCCD outside the user's villages), logged in."""
    if request.param == "another commune":
        own, theirs = villages(db, HONG_DAN)[0], villages(db, NINH_QUOI)[0]
        auth.login("agent1")
    else:
        own, theirs = villages(db, HONG_DAN)[:2]
        auth.login(one_village_agent(db, own))
    return own, listed_with_cccd(db, theirs)


def test_the_duplicate_check_says_only_that_a_cccd_is_listed_elsewhere(client, outsider):
    own, person = outsider
    answer = client.get("/people/check", query_string={
        "village_id": own, "full_name": "Tên Chưa Ai Có", "birth_year": "1990",
        "cccd": person["cccd"]})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200 and ELSEWHERE in page
    says_nothing_about(page, person)
    english = client.get("/people/check", query_string={
        "village_id": own, "full_name": "X", "birth_year": "1990", "cccd": person["cccd"],
        "lang": "en"})
    assert "This CCCD is already on another list; ask the commune." in english.get_data(
        as_text=True)


def test_a_refused_new_person_says_only_that_the_cccd_is_listed_elsewhere(client, auth, db,
                                                                         outsider):
    own, person = outsider
    before = scalar(db, "SELECT count(*) FROM residents")
    answer = client.post("/people", data={
        "csrf_token": auth.csrf("/"), "village_id": str(own), "household.id": "",
        "full_name": "Tên Chưa Ai Có", "birth_year": "1990", "cccd": person["cccd"]})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422 and ELSEWHERE in page
    says_nothing_about(page, person)
    assert scalar(db, "SELECT count(*) FROM residents") == before


def test_a_twin_in_ones_own_villages_is_named(client, auth, db):
    auth.login("agent1")
    own = villages(db, HONG_DAN)
    person = listed_with_cccd(db, own[1])
    page = client.get("/people/check", query_string={
        "village_id": own[0], "full_name": "X", "birth_year": "1990",
        "cccd": person["cccd"]}).get_data(as_text=True)
    assert f'href="/residents/{person["id"]}"' in page and ELSEWHERE not in page


def test_cccd_look_ups_are_limited_per_user(app, client, auth, db):
    app.config["CCCD_LOOKUPS_PER_USER"] = 3
    auth.login("agent1")
    own, theirs = villages(db, HONG_DAN)[0], villages(db, NINH_QUOI)[0]
    person = listed_with_cccd(db, theirs)
    ask = {"village_id": own, "full_name": "X", "birth_year": "1990", "cccd": person["cccd"]}
    for _ in range(3):
        assert client.get("/people/check", query_string=ask).status_code == 200
    refused = client.get("/people/check", query_string=ask)
    assert refused.status_code == 429
    assert "quá nhiều lần" in refused.get_data(as_text=True)
    assert ELSEWHERE not in refused.get_data(as_text=True)
    answer = client.post("/people", data={
        "csrf_token": auth.csrf("/"), "village_id": str(own), "household.id": "",
        "full_name": "Tên Chưa Ai Có", "birth_year": "1990", "cccd": person["cccd"]})
    assert answer.status_code == 429 and ELSEWHERE not in answer.get_data(as_text=True)
    assert scalar(db, "SELECT count(*) FROM residents WHERE full_name = 'Tên Chưa Ai Có'") == 0
    # Checks without a CCCD look up nobody outside the user's villages: still answered.
    assert client.get("/people/check", query_string={**ask, "cccd": ""}).status_code == 200
    # Another user has a budget of their own.
    client.post("/logout", data={"csrf_token": auth.csrf("/")})
    auth.login("agent2")
    assert client.get("/people/check", query_string={**ask, "village_id": theirs}).status_code \
        == 200


def test_a_household_of_another_village_is_an_error_on_the_field_and_nothing_more(
        client, auth, db):
    auth.login("agent1")
    own, theirs = villages(db, HONG_DAN)[0], villages(db, NINH_QUOI)[0]
    household = scalar(db, "SELECT household_id FROM residents WHERE village_id = ?"
                           " GROUP BY household_id HAVING count(*) >= 2 LIMIT 1", (theirs,))
    members = [r[0] for r in db.conn.execute(
        "SELECT full_name FROM residents WHERE household_id = ?", (household,))]
    head = scalar(db, "SELECT head_name FROM households WHERE id = ?", (household,))
    answer = client.post("/people", data={
        "csrf_token": auth.csrf("/"), "village_id": str(own), "household_id": household,
        "full_name": "Tên Chưa Ai Có", "birth_year": "1990"})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "không có hộ này trong địa bàn được giao" in page
    for name in [*members, head]:
        assert name not in page
    assert household not in page
