"""An official adding someone already listed is warned; a merge keeps the richer, older entry
by default, shows both side by side and takes each field from the entry the official picks."""

import re

import pytest
from commune_data import new_village, visit

from agent_app.store import audit, row, scalar
from agent_app.store import residents as resident_store


def post(client, auth, url: str, data: dict):
    return client.post(url, data={**data, "csrf_token": auth.csrf("/communes/31843/campaigns")})


@pytest.fixture
def listed(db):
    """A poor household's head, as the BHXH office's list gave her, with a visit on record."""
    village, people = new_village(db)
    person = people[0]
    resident_store.update_resident(db, person["id"], {"support_group": "poor"})
    visit(db, person["id"], "considering", "2026-11-20")
    return village, row(db, "SELECT r.*, h.head_name FROM residents r"
                            " JOIN households h ON h.id = r.household_id WHERE r.id = ?",
                        (person["id"],))


def add_again(client, auth, village: int, person: dict, **extra):
    return post(client, auth, f"/communes/31843/villages/{village}/residents/new", {
        "full_name": person["full_name"].upper(), "birth_year": str(person["birth_year"]),
        "household_id": "new", "phone": "0912345678", **extra})


def checked(page: str) -> dict[str, str]:
    """The radio buttons a page opens with: name -> value."""
    return dict(re.findall(r'name="([a-z_]+)" value="([^"]+)" checked', page))


def test_adding_someone_already_listed_is_warned(client, auth, db, listed):
    village, person = listed
    auth.login("official1")
    response = add_again(client, auth, village, person)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Có thể trùng với người đã có trong danh sách của xã" in page
    assert person["full_name"] in page and "Hộ nghèo" in page and person["head_name"] in page
    assert scalar(db, "SELECT count(*) FROM residents WHERE search_key = ?",
                  (person["search_key"],)) == 1                        # nothing added yet
    live = client.get(f"/communes/31843/villages/{village}/residents/check",
                      query_string={"full_name": person["full_name"].lower(),
                                    "birth_year": person["birth_year"]})
    assert person["full_name"] in live.get_data(as_text=True)
    assert add_again(client, auth, village, person, confirm_duplicate="1").status_code == 302
    assert scalar(db, "SELECT count(*) FROM residents WHERE search_key = ?",
                  (person["search_key"],)) == 2


def test_the_merge_keeps_the_richer_older_entry_by_default(client, auth, db, listed):
    village, person = listed
    auth.login("official1")
    add_again(client, auth, village, person, confirm_duplicate="1")
    thin = row(db, "SELECT * FROM residents WHERE search_key = ? AND id != ?",
               (person["search_key"], person["id"]))
    resident_page = client.get(f"/communes/31843/residents/{thin['id']}").get_data(True)
    link = f"/communes/31843/residents/{thin['id']}/merge/{person['id']}"
    assert link in resident_page

    page = client.get(link).get_data(as_text=True)
    defaults = checked(page)
    assert defaults["kept_id"] == person["id"]                   # the listed one, not the new
    assert defaults["choice_support_group"] == person["id"]
    assert defaults["choice_household"] == person["id"]
    assert defaults["choice_phone"] == thin["id"]                # only the new entry knows it
    table = " ".join(page[page.index('id="merge"'):].split())
    assert "Hộ nghèo" in table and "Đối tượng khác" in table     # both sides shown
    assert f"Hộ {person['head_name']}" in table

    form = re.search(r'<form method="post" action="([^"]+)" class="merge-form"', page).group(1)
    response = post(client, auth, form, {**defaults, "duplicate_id": thin["id"]})
    assert response.status_code == 302 and person["id"] in response.headers["Location"]
    kept = row(db, "SELECT * FROM residents WHERE id = ?", (person["id"],))
    assert (kept["support_group"], kept["household_id"]) == ("poor", person["household_id"])
    assert kept["phone"] == "0912345678" and kept["merged_into"] is None
    gone = row(db, "SELECT * FROM residents WHERE id = ?", (thin["id"],))
    assert (gone["merged_into"], gone["list_status"]) == (person["id"], "duplicate")
    assert scalar(db, "SELECT count(*) FROM visits WHERE resident_id = ?", (person["id"],)) == 1


def test_each_field_comes_from_the_entry_the_official_picks(client, auth, db, listed):
    village, person = listed
    auth.login("official1")
    add_again(client, auth, village, person, confirm_duplicate="1", cccd="")
    thin = row(db, "SELECT * FROM residents WHERE search_key = ? AND id != ?",
               (person["search_key"], person["id"]))
    page = client.get(f"/communes/31843/residents/{person['id']}/merge/{thin['id']}")
    choices = {**checked(page.get_data(as_text=True)), "duplicate_id": thin["id"],
               "choice_full_name": thin["id"], "choice_cccd": thin["id"]}
    post(client, auth, f"/communes/31843/residents/{person['id']}/merge", choices)
    kept = row(db, "SELECT * FROM residents WHERE id = ?", (person["id"],))
    assert kept["full_name"] == person["full_name"].upper()    # taken from the new entry
    assert kept["cccd"] is None and kept["support_group"] == "poor"   # a blank, on purpose
    change = audit.history(db, "resident", person["id"])[-1]
    assert change["action"] == "merge" and change["before"]["cccd"] == person["cccd"]
    assert change["after"]["full_name"] == person["full_name"].upper()
    history = client.get(f"/communes/31843/residents/{person['id']}").get_data(as_text=True)
    history = " ".join(history[history.index('id="history"'):].split())
    assert thin["id"] not in history and person["household_id"] not in history   # no ids
    assert f"Người trùng</dt><dd><ins>{person['full_name'].upper()}" in history


def test_a_choice_naming_neither_entry_is_refused(client, auth, db, listed):
    village, person = listed
    auth.login("official1")
    add_again(client, auth, village, person, confirm_duplicate="1")
    thin = row(db, "SELECT id FROM residents WHERE search_key = ? AND id != ?",
               (person["search_key"], person["id"]))
    other = row(db, "SELECT id FROM residents WHERE village_id = ? AND id != ? LIMIT 1",
                (village, person["id"]))
    response = post(client, auth, f"/communes/31843/residents/{person['id']}/merge",
                    {"duplicate_id": thin["id"], "choice_phone": other["id"]})
    assert response.status_code == 400
    assert scalar(db, "SELECT merged_into FROM residents WHERE id = ?", (thin["id"],)) is None
