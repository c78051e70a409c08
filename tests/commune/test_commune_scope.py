"""Officials see only their communes: every page and export outside them is a 404."""

import pytest
from commune_data import NINH_QUOI, residents, villages

from agent_app.store import campaigns as campaign_store
from agent_app.store import scalar
from agent_app.store import users as user_store

PAGES = ["/", "/villages/{v}", "/villages/{v}/print", "/villages/{v}/list.xlsx",
         "/villages/{v}/list.csv", "/list.xlsx", "/list.csv", "/declarations.xlsx", "/declarations",
         "/residents/{r}", "/campaigns", "/campaigns/{c}", "/campaigns/new", "/agents",
         "/targets", "/villages/{v}/residents/new", "/villages/{v}/residents/check",
         "/residents/{r}/edit", "/residents/{r}/merge/{r2}"]


@pytest.fixture
def elsewhere(db):
    """A village, a person and a campaign of Xã Ninh Quới, which official1 does not answer for."""
    village = villages(db, NINH_QUOI)[0]
    admin = user_store.get_user_by_name(db, "admin")
    campaign = campaign_store.create_campaign(db, admin["id"], NINH_QUOI, "Đợt Ninh Quới",
                                              "2026-11-21", [village], [])
    first, second = residents(db, village, 2)
    return {"v": village, "r": first["id"], "r2": second["id"], "c": campaign}


def test_other_communes_are_not_found(client, auth, elsewhere):
    auth.login("official1")
    for page in PAGES:
        url = "/communes/" + NINH_QUOI + page.format(**elsewhere)
        assert client.get(url).status_code == 404, url
        # and the other commune's village, person or campaign under one's own commune code
        url = "/communes/31843" + page.format(**elsewhere)
        if "{" in page:
            assert client.get(url).status_code == 404, url
    url = f"/communes/31843/declarations.xlsx?village={elsewhere['v']}"
    assert client.get(url).status_code == 404


def test_posts_outside_scope_change_nothing(client, auth, db, elsewhere):
    auth.login("official1")
    token = auth.csrf("/communes/31843/campaigns")
    for url in (f"/communes/{NINH_QUOI}/residents/{elsewhere['r']}/status",
                f"/communes/31843/residents/{elsewhere['r']}/status"):
        response = client.post(url, data={"list_status": "deceased", "csrf_token": token})
        assert response.status_code == 404
    for url in (f"/communes/31843/residents/{elsewhere['r']}/edit",
                f"/communes/31843/residents/{elsewhere['r']}/alerts/1"):
        response = client.post(url, data={"full_name": "X", "resolution": "enrolled",
                                          "csrf_token": token})
        assert response.status_code == 404, url
    mine = residents(db, villages(db)[0], 1)[0]["id"]
    response = client.post(f"/communes/31843/residents/{mine}/merge",
                           data={"duplicate_id": elsewhere["r"], "csrf_token": token})
    assert response.status_code == 404
    assert scalar(db, "SELECT count(*) FROM audit_log WHERE entity = 'resident'") == 0


def test_agents_do_not_see_commune_pages(client, auth):
    auth.login("agent1")
    assert client.get("/communes/31843/").status_code == 404
    assert client.get("/communes/31843/list.csv").status_code == 404


def test_supervisors_look_but_do_not_change(client, auth, db):
    auth.login("supervisor1")
    assert client.get(f"/communes/{NINH_QUOI}/").status_code == 200
    person = residents(db, villages(db)[0], 1)[0]["id"]
    response = client.post(f"/communes/31843/residents/{person}/status",
                           data={"list_status": "deceased",
                                 "csrf_token": auth.csrf("/communes/31843/campaigns")})
    assert response.status_code == 403


def test_anonymous_users_are_sent_to_login(client):
    response = client.get("/communes/31843/list.xlsx")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_supervisors_see_targets_and_agents_without_save_buttons(client, auth):
    auth.login("supervisor1")
    for url in ("/communes/31843/targets", "/communes/31843/agents"):
        page = client.get(url).get_data(as_text=True)
        assert "disabled" in page and 'type="submit" class="primary"' not in page


def test_admins_reach_every_commune_from_home(client, auth):
    auth.login("admin")
    home = client.get("/").get_data(as_text=True)
    assert 'href="/communes/31843/"' in home and 'href="/communes/31849/"' in home
    assert client.get("/communes/31849/").status_code == 200
