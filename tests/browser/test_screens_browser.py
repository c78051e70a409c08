"""The screens' vectors through the phone's builders and mustache.js inside Chromium: the same
view models and the same HTML as Python (tests/field/test_screens.py)."""

import re
import urllib.request
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect
from support import ROOT, phone_context
from test_offline_browser import agent_villages, log_in, poll
from test_screens import (
    ATTENTION,
    BHYT_FORM,
    CARD,
    CHECKLIST,
    ENROLMENT_FORM,
    HOME,
    PERSON,
    PERSON_FORM,
    TEMPLATES,
    VISIT_FORM,
)

from agent_app.domain import clock, premiums
from agent_app.domain.text import search_key
from agent_app.screens import checklist
from agent_app.store import row, rows, scalar, sync_issues, transaction

pytestmark = pytest.mark.browser

SCRIPTS = ["vendor/mustache-4.2.0.min.js", "js/offline/names.js", "js/screens/render.js",
           "js/screens/checklist.js", "js/screens/person.js", "js/screens/visit_form.js",
           "js/screens/card.js", "js/screens/person_form.js", "js/premiums.js",
           "js/screens/bhyt_form.js", "js/screens/enrolment_form.js", "js/screens/home.js",
           "js/screens/attention.js"]

# Each screen's vectors: the file, and the phone's builder (the person header is a partial).
VECTORS = {"checklist": (CHECKLIST, "checklist"), "person_header": (PERSON, None),
           "visit_form": (VISIT_FORM, "visit_form"), "card": (CARD, "card"),
           "home": (HOME, "home"), "attention": (ATTENTION, "attention"),
           "person_form": (PERSON_FORM, "personForm"), "bhyt_form": (BHYT_FORM, "bhytForm"),
           "enrolment_form": (ENROLMENT_FORM, "enrolmentForm")}

RUN = """([vectors, templates, builder]) => vectors.cases.map(c => {
  const data = Object.assign({}, c.data, {t: vectors.t},
    vectors.people ? {people: vectors.people[c.data.people]} : {},
    vectors.rules ? {rules: vectors.rules} : {});
  const view = builder ? DTN.screens[builder].view(data) :
    DTN.screens.person.header(c.data.person, vectors.t, c.data.card_link);
  const context = builder ? view : Object.assign({t: vectors.t}, view);
  const html = {};
  Object.keys(c.html).forEach(name => {
    html[name] = DTN.screens.render(templates, name, context);
  });
  return {view, html};
})"""


@pytest.fixture
def builders(page):
    """A page holding the phone's builders and mustache.js."""
    page.set_content("<!doctype html><title>vectors</title>")
    for script in SCRIPTS:
        page.add_script_tag(content=(ROOT / "static" / script).read_text("utf-8"))
    return page


@pytest.mark.parametrize("screen", VECTORS)
def test_javascript_agrees_with_python_on_every_vector(builders, screen):
    vectors, builder = VECTORS[screen]
    got = builders.evaluate(RUN, [vectors, TEMPLATES, builder])
    for case, found in zip(vectors["cases"], got, strict=True):
        assert found["view"] == case["view"], case["name"]
        assert found["html"] == case["html"], case["name"]


def test_javascript_agrees_with_python_on_every_duplicate_warning(builders):
    twins = builders.evaluate("""([vectors, templates]) => vectors.twins.map(c => {
        const view = DTN.screens.personForm.twins(c.found, vectors.t, c.spent) || {};
        return {view, html: DTN.screens.render(templates, 'twins', view)};
    })""", [PERSON_FORM, TEMPLATES])
    for case, found in zip(PERSON_FORM["twins"], twins, strict=True):
        assert found == {"view": case["view"], "html": case["html"]}, case["name"]


# The checklist from the phone's copy, against the server's, in one server's life.

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


def test_offline_search_and_each_filter_give_the_same_page_as_online(phone, server, server_db):
    db = server_db
    village = agent_villages(db)[0]
    someone = row(db, "SELECT full_name, phone FROM residents WHERE village_id = ?"
                      " AND phone IS NOT NULL ORDER BY id LIMIT 1", (village,))
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


def test_offline_a_save_comes_back_to_the_search_it_was_made_from(phone, server, server_db):
    db = server_db
    village = agent_villages(db)[0]
    person = row(db, "SELECT id, full_name FROM residents WHERE village_id = ?"
                     " AND list_status = 'on_list' ORDER BY id DESC LIMIT 1", (village,))
    query = search_key(person["full_name"])
    phone.context.set_offline(True)
    phone.goto(f"{server.url}/villages/{village}?" + urlencode({"q": query}))
    phone.click(f"[data-resident-id='{person['id']}'] a[href^='/visits/new']")
    phone.click("label.outcome-not_home")
    phone.wait_for_url(re.compile(rf"/villages/{village}\?q="))
    expect(phone.locator("#q")).to_have_value(query)
    expect(phone.locator("#saved-note")).to_contain_text(person["full_name"])


def test_a_visit_saved_offline_shows_at_once_on_the_checklist(phone, server, server_db):
    db = server_db
    village = agent_villages(db)[1]
    person = row(db, """SELECT r.id, r.full_name FROM residents r WHERE r.village_id = ?
        AND r.list_status = 'on_list' AND NOT EXISTS (SELECT 1 FROM visits v
        WHERE v.resident_id = r.id) AND NOT EXISTS (SELECT 1 FROM enrolments e
        WHERE e.resident_id = r.id) ORDER BY r.id LIMIT 1""", (village,))
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


def test_a_supervisors_question_reaches_the_phone_and_is_answered_by_a_correction(
        phone, server, server_db):
    db = server_db
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
        sync_issues.resolve(db, issue, "asked_agent", supervisor, "Kết quả thật là gì?")
    phone.evaluate("() => DTN.copy.pull(DTN.session.user().id)")      # the next pull brings it

    phone.goto(f"{server.url}/villages/{village}?q=" + search_key(resident["full_name"]))
    expect(phone.locator(f"[data-resident-id='{resident['id']}'] .c-question")).to_have_text(
        "giám sát hỏi lại")
    phone.goto(f"{server.url}/residents/{resident['id']}")         # and on the person's card
    asked = phone.locator(f"main[data-from-copy] .question-item[data-issue-id='{issue}']")
    expect(asked.locator(".question")).to_have_text("Kết quả thật là gì?")
    asked.locator("a.primary").click()                               # a new visit answers it
    expect(phone.locator("form[data-record-kind=visit] input[name=resident_id]")).to_have_value(
        resident["id"])
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


# The forms from the phone's copy, against the server's.

TOKEN = re.compile(r'name="csrf_token" value="[^"]*"')


def same_page(html: str) -> str:
    """A page's main part, without its form token (signed afresh on every page)."""
    return TOKEN.sub('name="csrf_token" value=""', main_of(html))


def test_household_bhyt_offline_is_the_servers_form_refusals_and_quote_included(
        phone, server, server_db):
    db = server_db
    villages = agent_villages(db)
    marks = ",".join("?" * len(villages))
    mixed = [r["household_id"] for r in rows(db, f"""SELECT household_id FROM residents
        WHERE village_id IN ({marks}) AND household_id IS NOT NULL GROUP BY household_id
        HAVING sum(support_group IN ('poor', 'near_poor') OR birth_year >= 2021) >= 1
           AND sum(support_group NOT IN ('poor', 'near_poor') AND birth_year < 2020) >= 1
        ORDER BY household_id LIMIT 2""", villages)]
    plain = [r["household_id"] for r in rows(db, """SELECT household_id FROM residents
        WHERE village_id = ? AND household_id IS NOT NULL GROUP BY household_id
        HAVING count(*) >= 3 ORDER BY household_id LIMIT 2""", (villages[0],))]
    assert mixed and plain
    members = rows(db, "SELECT id, full_name, support_group, birth_date, birth_year, list_status"
                       " FROM residents WHERE household_id = ? AND merged_into IS NULL",
                   (mixed[0],))
    paths = [f"/enrolments/new?household={h}&scheme=bhyt_hgd" for h in mixed + plain]
    paths.append(paths[-1] + "&months=6&group=ethnic_minority&start_month=2027-01")
    paths.append(paths[-2] + "&member=" + "&member=".join(
        m for m in re.findall(r'name="member" value="([^"]+)"',
                              from_server(phone, server, paths[-2]))[1:]))
    online = {p: same_page(from_server(phone, server, p)) for p in paths}
    phone.context.set_offline(True)
    for path in paths:
        rendered = phone.evaluate(FROM_PHONE, path)
        assert '<main id="main" data-from-copy>' in rendered, path
        assert same_page(rendered) == online[path], path

    phone.goto(server.url + paths[0])                  # on screen, as the agent sees it
    today = "2026-11-28"
    refused = {m["full_name"]: premiums.household_bhyt_refusal(
        m["support_group"], today, m["birth_date"], m["birth_year"]) for m in members
        if m["list_status"] == "on_list"}
    can_join = sorted(name for name, why in refused.items() if why is None)
    assert can_join and len(can_join) < len(refused)
    labels = phone.locator("fieldset[data-record] legend label")
    assert sorted(t.strip() for t in labels.all_inner_texts()) == can_join
    reasons = phone.locator("[data-refused] li")
    expect(reasons).to_have_count(len(refused) - len(can_join))
    for item in reasons.all_inner_texts():
        name, why = item.split(": ", 1)
        assert refused[name] is not None and why == premiums.MESSAGES[refused[name]]
    total = phone.locator("[data-total]").inner_text()
    phone.locator("[data-member]").first.uncheck()      # field.js quotes again, offline
    phone.locator("[data-member]").first.check()
    expect(phone.locator("[data-total]")).to_have_text(total)
    assert total == re.search(r"data-total>([^<]+)<", online[paths[0]]).group(1)

    for path in ("/enrolments/new?household=nobody-knows&scheme=bhyt_hgd",
                 "/enrolments/new?resident=nobody-knows&scheme=bhyt_hgd"):
        phone.goto(server.url + path)
        expect(phone.locator("#not-in-copy")).to_be_visible()
        expect(phone.locator("form[data-record-kind]")).to_have_count(0)


def test_the_add_person_form_offline_is_the_servers_for_its_own_village(phone, server, server_db):
    db = server_db
    villages = agent_villages(db)
    household = scalar(db, "SELECT household_id FROM residents WHERE village_id = ? AND"
                           " household_id IS NOT NULL ORDER BY id LIMIT 1", (villages[1],))
    paths = [f"/people/new?village={v}" for v in villages]
    paths.append(f"/people/new?village={villages[1]}&household={household}")
    online = {p: same_page(from_server(phone, server, p)) for p in paths}
    phone.context.set_offline(True)
    for path in paths:
        rendered = phone.evaluate(FROM_PHONE, path)
        assert '<main id="main" data-from-copy>' in rendered, path
        assert same_page(rendered) == online[path], path

    # A person added offline, then corrected ("Sửa"): the form starts from what was typed.
    phone.goto(f"{server.url}/villages/{villages[2]}")
    record = phone.evaluate("""v => DTN.store.addRecords(DTN.session.user().id, [{
        kind: 'resident', data: {id: crypto.randomUUID(), village_id: v, full_name: 'Lò Văn Pả',
        gender: 'male', birth_year: 1988, relation_to_head: 'Chủ hộ', support_group: 'other',
        phone: '0987654321', household: {id: crypto.randomUUID(), address: 'Bản Ten'}}}])
        .then(r => r[0].id)""", villages[2])
    phone.goto(f"{server.url}/people/new?village={villages[2]}&corrects={record}")
    expect(phone.locator("h1")).to_contain_text("Sửa thông tin")
    expect(phone.locator("#full_name")).to_have_value("Lò Văn Pả")
    expect(phone.locator("#phone")).to_have_value("0987654321")
    expect(phone.locator("input[name=corrects]")).to_have_value(record)
    expect(phone.locator("#birth_year")).to_have_value("1988")


def test_a_sign_up_offline_is_the_servers_form_renewals_and_corrections_included(
        phone, server, server_db):
    db = server_db
    villages = agent_villages(db)
    marks = ",".join("?" * len(villages))
    people = [r["id"] for r in rows(db, f"SELECT id FROM residents WHERE village_id IN ({marks})"
                                        " AND list_status = 'on_list' ORDER BY id LIMIT 2",
                                    villages)]
    signed = rows(db, f"""SELECT e.record_id, e.resident_id, e.scheme FROM enrolments e
        JOIN residents r ON r.id = e.resident_id WHERE r.village_id IN ({marks})
        AND e.superseded_by IS NULL ORDER BY e.scheme, e.record_id""", villages)
    corrections = [next(e for e in signed if e["scheme"] == s) for s in ("bhxh_tn", "bhyt_hgd")]
    paths = [f"/enrolments/new?resident={p}&scheme=bhxh_tn" for p in people]
    paths.append(paths[0] + "&months=60&income=2000000&group=near_poor&start_month=2026-12")
    paths.append(paths[1] + "&months=7&income=x&group=king&start_month=2026-13")
    paths += [f"/enrolments/new?resident={e['resident_id']}&scheme={e['scheme']}"
              f"&corrects={e['record_id']}" for e in corrections]
    online = {p: same_page(from_server(phone, server, p)) for p in paths}
    phone.context.set_offline(True)
    for path in paths:
        rendered = phone.evaluate(FROM_PHONE, path)
        assert '<main id="main" data-from-copy>' in rendered, path
        assert same_page(rendered) == online[path], path

    phone.goto(server.url + paths[2])                     # a prepayment, on screen offline
    expect(phone.locator("[data-quote-prepay]")).to_be_visible()
    amount = phone.locator("#amount").input_value()
    phone.select_option("#months", "12")                  # field.js quotes again, offline
    expect(phone.locator("[data-quote-prepay]")).to_be_hidden()
    phone.select_option("#months", "60")
    expect(phone.locator("#amount")).to_have_value(amount)

    for path in ("/enrolments/new?resident=nobody-knows&scheme=bhxh_tn",
                 f"/enrolments/new?resident={people[0]}&scheme=bhxh_tn&corrects=nothing"):
        phone.goto(server.url + path)
        expect(phone.locator("#not-in-copy")).to_be_visible()
        expect(phone.locator("form[data-record-kind]")).to_have_count(0)
# The visit form and the resident card from the phone's copy.

def test_the_visit_form_offline_is_for_the_person_asked_for(phone, server, server_db):
    db = server_db
    village_a, village_b = agent_villages(db)[:2]
    a = row(db, "SELECT id, full_name FROM residents WHERE village_id = ? ORDER BY id LIMIT 1",
            (village_a,))
    b = row(db, "SELECT id, full_name FROM residents WHERE village_id = ? AND phone IS NOT NULL"
                " ORDER BY id LIMIT 1", (village_b,))
    online = same_page(from_server(phone, server, f"/visits/new?resident={b['id']}"))
    phone.goto(f"{server.url}/visits/new?resident={a['id']}")
    expect(phone.locator(".who h1")).to_have_text(a["full_name"])
    phone.context.set_offline(True)
    rendered = phone.evaluate(FROM_PHONE, f"/visits/new?resident={b['id']}")
    assert '<main id="main" data-from-copy>' in rendered
    assert same_page(rendered) == online                    # the server's page, from the copy
    phone.goto(f"{server.url}/visits/new?resident={b['id']}")
    expect(phone.locator(".who h1")).to_have_text(b["full_name"])
    expect(phone.locator("input[name=resident_id]")).to_have_value(b["id"])
    expect(phone.locator("body")).not_to_contain_text(a["full_name"])
    phone.click("label.outcome-not_home")
    phone.wait_for_url(f"{server.url}/villages/{village_b}**")
    saved = phone.evaluate("""() => DTN.store.unsent().then(u => u.outbox.map(r => r.data))""")
    assert saved[-1]["resident_id"] == b["id"] and saved[-1]["outcome"] == "not_home"
    assert not any(r.get("resident_id") == a["id"] for r in saved)


def test_a_person_the_phone_does_not_hold_gets_a_clear_message(phone, server):
    unknown = "0193d000-0000-7000-8000-00000000abcd"
    phone.context.set_offline(True)
    for path in (f"/visits/new?resident={unknown}", f"/residents/{unknown}"):
        phone.goto(server.url + path)
        expect(phone.locator("#not-in-copy")).to_be_visible()
        expect(phone.locator("#not-in-copy")).to_contain_text("Điện thoại chưa có người")
        expect(phone.locator("form[data-record-kind]")).to_have_count(0)
        expect(phone.locator(".who")).to_have_count(0)


def test_the_card_from_the_copy_is_the_servers_and_shows_a_visit_recorded_offline(
        phone, server, server_db):
    db = server_db
    village = agent_villages(db)[0]
    # Someone with visits, sign-ups and a household.
    person = row(db, """SELECT r.id, r.full_name FROM residents r WHERE r.village_id = ?
        AND r.household_id IS NOT NULL AND EXISTS (SELECT 1 FROM visits v
        WHERE v.resident_id = r.id) AND EXISTS (SELECT 1 FROM enrolments e
        WHERE e.resident_id = r.id) ORDER BY r.id LIMIT 1""", (village,))
    # People in a scheme (standing, renewals, ladder places), the first of the list, the household.
    others = rows(db, """SELECT id FROM residents WHERE village_id = ? AND (bhxh_status != 'none'
        OR bhyt_status != 'none' OR bhyt_expiry IS NOT NULL OR id IN (SELECT resident_id
        FROM enrolments)) ORDER BY id LIMIT 20""", (village,))
    others += rows(db, "SELECT id FROM residents WHERE village_id = ? ORDER BY id LIMIT 5",
                   (village,))
    paths = [f"/residents/{r['id']}" for r in [person, *others]]
    online = {p: same_page(from_server(phone, server, p)) for p in paths}
    assert any('id="renew"' in html for html in online.values())
    phone.context.set_offline(True)
    for path in paths:
        rendered = phone.evaluate(FROM_PHONE, path)
        assert '<main id="main" data-from-copy>' in rendered
        assert same_page(rendered) == online[path], path

    phone.goto(f"{server.url}/villages/{village}?q=" + search_key(person["full_name"]))
    phone.click(f"[data-resident-id='{person['id']}'] a[href^='/visits/new']")
    expect(phone.locator(".who h1")).to_have_text(person["full_name"])
    phone.click("label.outcome-considering")
    phone.wait_for_url(f"{server.url}/villages/{village}**")
    phone.click(f"[data-resident-id='{person['id']}'] a.card")
    expect(phone.locator(".who h1")).to_have_text(person["full_name"])
    newest = phone.locator("ol.history > li").last
    expect(newest).to_contain_text("Đang cân nhắc")
    expect(newest).to_contain_text("28/11/2026")
    expect(newest.locator(".sync-badge")).to_have_text("đã ghi, chờ đồng bộ")
    expect(phone.locator("main[data-from-copy]")).to_have_count(1)
    saved = newest.get_attribute("data-record-id")
    newest.locator("a.button").click()                 # "Sửa": a correction of that record
    expect(phone.locator("input[name=corrects]")).to_have_value(saved)
    expect(phone.locator("input[name=outcome][value=considering]")).to_be_checked()


def test_a_record_the_server_would_not_take_shows_on_the_card_to_be_dealt_with(
        phone, server, server_db):
    db = server_db
    village = agent_villages(db)[1]
    resident = row(db, "SELECT id FROM residents WHERE village_id = ? ORDER BY id DESC LIMIT 1",
                   (village,))
    bad = phone.evaluate("""id => DTN.store.addRecords(DTN.session.user().id, [{kind: 'visit',
        data: {resident_id: id, outcome: 'flew_away', reasons: []}}]).then(r => r[0].id)""",
                         resident["id"])
    phone.evaluate("() => DTN.sync.run(DTN.session.user().id, 'test')")
    assert scalar(db, "SELECT status FROM sync_issues WHERE record_id = ?", (bad,)) == "rejected"
    phone.context.set_offline(True)
    phone.goto(f"{server.url}/residents/{resident['id']}")
    refused = phone.locator(f"main[data-from-copy] ol.history li[data-record-id='{bad}']")
    expect(refused.locator(".c-attention")).to_have_text("cần xử lý")
    expect(refused.locator("a.c-attention")).to_have_attribute("href", "/sync")
    expect(refused.locator("a.button")).to_have_count(0)      # corrected under "Cần xử lý"
    phone.evaluate("id => DTN.store.discard(id)", bad)   # the module's phone, for the next tests


def test_a_person_added_on_the_phone_has_a_card_and_a_visit_form_offline(phone, server, server_db):
    db = server_db
    village = agent_villages(db)[2]
    household = row(db, "SELECT id, head_name FROM households WHERE village_id = ? ORDER BY id"
                        " LIMIT 1", (village,))
    phone.context.set_offline(True)
    added = phone.evaluate("""([village, household]) => DTN.store.addRecords(
        DTN.session.user().id, [{kind: 'resident', data: {id: DTN.store.uuidv7(),
        village_id: village, household_id: household, full_name: 'Thạch Thị Sa Rươne',
        gender: 'female', birth_year: 1990, relation_to_head: 'Con'}}]).then(r => r[0].data.id)""",
                           [village, household["id"]])
    phone.goto(f"{server.url}/residents/{added}")
    expect(phone.locator("main[data-from-copy] .who h1")).to_have_text("Thạch Thị Sa Rươne")
    head = household["head_name"]
    expect(phone.locator(".who .muted")).to_contain_text(f"1990 · Con · Hộ {head}")
    phone.click("a.primary[href^='/visits/new']")
    expect(phone.locator("input[name=resident_id]")).to_have_value(added)
    phone.click("label.outcome-not_home")
    phone.wait_for_url(f"{server.url}/villages/{village}**")
    phone.goto(f"{server.url}/residents/{added}")
    expect(phone.locator("ol.history li .sync-badge")).to_have_text("đã ghi, chờ đồng bộ")


# The agent's home from the phone's copy, against the server's.

def synced(phone) -> None:
    """Everything on the phone sent and the copy pulled, so the two sides hold the same data."""
    phone.evaluate("() => DTN.sync.run(DTN.session.user().id, 'test')")
    poll(phone, "() => DTN.store.countWaiting(DTN.session.user().id).then(n => n === 0)")
    phone.evaluate("() => DTN.copy.pull(DTN.session.user().id)")


def test_home_from_the_copy_is_the_page_the_server_renders(phone, server):
    synced(phone)
    online = main_of(from_server(phone, server, "/"))
    rendered = phone.evaluate(FROM_PHONE, "/")
    assert '<main id="main" data-from-copy>' in rendered
    assert main_of(rendered) == online
    assert 'data-renewals="due"' in online and "data-tally" in online
    assert online.count('class="renewal ') > 1            # the demo has people to renew


def test_a_visit_saved_offline_shows_at_once_on_home(phone, server, server_db):
    synced(phone)
    db = server_db
    village = agent_villages(db)[0]
    person = row(db, """SELECT r.id, r.full_name FROM residents r WHERE r.village_id = ?
        AND r.list_status = 'on_list' AND NOT EXISTS (SELECT 1 FROM visits v
        WHERE v.resident_id = r.id) AND NOT EXISTS (SELECT 1 FROM enrolments e
        WHERE e.resident_id = r.id) ORDER BY r.id DESC LIMIT 1""", (village,))
    phone.context.set_offline(True)
    phone.goto(server.url + "/")
    tally = phone.locator("[data-tally] strong")
    before = tally.all_inner_texts()
    counts = phone.locator(f'.village[data-village-id="{village}"] .counts')
    visited_before = int(counts.inner_text().split(" · ")[1].split()[0].replace(".", ""))
    phone.evaluate("""([id, day]) => DTN.store.addRecords(DTN.session.user().id, [{kind: 'visit',
        data: {resident_id: id, outcome: 'considering', reasons: [], follow_up_on: day}}])""",
                   [person["id"], clock.today().isoformat()])
    phone.goto(server.url + "/")
    expect(phone.locator("main[data-from-copy]")).to_have_count(1)
    assert tally.first.inner_text() == str(int(before[0]) + 1)
    assert tally.all_inner_texts()[1:] == before[1:]
    assert counts.inner_text().split(" · ")[1] == f"{visited_before + 1} đã đến"
    due = phone.locator(f'#due-today + ul [data-resident-id="{person["id"]}"]')
    expect(due).to_contain_text(person["full_name"])
    expect(due).to_contain_text("Đang cân nhắc 28/11/2026 · hẹn 28/11/2026")
    expect(due.locator(".sync-badge")).to_have_text("đã ghi, chờ đồng bộ")
    phone.context.set_offline(False)
    synced(phone)
    db = server_db
    assert scalar(db, "SELECT follow_up_on FROM visits WHERE resident_id = ?",
                  (person["id"],)) == clock.today().isoformat()
    assert main_of(phone.evaluate(FROM_PHONE, "/")) == main_of(from_server(phone, server, "/"))


def test_a_question_on_the_sync_screen_is_the_same_from_the_copy_offline_as_online(
        phone, server, server_db):
    db = server_db
    village = agent_villages(db)[1]
    resident = row(db, "SELECT id FROM residents WHERE village_id = ? ORDER BY id DESC LIMIT 1",
                   (village,))
    bad = phone.evaluate("""id => DTN.store.addRecords(DTN.session.user().id, [{kind: 'visit',
        data: {resident_id: id, outcome: 'lost_the_way', reasons: ['x'], vssid: true}}])
        .then(r => r[0].id)""", resident["id"])
    phone.evaluate("() => DTN.sync.run(DTN.session.user().id, 'test')")
    issue = scalar(db, "SELECT id FROM sync_issues WHERE record_id = ?", (bad,))
    supervisor = scalar(db, "SELECT id FROM users WHERE username = 'supervisor1'")
    with transaction(db):
        sync_issues.resolve(db, issue, "asked_agent", supervisor, 'Đi đâu? <"thật">')
    phone.goto(f"{server.url}/sync")
    refused = phone.locator(f".attention-item[data-record-id='{bad}']")
    expect(refused).to_contain_text("Bị từ chối")                  # the phone's own record
    phone.evaluate("() => DTN.copy.pull(DTN.session.user().id)")

    item = re.compile(rf'<li class="card question-item" data-issue-id="{issue}".*?</li>', re.S)
    online = item.search(from_server(phone, server, "/sync")).group(0)
    phone.context.set_offline(True)
    rendered = phone.evaluate(FROM_PHONE, "/sync")
    assert '<main id="main" data-from-copy>' in rendered
    assert item.search(rendered).group(0) == online
    assert "Đi đâu? &lt;&quot;thật&quot;&gt;" in online
    phone.goto(f"{server.url}/sync")
    question = phone.locator(f".question-item[data-issue-id='{issue}']")
    expect(question.locator("input[name=vssid]")).to_have_value("true")
    question.locator("input[name=outcome]").fill("not_home")
    question.locator("button.primary").click()
    expect(question).to_contain_text("Đã gửi bản sửa")
    refused.locator(".discard").click()
    refused.locator(".confirm-yes").click()
    expect(refused).to_have_count(0)
    expect(phone.locator(".sync-waiting")).to_have_text("1")        # the answer, offline
