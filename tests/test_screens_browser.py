"""The screens' vectors through the phone's builders and mustache.js inside Chromium: the same
view models and the same HTML as Python (tests/test_screens.py)."""

import re
import shutil
import urllib.request
from urllib.parse import urlencode

import pytest
from conftest import ROOT, LiveServer, phone_context
from playwright.sync_api import expect
from test_offline_browser import agent_villages, log_in, poll
from test_screens import BHYT_FORM, CHECKLIST, PERSON_FORM, TEMPLATES

from agent_app import store
from agent_app.screens import checklist
from agent_app.store import row, scalar, sync_review, transaction
from agent_app.text import search_key

pytestmark = pytest.mark.browser

SCRIPTS = ["vendor/mustache-4.2.0.min.js", "js/offline/names.js", "js/screens/render.js",
           "js/screens/checklist.js", "js/screens/person_form.js", "js/premiums.js",
           "js/screens/bhyt_form.js"]

RUN = """([vectors, templates]) => vectors.cases.map(c => {
  const data = Object.assign({}, c.data, {t: vectors.t, people: vectors.people[c.data.people]});
  const view = DTN.screens.checklist.view(data);
  const html = {};
  Object.keys(c.html).forEach(name => { html[name] = DTN.screens.render(templates, name, view); });
  return {view, html};
})"""


def test_javascript_agrees_with_python_on_every_checklist_vector(page):
    page.set_content("<!doctype html><title>vectors</title>")
    for script in SCRIPTS:
        page.add_script_tag(content=(ROOT / "static" / script).read_text("utf-8"))
    got = page.evaluate(RUN, [CHECKLIST, TEMPLATES])
    for case, found in zip(CHECKLIST["cases"], got, strict=True):
        assert found["view"] == case["view"], case["name"]
        assert found["html"] == case["html"], case["name"]


FORMS = """([vectors, templates, builder, page]) => vectors.cases.map(c => {
  const view = DTN.screens[builder].view(Object.assign({}, c.data,
    {t: vectors.t, rules: vectors.rules}));
  return {view, html: {[page]: DTN.screens.render(templates, page, view)}};
})"""


def test_javascript_agrees_with_python_on_every_person_form_vector(page):
    page.set_content("<!doctype html><title>vectors</title>")
    for script in SCRIPTS:
        page.add_script_tag(content=(ROOT / "static" / script).read_text("utf-8"))
    got = page.evaluate(FORMS, [PERSON_FORM, TEMPLATES, "personForm", "person_form"])
    for case, found in zip(PERSON_FORM["cases"], got, strict=True):
        assert found["view"] == case["view"], case["name"]
        assert found["html"] == case["html"], case["name"]
    twins = page.evaluate("""([vectors, templates]) => vectors.twins.map(c => {
        const view = DTN.screens.personForm.twins(c.found, vectors.t, c.spent) || {};
        return {view, html: DTN.screens.render(templates, 'twins', view)};
    })""", [PERSON_FORM, TEMPLATES])
    for case, found in zip(PERSON_FORM["twins"], twins, strict=True):
        assert found == {"view": case["view"], "html": case["html"]}, case["name"]



def test_javascript_agrees_with_python_on_every_bhyt_form_vector(page):
    page.set_content("<!doctype html><title>vectors</title>")
    for script in SCRIPTS:
        page.add_script_tag(content=(ROOT / "static" / script).read_text("utf-8"))
    got = page.evaluate(FORMS, [BHYT_FORM, TEMPLATES, "bhytForm", "bhyt_form"])
    for case, found in zip(BHYT_FORM["cases"], got, strict=True):
        assert found["view"] == case["view"], case["name"]
        assert found["html"] == case["html"], case["name"]


# The checklist from the phone's copy, against the server's, in one server's life.

@pytest.fixture(scope="module")
def server(tmp_path_factory, demo_template):
    path = tmp_path_factory.mktemp("screens") / "app.sqlite3"
    shutil.copy(demo_template, path)
    live = LiveServer(path)
    live.db_path = path
    yield live
    live.stop()


@pytest.fixture(scope="module")
def logged_in(browser, server):
    """One phone for the module: logged in as agent1 once, its copy complete."""
    context = phone_context(browser, service_workers="allow")
    page = context.new_page()
    log_in(page, server)
    copy_ready(page)
    yield page
    context.close()


@pytest.fixture
def phone(logged_in):
    logged_in.context.set_offline(False)
    return logged_in


MAIN = re.compile(r'<main id="main"( data-from-copy)?>(.*)</main>', re.S)
FROM_PHONE = "url => fetch(url).then(r => r.text())"


def from_server(page, server, path: str) -> str:
    """The page as the server renders it for this session (no service worker on the way)."""
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in page.context.cookies())
    request = urllib.request.Request(server.url + path, headers={"Cookie": cookie})
    return urllib.request.urlopen(request, timeout=10).read().decode("utf-8")


def main_of(html: str) -> str:
    return MAIN.search(html).group(2)


def copy_ready(page) -> None:
    poll(page, """() => DTN.store.copyState().then(s => Boolean(s && s.complete && s.shell))""")


def test_offline_search_and_each_filter_give_the_same_page_as_online(phone, server):
    db = store.connect(server.db_path)
    village = agent_villages(db)[0]
    someone = row(db, "SELECT full_name, phone FROM residents WHERE village_id = ?"
                      " AND phone IS NOT NULL ORDER BY id LIMIT 1", (village,))
    db.conn.close()
    words = search_key(someone["full_name"]).split()
    queries = [" ".join(words[:2]), words[-1][:2], someone["phone"][-5:], "zzz"]
    paths = [f"/villages/{village}?filter={f}" for f in checklist.FILTERS]
    paths += [f"/villages/{village}?" + urlencode({"q": q, "filter": "all"}) for q in queries]
    online = {p: main_of(from_server(phone, server, p)) for p in paths}
    phone.context.set_offline(True)
    for path in paths:
        rendered = phone.evaluate(FROM_PHONE, path)
        assert '<main id="main" data-from-copy>' in rendered       # the worker, from the copy
        assert main_of(rendered) == online[path], path
    phone.goto(server.url + paths[-3])                 # a search typed offline, on screen
    expect(phone.locator("#checklist li[data-resident-id]").first).to_be_visible()
    phone.fill("#q", queries[0])
    expect(phone.locator("#checklist")).to_contain_text(someone["full_name"])
    phone.check("input[name=filter][value=todo]")
    expect(phone).to_have_url(re.compile(r"filter=todo"))


def test_a_visit_saved_offline_shows_at_once_on_the_checklist(phone, server):
    db = store.connect(server.db_path)
    village = agent_villages(db)[1]
    person = row(db, """SELECT r.id, r.full_name FROM residents r WHERE r.village_id = ?
        AND r.list_status = 'on_list' AND NOT EXISTS (SELECT 1 FROM visits v
        WHERE v.resident_id = r.id) AND NOT EXISTS (SELECT 1 FROM enrolments e
        WHERE e.resident_id = r.id) ORDER BY r.id LIMIT 1""", (village,))
    db.conn.close()
    phone.context.set_offline(True)
    phone.goto(f"{server.url}/villages/{village}?filter=todo")
    row_of = phone.locator(f'[data-resident-id="{person["id"]}"]')
    expect(row_of).to_contain_text("Chưa đến")
    phone.evaluate("""id => DTN.store.addRecords(DTN.session.user().id, [{kind: 'visit',
        data: {resident_id: id, outcome: 'not_home', reasons: [], follow_up_on: '2026-11-30'}}])""",
                   person["id"])
    phone.goto(f"{server.url}/villages/{village}?q=" + person["full_name"].split()[0])
    expect(row_of).to_contain_text("Không gặp 28/11")
    expect(row_of).to_contain_text("Hẹn 30/11")
    expect(row_of.locator(".sync-badge")).to_have_text("đã ghi, chờ đồng bộ")
    phone.goto(f"{server.url}/villages/{village}?filter=todo")
    expect(phone.locator("#checklist")).to_be_visible()
    assert row_of.count() == 0


def test_a_supervisors_question_reaches_the_phone_and_is_answered_by_a_correction(phone, server):
    db = store.connect(server.db_path)
    village = agent_villages(db)[2]
    resident = row(db, "SELECT id, full_name FROM residents WHERE village_id = ? ORDER BY id"
                       " LIMIT 1", (village,))
    bad = phone.evaluate("""id => DTN.store.addRecords(DTN.session.user().id, [{kind: 'visit',
        data: {resident_id: id, outcome: 'flew_away', reasons: []}}]).then(r => r[0].id)""",
                         resident["id"])
    phone.evaluate("() => DTN.sync.run(DTN.session.user().id, 'test')")
    issue = scalar(db, "SELECT id FROM sync_issues WHERE record_id = ?", (bad,))
    supervisor = scalar(db, "SELECT id FROM users WHERE username = 'supervisor1'")
    with transaction(db):
        sync_review.resolve(db, issue, "asked_agent", supervisor, "Kết quả thật là gì?")
    phone.evaluate("() => DTN.copy.pull(DTN.session.user().id)")      # the next pull brings it

    phone.goto(f"{server.url}/villages/{village}?q=" + search_key(resident["full_name"]))
    expect(phone.locator(f"[data-resident-id='{resident['id']}'] .c-question")).to_have_text(
        "giám sát hỏi lại")
    phone.goto(f"{server.url}/sync")
    question = phone.locator(f".question-item[data-issue-id='{issue}']")
    expect(question.locator(".question")).to_have_text("Kết quả thật là gì?")
    question.locator("input[name=outcome]").fill("not_home")
    question.locator("button.primary").click()
    expect(question).to_contain_text("Đã gửi bản sửa")
    poll(phone, "() => DTN.store.countWaiting(DTN.session.user().id).then(n => n === 0)")
    answer = row(db, "SELECT data FROM records WHERE resident_id = ? AND kind = 'visit'"
                     " ORDER BY received_at DESC LIMIT 1", (resident["id"],))
    assert '"outcome": "not_home"' in answer["data"].replace('":"', '": "')
    db.conn.close()
