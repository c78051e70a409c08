"""The sync loop's units inside Chromium, on Playwright's fake clock: when the phone pushes and
pulls (static/js/offline/loop.js) and how a push goes (static/js/offline/sync.js), with the
store and the network stood in for, so every state and every delay can be reached."""

import pytest
from support import ROOT

pytestmark = pytest.mark.browser

SECOND = 1000

LOOP = """() => {
  window.log = [];
  window.states = [];            // what send() answers, in turn ('idle' when empty)
  window.waitingCount = 0;
  window.running = 0;
  window.mostAtOnce = 0;
  window.hold = null;            // when set, send() waits for release()
  window.release = () => {};
  window.loop = DTN.loop.create({
    send: async () => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      log.push('send');
      if (hold) await new Promise(resolve => { release = resolve; });
      running -= 1;
      const next = states.shift() || 'idle';
      if (next === 'throw') throw new Error('broken');
      return next;
    },
    waiting: async () => waitingCount,
    pull: async sent => { log.push('pull:' + sent); },
    after: async () => { log.push('after'); },
    fail: async () => { log.push('fail'); return 'error'; },
  });
}"""


@pytest.fixture
def loop(page):
    page.set_content("<!doctype html><title>loop</title>")
    page.clock.pause_at(page.evaluate("Date.now()") + SECOND)   # time moves only when told
    page.add_script_tag(content=(ROOT / "static/js/offline/loop.js").read_text("utf-8"))
    page.evaluate(LOOP)
    return page


def sends(page) -> int:
    return page.evaluate("log.filter(x => x === 'send').length")


def test_a_failed_push_is_retried_after_5_s_then_twice_as_long_up_to_5_minutes(loop):
    loop.evaluate("states = Array(20).fill('offline')")
    loop.evaluate("loop.push()")
    assert sends(loop) == 1
    waited = []
    for delay in (5, 10, 20, 40, 80, 160, 300, 300):
        loop.clock.run_for(delay * SECOND - 1)
        assert sends(loop) == len(waited) + 1, f"retried before {delay} s"
        loop.clock.run_for(1)
        waited.append(delay)
        assert sends(loop) == len(waited) + 1, f"not retried after {delay} s"
    assert loop.evaluate("loop.retryDelay()") == 300 * SECOND


def test_an_error_backs_off_like_offline_and_a_success_starts_again_from_nothing(loop):
    loop.evaluate("states = ['error', 'offline', 'idle', 'offline']")
    loop.evaluate("loop.push()")
    loop.clock.run_for(5 * SECOND)
    loop.clock.run_for(10 * SECOND)
    assert sends(loop) == 3
    assert loop.evaluate("loop.retryDelay()") == 0
    loop.evaluate("loop.push()")                     # offline again: 5 s, not 40 s
    assert sends(loop) == 4
    loop.clock.run_for(5 * SECOND)
    assert sends(loop) == 5


def test_a_push_that_throws_is_noted_and_retried(loop):
    loop.evaluate("states = ['throw']")
    loop.evaluate("loop.push()")
    assert loop.evaluate("log") == ["send", "fail", "after"]
    loop.clock.run_for(5 * SECOND)
    assert sends(loop) == 2


def test_going_online_pushes_at_once_and_forgets_the_backoff(loop):
    loop.evaluate("loop.start(); states = Array(5).fill('offline')")
    loop.evaluate("loop.push()")
    loop.clock.run_for(5 * SECOND)
    loop.clock.run_for(10 * SECOND)
    assert loop.evaluate("loop.retryDelay()") == 20 * SECOND
    loop.evaluate("window.dispatchEvent(new Event('online'))")
    assert sends(loop) == 4
    assert loop.evaluate("loop.retryDelay()") == 5 * SECOND


def test_one_push_at_a_time_and_one_more_for_whatever_was_asked_meanwhile(loop):
    loop.evaluate("hold = true")
    loop.evaluate("() => { loop.push(); }")          # not awaited: it waits for release()
    loop.evaluate("() => { loop.push(); loop.push(); loop.push(); }")
    assert sends(loop) == 1
    assert loop.evaluate("loop.running()") is True
    loop.evaluate("hold = null; release()")
    assert sends(loop) == 2                          # the three asks made one more push
    assert loop.evaluate("mostAtOnce") == 1
    assert loop.evaluate("loop.running()") is False


def test_a_finished_push_pulls_and_says_whether_it_sent_anything(loop):
    loop.evaluate("waitingCount = 3")
    loop.evaluate("loop.push()")
    assert loop.evaluate("log") == ["send", "pull:true", "after"]
    loop.evaluate("log = []; waitingCount = 0")
    loop.evaluate("loop.push()")
    assert loop.evaluate("log") == ["send", "pull:false", "after"]
    loop.evaluate("log = []; states = ['offline']")
    loop.evaluate("loop.push()")
    assert loop.evaluate("log") == ["send", "after"], "no pull without a network"


def test_the_timers_push_while_records_wait_and_pull_every_five_minutes(loop):
    loop.evaluate("loop.start()")
    loop.clock.run_for(60 * SECOND)
    assert sends(loop) == 0, "nothing waits: no push"
    loop.evaluate("waitingCount = 2")
    loop.clock.run_for(60 * SECOND)
    assert sends(loop) == 1
    loop.evaluate("log = []; waitingCount = 0")
    loop.clock.run_for(180 * SECOND)                 # five minutes since start
    assert loop.evaluate("log") == ["pull:true"]


# How one push goes (sync.js): the outbox and the server stood in for.

STAND_INS = """([count, answer]) => {
  const outbox = window.outbox = Array.from({length: count}, (_, i) => ({id: 'rec-' + i, seq: i + 1,
    kind: 'visit', created_at: '2026-12-01T08:00:00+07:00', user_id: 7,
    data: {resident_id: 'person-' + (i % 300), outcome: 'not_home', note: 'ghé lần ' + i}}));
  const meta = window.meta = {};
  window.DTN = {store: {
    device: async () => ({device_id: 'phone-1'}),
    waiting: async (_user, limit) => outbox.slice(0, limit),
    countWaiting: async () => outbox.length,
    settle: async (sent, results) => {
      const done = new Set(results.filter(r => ['accepted', 'duplicate'].includes(r.status))
        .map(r => r.id));
      for (let i = outbox.length - 1; i >= 0; i--) if (done.has(outbox[i].id)) outbox.splice(i, 1);
      return {accepted: done.size};
    },
    putMeta: async value => { meta[value.key] = value; },
    getMeta: async key => meta[key],
  }};
  const requests = window.requests = [];
  window.fetch = async (_url, init) => {
    if (answer === 'network') throw new TypeError('Failed to fetch');
    const text = await new Response(new Blob([init.body]).stream()
      .pipeThrough(new DecompressionStream('gzip'))).text();
    const records = JSON.parse(text).records;
    requests.push({records: records.length, encoding: init.headers['Content-Encoding']});
    const json = (status, body) => new Response(JSON.stringify(body), {status,
      headers: {'Content-Type': 'application/json'}});
    if (answer === 'too-big-over-250' && records.length > 250) return json(413, {message: 'big'});
    if (typeof answer === 'number') return json(answer, {message: 'server says ' + answer});
    return json(200, {server_time: 'now', results: records.map(r => ({id: r.id,
      status: 'accepted'}))});
  };
  const seen = window.seen = [];
  window.console.info = (_tag, state) => seen.push(state);
}"""

RUN = """async () => {
  const state = await DTN.sync.run(7, 'test');
  return {state, seen, requests, left: outbox.length, message: meta.sync.message};
}"""


def push(page, count: int, answer) -> dict:
    page.set_content("<!doctype html><title>push</title>")
    page.evaluate(STAND_INS, [count, answer])
    page.add_script_tag(content=(ROOT / "static/js/offline/sync.js").read_text("utf-8"))
    return page.evaluate(RUN)


def test_a_thousand_waiting_visits_go_gzip_compressed_in_one_request(page):
    got = push(page, 1000, "ok")
    assert got["requests"] == [{"records": 1000, "encoding": "gzip"}]
    assert got["state"] == "idle" and got["left"] == 0
    assert got["seen"] == ["pushing", "idle"]


def test_a_body_too_big_halves_the_batch_until_it_goes(page):
    got = push(page, 1000, "too-big-over-250")
    assert [r["records"] for r in got["requests"]] == [1000, 500, 250, 250, 250, 250]
    assert got["state"] == "idle" and got["left"] == 0


@pytest.mark.parametrize("status", [401, 409])
def test_an_expired_or_foreign_session_asks_for_a_login_and_keeps_every_record(page, status):
    got = push(page, 30, status)
    assert got["state"] == "needs_login"
    assert got["message"] == f"server says {status}"
    assert got["left"] == 30


def test_a_server_failure_is_an_error_with_its_message_and_keeps_every_record(page):
    got = push(page, 30, 503)
    assert (got["state"], got["message"], got["left"]) == ("error", "server says 503", 30)


def test_no_network_is_offline_and_keeps_every_record(page):
    got = push(page, 30, "network")
    assert (got["state"], got["left"]) == ("offline", 30)
