/* When the phone pushes and pulls: the one owner of the sync loop's schedule, with one "running"
   flag. sync.js says how a push goes (its states); session.js says whose records and what the
   status bar shows; this says when.

   - push() runs one push at a time; asked while one runs, it runs again right after (it may have
     missed what was just saved).
   - A push that ends offline or in error is retried after 5 s, then 10 s, 20 s… up to 5 min;
     one that ends otherwise, or the "online" event, starts again from nothing.
   - A push that ends idle is followed by a pull (told whether records were sent).
   - Timers: a push every minute while records wait, a pull every five minutes. */
(function (root) {
  'use strict';
  const DTN = root.DTN = root.DTN || {};
  const RETRY_FIRST_MS = 5000;
  const RETRY_MAX_MS = 300000;
  const TIMER_MS = 60000;
  const PULL_TIMER_MS = 300000;

  /* A loop around the given steps:
       send()     one push; resolves to sync.js's state (idle, offline, error, needs_login…)
       waiting()  how many records wait
       pull(sent) bring the copy up to date; sent says whether this push sent records
       after()    what to do once a round is over (the status bar)
       fail(e)    note a push that threw; resolves to the state to act on */
  function create(steps) {
    let running = false;
    let again = false;
    let retryDelay = 0;
    let retryTimer = null;

    function scheduleRetry(state) {
      root.clearTimeout(retryTimer);
      if (state === 'offline' || state === 'error') {
        retryDelay = retryDelay ? Math.min(retryDelay * 2, RETRY_MAX_MS) : RETRY_FIRST_MS;
        retryTimer = root.setTimeout(push, retryDelay);
      } else {
        retryDelay = 0;
      }
    }

    async function push() {
      if (running) {
        again = true;
        return;
      }
      running = true;
      let state;
      let sending = 0;
      try {
        sending = await steps.waiting();
        do {
          again = false;
          state = await steps.send();
        } while (again && state === 'idle');
      } catch (error) {
        state = await steps.fail(error);
      } finally {
        running = false;
      }
      scheduleRetry(state);
      if (state === 'idle') await steps.pull(sending > 0);
      await steps.after();
    }

    /* Push now, as if for the first time ("online", "Đồng bộ ngay"). */
    function pushNow() {
      retryDelay = 0;
      return push();
    }

    function start() {
      root.addEventListener('online', pushNow);
      root.setInterval(async () => {
        if (!running && await steps.waiting() > 0) push();
      }, TIMER_MS);
      root.setInterval(() => { if (!running) steps.pull(true); }, PULL_TIMER_MS);
    }

    return {push, pushNow, start, running: () => running, retryDelay: () => retryDelay};
  }

  DTN.loop = {create, RETRY_FIRST_MS, RETRY_MAX_MS, TIMER_MS, PULL_TIMER_MS};
})(self);
