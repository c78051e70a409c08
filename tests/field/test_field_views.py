"""The agent's pages through the test client: checklist search and filters, forms that save
records through ingest, errors and warnings beside their fields, scope."""

import re
import unicodedata

import pytest
from commune_data import new_village

from agent_app.domain import clock
from agent_app.store import residents as resident_store
from agent_app.store import row, rows, scalar, transaction

ROW = re.compile(r'data-resident-id="([^"]+)"')


@pytest.fixture
def agent(auth):
    auth.login("agent1")
    return auth


def village_of(db, username="agent1") -> int:
    return scalar(db, "SELECT min(village_id) FROM agent_villages av JOIN users u"
                      " ON u.id = av.user_id WHERE u.username = ?", (username,))


def someone(db, village_id: int, **where) -> dict:
    clause = "".join(f" AND {k} = :{k}" for k in where)
    return row(db, "SELECT * FROM residents r WHERE village_id = :v AND phone IS NOT NULL"
                   " AND cccd IS NOT NULL AND list_status = 'on_list'"
                   " AND NOT EXISTS (SELECT 1 FROM records WHERE resident_id = r.id)"
                   + clause + " ORDER BY id LIMIT 1",
               {"v": village_id, **where})


def ids_found(client, village_id: int, **params) -> set[str]:
    page = client.get(f"/villages/{village_id}", query_string=params,
                      headers={"HX-Request": "true"})
    assert page.status_code == 200 and "HX-Request" in page.headers["Vary"]
    assert "<html" not in page.get_data(as_text=True)
    return set(ROW.findall(page.get_data(as_text=True)))


def test_search_ignores_accents_case_and_matches_word_starts(client, agent, db):
    village_id = village_of(db)
    person = someone(db, village_id)
    family, *_middle, given = person["full_name"].split(" ")
    plain = person["search_key"]
    nfd = unicodedata.normalize("NFD", person["full_name"].upper())
    for query in (plain, " ".join(plain.split(" ")[1:]), nfd, given.lower()):
        assert person["id"] in ids_found(client, village_id, q=query), query
    assert person["id"] not in ids_found(client, village_id, q=plain[1:])
    assert person["id"] in ids_found(client, village_id, q=person["cccd"][-6:])
    assert person["id"] in ids_found(client, village_id, q="+84" + person["phone"][1:])


def test_every_row_carries_its_ids_and_the_page_is_compressed(client, agent, db):
    village_id = village_of(db)
    page = client.get(f"/villages/{village_id}", headers={"Accept-Encoding": "gzip"})
    assert page.headers["Content-Encoding"] == "gzip"
    text = client.get(f"/villages/{village_id}").get_data(as_text=True)
    listed = scalar(db, "SELECT count(*) FROM residents WHERE village_id = ?", (village_id,))
    assert len(ROW.findall(text)) == listed
    assert text.count("data-household-id=") == scalar(
        db, "SELECT count(*) FROM households WHERE village_id = ?", (village_id,))


def visit(client, auth, resident_id: str, outcome: str, **extra):
    token = auth.csrf("/")
    return client.post("/visits", data={"csrf_token": token, "resident_id": resident_id,
                                        "outcome": outcome, **extra})


def test_a_visit_with_a_follow_up_shows_under_due_and_on_the_home_page(client, agent, db):
    village_id = village_of(db)
    person = someone(db, village_id)
    today = clock.today().isoformat()
    assert person["id"] in ids_found(client, village_id, filter="todo")
    assert person["id"] not in ids_found(client, village_id, filter="due")
    answer = visit(client, agent, person["id"], "considering", follow_up_on=today,
                   reasons=["low_income", "want_more_info"], note="Hẹn chiều")
    assert answer.status_code == 302 and answer.headers["Location"] == f"/villages/{village_id}"
    assert person["id"] in ids_found(client, village_id, filter="due")
    assert person["id"] not in ids_found(client, village_id, filter="todo")
    home = client.get("/").get_data(as_text=True)
    assert person["full_name"] in home.split('id="due-today"')[1].split("</ul>")[0]
    stored = row(db, "SELECT reasons, note FROM visits WHERE resident_id = ?", (person["id"],))
    assert stored == {"reasons": '["low_income", "want_more_info"]', "note": "Hẹn chiều"}


def test_a_bad_visit_is_shown_beside_the_field_and_nothing_is_stored(client, agent, db):
    person = someone(db, village_of(db))
    answer = visit(client, agent, person["id"], "", follow_up_on="2026-02-31")
    assert answer.status_code == 422
    assert 'id="err-outcome"' in answer.get_data(as_text=True)
    assert scalar(db, "SELECT count(*) FROM records WHERE resident_id = ?", (person["id"],)) == 0


def test_a_correction_points_at_the_old_visit_and_replaces_it(client, agent, db):
    person = someone(db, village_of(db))
    visit(client, agent, person["id"], "not_home")
    old = scalar(db, "SELECT record_id FROM visits WHERE resident_id = ?", (person["id"],))
    form = client.get(f"/visits/new?resident={person['id']}&corrects={old}")
    assert f'name="corrects" value="{old}"' in form.get_data(as_text=True)
    visit(client, agent, person["id"], "refused", corrects=old)
    found = rows(db, "SELECT outcome, superseded_by FROM visits WHERE resident_id = ?"
                     " ORDER BY visited_at, outcome", (person["id"],))
    assert {v["outcome"]: v["superseded_by"] is None for v in found} == \
        {"not_home": False, "refused": True}
    card = client.get(f"/residents/{person['id']}").get_data(as_text=True)
    assert "đã được sửa" in card and f'href="tel:{person["phone"]}"' in card


def test_household_bhyt_positions_follow_who_already_joined(client, agent, db):
    village_id, people = new_village(db)
    household = people[0]["household_id"]
    with transaction(db):
        resident_store.insert_resident(db, {
            "village_id": village_id, "household_id": household, "full_name": "Nguyễn Văn Út",
            "gender": "male", "birth_year": 2001, "relation_to_head": "Con"})
    members = [r["id"] for r in rows(db, "SELECT id FROM residents WHERE household_id = ?"
                                         " ORDER BY created_at, id", (household,))]
    url = f"/enrolments/new?household={household}&scheme=bhyt_hgd"
    token = agent.csrf(url)
    first = client.post(f"/enrolments?household={household}", data={
        "csrf_token": token, "scheme": "bhyt_hgd", "months": "12", "group": "other",
        "receipt_date": clock.today().isoformat(), "resident_id": members[0],
        "position": "1", "amount": "1366200", "receipt_no": "BL-1"})
    assert first.status_code == 302
    page = client.get(url).get_data(as_text=True)
    offered = re.findall(r'name="resident_id" value="([^"]+)"', page)
    assert members[0] not in offered and len(offered) == 2
    assert re.findall(r'name="position" value="(\d+)"', page) == ["2", "3"]
    assert re.findall(r'data-amount value="([\d.]+)"', page) == ["956.340", "819.720"]


def test_the_household_form_says_who_household_bhyt_is_not_for(client, agent, db):
    village_id, people = new_village(db)
    household = people[0]["household_id"]
    with transaction(db):
        for name, values in (("Nguyễn Thị Bé", {"birth_date": "2022-05-01", "birth_year": 2022}),
                             ("Nguyễn Văn Nghèo", {"birth_year": 1988, "support_group": "poor"})):
            resident_store.insert_resident(db, {
                "village_id": village_id, "household_id": household, "full_name": name,
                "gender": "female", "relation_to_head": "Con", **values})
    page = client.get(f"/enrolments/new?household={household}&scheme=bhyt_hgd").get_data(True)
    offered = re.findall(r'<input type="hidden" name="resident_id" value="([^"]+)"', page)
    assert offered == [people[0]["id"], people[1]["id"]]
    refused = " ".join(page[page.index("data-refused"):].split())
    assert ("Nguyễn Thị Bé</strong>: Trẻ em dưới 6 tuổi được Nhà nước đóng BHYT, không đóng "
            "BHYT hộ gia đình.") in refused
    assert "Nguyễn Văn Nghèo</strong>: Người thuộc hộ nghèo được Nhà nước đóng BHYT" in refused


def test_new_person_duplicate_warning_comes_before_saving(client, agent, db):
    village_id = village_of(db)
    person = someone(db, village_id)
    url = f"/people/new?village={village_id}&household={person['household_id']}"
    data = {"csrf_token": agent.csrf(url), "village_id": str(village_id),
            "household_id": person["household_id"], "full_name": person["search_key"],
            "birth_year": str(person["birth_year"]), "relation_to_head": "Con", "id": ""}
    warned = client.post("/people", data=data)
    assert warned.status_code == 422 and "trùng" in warned.get_data(as_text=True)
    assert f'href="/residents/{person["id"]}"' in warned.get_data(as_text=True)
    assert client.post("/people", data={**data, "confirm": "1"}).status_code == 302
    assert scalar(db, "SELECT count(*) FROM residents WHERE search_key = ? AND village_id = ?",
                  (person["search_key"], village_id)) == 2


def test_other_agents_villages_and_residents_are_not_found(client, agent, db):
    elsewhere = village_of(db, "agent2")
    person = someone(db, elsewhere)
    assert client.get(f"/villages/{elsewhere}").status_code == 404
    assert client.get(f"/residents/{person['id']}").status_code == 404
    assert client.get(f"/visits/new?resident={person['id']}").status_code == 404
    assert client.get(f"/people/new?village={elsewhere}").status_code == 404
    assert visit(client, agent, person["id"], "refused").status_code == 404


def test_a_household_bhyt_record_is_corrected_on_its_own(client, agent, db):
    person = new_village(db)[1][0]
    token = agent.csrf("/")
    client.post(f"/enrolments?household={person['household_id']}", data={
        "csrf_token": token, "scheme": "bhyt_hgd", "months": "12", "group": "other",
        "receipt_date": clock.today().isoformat(), "resident_id": person["id"],
        "position": "1", "amount": "1366200", "receipt_no": "BL-1"})
    old = scalar(db, "SELECT record_id FROM enrolments WHERE resident_id = ?", (person["id"],))
    form = client.get(f"/enrolments/new?resident={person['id']}&scheme=bhyt_hgd&corrects={old}")
    text = form.get_data(as_text=True)
    assert 'name="position"' in text and 'name="income"' not in text
    answer = client.post("/enrolments", data={
        "csrf_token": token, "scheme": "bhyt_hgd", "months": "6", "group": "other",
        "resident_id": person["id"], "position": "1", "amount": "683100", "corrects": old,
        "receipt_no": "BL-2",
        "receipt_date": clock.today().isoformat()})
    assert answer.status_code == 302
    assert scalar(db, "SELECT superseded_by FROM enrolments WHERE record_id = ?", (old,))


def test_the_duplicate_warning_is_there_while_typing(client, agent, db):
    village_id = village_of(db)
    person = someone(db, village_id)
    answer = client.get("/people/check", query_string={
        "village_id": village_id, "full_name": person["search_key"].upper(),
        "birth_year": person["birth_year"]}, headers={"HX-Request": "true"})
    assert f'href="/residents/{person["id"]}"' in answer.get_data(as_text=True)
    unknown = client.get("/people/check", query_string={
        "village_id": village_id, "full_name": "Tên Chưa Ai Có", "birth_year": "1990"})
    assert "residents/" not in unknown.get_data(as_text=True)


def test_a_person_added_in_the_field_is_corrected_by_a_new_record(client, agent, db):
    village_id = village_of(db)
    household = someone(db, village_id)["household_id"]
    token = agent.csrf("/")
    client.post("/people", data={"csrf_token": token, "id": "", "village_id": str(village_id),
                                 "household_id": household, "full_name": "Lê Thị Mới Sinh",
                                 "birth_date": clock.today().isoformat(),
                                 "relation_to_head": "Con"})
    added = row(db, "SELECT * FROM residents WHERE full_name = 'Lê Thị Mới Sinh'")
    card = client.get(f"/residents/{added['id']}").get_data(as_text=True)
    link = re.search(r'href="(/people/new\?village=\d+&amp;corrects=[^"]+)"', card).group(1)
    form = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert f'name="id" value="{added["id"]}"' in form and 'name="corrects"' in form
    record_id = re.search(r'name="corrects" value="([^"]+)"', form).group(1)
    answer = client.post("/people", data={
        "csrf_token": token, "id": added["id"], "corrects": record_id,
        "village_id": str(village_id), "household_id": household,
        "full_name": "Lê Thị Mới", "birth_date": added["birth_date"], "relation_to_head": "Con"})
    assert answer.status_code == 302
    assert scalar(db, "SELECT full_name FROM residents WHERE id = ?", (added["id"],)) \
        == "Lê Thị Mới"
    assert scalar(db, "SELECT count(*) FROM records WHERE resident_id = ? AND kind = 'resident'",
                  (added["id"],)) == 2


def village_counts(client, village_id: int) -> str:
    home = client.get("/").get_data(as_text=True)
    entry = home.split(f'data-village-id="{village_id}"')[1].split("</li>")[0]
    return re.search(r'<span class="counts">([^<]*)</span>', entry).group(1)


def test_the_home_page_counts_each_villages_visits_and_follow_ups(client, agent, db):
    village_id = village_of(db)
    before = village_counts(client, village_id)
    visited_before = int(re.search(r"([\d.]+) đã đến", before).group(1).replace(".", ""))
    due_before = int(re.search(r"([\d.]+) đến hẹn", before).group(1).replace(".", ""))
    person = someone(db, village_id)
    visit(client, agent, person["id"], "considering", follow_up_on=clock.today().isoformat())
    after = village_counts(client, village_id)
    assert f"{visited_before + 1} đã đến" in after.replace(".", "")
    assert f"{due_before + 1} đến hẹn" in after.replace(".", "")


def test_a_prepayment_sign_up_names_its_yield_and_the_other_reading(client, agent, db):
    person = new_village(db)[1][0]
    answer = client.post("/enrolments", data={
        "csrf_token": agent.csrf("/"), "scheme": "bhxh_tn", "resident_id": person["id"],
        "income": "1500000", "months": "60", "group": "other", "amount": "",
        "receipt_date": clock.today().isoformat()})
    assert answer.status_code == 422
    note = " ".join(answer.get_data(as_text=True).split())
    note = note[note.index("data-quote-prepay"):]
    assert "0,363%" in note and "chưa xác nhận" in note
    assert 'data-quote-value="alternative_payable">13.867.797 đ' in note


def test_the_form_screens_speak_english_on_request_and_keep_what_was_typed(client, agent, db):
    village_id = village_of(db)
    person = someone(db, village_id)
    client.get("/?lang=en")
    page = client.get(f"/people/new?village={village_id}").get_data(as_text=True)
    assert "Add a new household" in page and "Full name" in page
    household = client.get(f"/enrolments/new?household={person['household_id']}"
                           "&scheme=bhyt_hgd").get_data(as_text=True)
    assert "Household health insurance" in household and "Months paid" in household
    signup = client.get(f"/enrolments/new?resident={person['id']}&scheme=bhxh_tn")
    assert "Months paid" in signup.get_data(as_text=True)
    assert "1,500,000" not in signup.get_data(as_text=True)          # money stays Vietnamese
    assert 'value="1.500.000"' in signup.get_data(as_text=True)
    client.get("/?lang=vi")
    url = f"/people/new?village={village_id}"
    posted = client.post("/people", data={"csrf_token": agent.csrf(url),
                                          "village_id": str(village_id), "full_name": "",
                                          "phone": "0912 345 678", "household.address": "Ấp 3"})
    page = posted.get_data(as_text=True)
    assert posted.status_code == 422
    assert 'aria-describedby="err-full_name"' in page and 'id="err-full_name"' in page
    assert 'value="0912 345 678"' in page and 'value="Ấp 3"' in page
