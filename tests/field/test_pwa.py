"""The installable app without a browser: manifest, worker, offline page, the offline copy."""

import hashlib
import json
import re

from agent_app import ROOT


def test_the_manifest_makes_the_app_installable(client):
    response = client.get("/manifest.webmanifest")
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.get_data(as_text=True))
    assert manifest["name"] == "Đến Từng Nhà" and manifest["display"] == "standalone"
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        png = client.get(icon["src"]).data
        width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
        assert icon["sizes"] == f"{width}x{height}"


def test_the_worker_is_never_cached_and_precaches_by_file_hash(client):
    response = client.get("/sw.js")
    assert response.headers["Cache-Control"] == "no-cache"
    worker = response.get_data(as_text=True)
    assert "/static/vendor/workbox-7.4.1/workbox-precaching.prod.js" in worker
    precache = json.loads(re.search(r"self\.DTN_PRECACHE = (\[.*?\]);", worker).group(1))
    css = next(e for e in precache if e["url"] == "/static/css/app.css")
    digest = hashlib.sha256((ROOT / "static/css/app.css").read_bytes()).hexdigest()
    assert digest.startswith(css["revision"])
    assert any(e["url"] == "/offline" for e in precache)
    assert not any("workbox" in e["url"] for e in precache)


def test_the_offline_page_names_nobody(auth, client):
    auth.login("agent1")
    page = client.get("/offline").get_data(as_text=True)
    assert "Trần Thị Mai" not in page and 'data-user-id=""' in page


def test_the_offline_manifest_lists_the_agents_pages(auth, client):
    auth.login("agent1")
    manifest = client.get("/api/offline/manifest").get_json()
    assert len(manifest["villages"]) == 3
    assert all(f"/villages/{v['id']}" in manifest["pages"] for v in manifest["villages"])
    # Every field form is a screen rendered for what it is opened for: no page kept for a sample.
    assert "forms" not in manifest
    assert not any(url.startswith(("/visits/new", "/enrolments/new", "/people/new"))
                   for url in manifest["pages"])


def test_the_offline_copy_needs_a_session(client):
    response = client.get("/api/offline/manifest")
    assert response.status_code == 401 and response.get_json()["error"] == "login_required"


def test_the_sync_status_is_on_agents_pages_only(auth, client):
    auth.login("agent1")
    assert 'id="sync-status"' in client.get("/").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": auth.csrf("/")})
    auth.login("official1")
    assert 'id="sync-status"' not in client.get("/").get_data(as_text=True)
