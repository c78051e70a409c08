/* The page side of sync: whose records these are, when to push and pull, what the status bar
   says.

   Push triggers: page load, "online", a timer while records wait, after each save (Background
   Sync where the browser offers it); loop.js schedules them and backs off. A pull follows every
   push that sent records, runs on page load and on "online" when the last one is over a minute
   old (an agent opens many pages a minute), and on its own timer. Logout is refused while records wait; logging in as someone else while another user's
   records wait is refused too; the local copy of another account is deleted before this one's
   first pull. */
(function () {
  'use strict';
  const DTN = self.DTN;
  const store = DTN.store;
  const PULL_AGAIN_MS = 60000;
  const panel = document.getElementById('sync-status');
  const text = JSON.parse((document.getElementById('offline-text') || {}).textContent || '{}');

  function format(template, values) {
    return Object.keys(values).reduce(
      (out, key) => out.split('{' + key + '}').join(values[key]), template || '');
  }

  function stamp(ms) {
    const d = new Date(ms);
    const pad = n => String(n).padStart(2, '0');
    return pad(d.getDate()) + '/' + pad(d.getMonth() + 1) + '/' + d.getFullYear() + ' ' +
      pad(d.getHours()) + ':' + pad(d.getMinutes());
  }

  const session = {
    /* The logged-in user this page was made for, or null (login page, offline page). */
    user() {
      const id = panel && Number(panel.dataset.userId);
      return id ? {id, username: panel.dataset.username} : null;
    },
    appVersion: () => (panel ? panel.dataset.appVersion : ''),
    /* The villages assigned when the server made this page. */
    villageIds: () => (panel && panel.dataset.villageIds ? panel.dataset.villageIds : '')
      .split(' ').filter(Boolean).map(Number),
    async askBackgroundSync() {
      try {
        const registration = await navigator.serviceWorker.ready;
        if (registration.sync) await registration.sync.register('outbox');
      } catch (_unsupported) {
        // No Background Sync here: the triggers in the page do the work.
      }
    },
  };

  const status = {
    show(kind, message) {
      const box = panel && panel.querySelector('.sync-message');
      if (!box) return;
      box.textContent = message || '';
      box.hidden = !message;
      box.className = 'sync-message sync-message-' + kind;
    },
    async refresh() {
      if (!panel) return;
      const user = session.user() || await store.getMeta('session');
      const userId = user && (user.id || user.user_id);
      const unsent = await store.unsent();
      const mine = r => r.user_id === userId;
      const waiting = unsent.outbox.filter(mine).length;
      const attention = unsent.attention.filter(mine).length;
      const others = unsent.outbox.length + unsent.attention.length - waiting - attention;
      const state = await store.getMeta('sync');
      const last = userId ? await store.getMeta('last-sync:' + userId) : null;
      const copy = await store.copyState();
      const pulled = copy && copy.user_id === userId && copy.pulled_at;
      // A page without a user (the login page) cannot push: what waits needs a login.
      const stateName = !session.user() && waiting > 0 ? 'needs_login'
        : (state && state.state) || 'idle';
      const label = panel.querySelector('.sync-state');
      label.dataset.state = stateName;
      label.textContent = (text.states || {})[stateName] || stateName;
      panel.querySelector('.sync-waiting').textContent = waiting;
      panel.querySelector('.sync-last').textContent = last ? stamp(last.at) : text.never;
      panel.querySelector('.sync-attention-count').textContent = attention;
      panel.querySelector('.sync-attention').hidden = attention === 0;
      const login = panel.querySelector('.sync-login');
      login.hidden = stateName !== 'needs_login';
      login.href = '/login?next=' + encodeURIComponent(location.pathname + location.search);
      panel.querySelector('.sync-offline-copy').hidden = !pulled;
      if (pulled) panel.querySelector('.sync-offline-made').textContent = stamp(pulled);
      if (others > 0) status.show('warn', format(text.other_user, {n: others}));
      else if (state && state.message && ['needs_login', 'error'].includes(stateName)) {
        status.show('error', state.message);
      }
      panel.hidden = false;
      DTN.marks.overlay(unsent.outbox.concat(unsent.attention).filter(mine), text);
    },
  };

  /* The loop (loop.js) around this user's push, pull and status bar. */
  const loop = DTN.loop.create({
    send: () => DTN.sync.run(session.user().id, session.appVersion()),
    waiting: () => store.countWaiting(session.user().id),
    pull: sent => pull(sent),
    after: () => status.refresh(),
    fail: async error => {
      await store.putMeta({key: 'sync', state: 'error', message: String(error), at: Date.now()});
      return 'error';
    },
  });

  function push() {
    return session.user() ? loop.push() : Promise.resolve();
  }

  /* Bring the local copy up to date (unless a pull ended less than a minute ago and nothing was
     sent since, away from home: the home, where the app opens, is rendered from the copy, so
     opening it always asks what changed, a village taken away included); an expired session is
     said as a push would say it. */
  async function pull(sent) {
    const user = session.user();
    if (!user || !navigator.onLine) return;
    const copy = await store.copyState();
    const recent = copy && copy.user_id === user.id && copy.pulled_at &&
      Date.now() - copy.pulled_at < PULL_AGAIN_MS;
    if (recent && !sent && location.pathname !== '/') return;
    const state = await DTN.copy.pull(user.id);
    if (state === 'needs_login') await DTN.sync.note('needs_login', text.states.needs_login);
  }

  /* The offline copy and the cached pages belong to one user and their villages. Another user
     on this phone (a session that simply expired, then someone else logged in), or a village
     taken off this user, wipes them; a copy the user had is made again at once. Only a page
     newer than the last one seen counts, so a cached page never wipes anything. Records are
     never touched: they wait for their owner. */
  async function claimPhone() {
    const user = session.user();
    if (!user) return;
    const villages = session.villageIds();
    const renderedAt = Number(panel.dataset.renderedAt) || 0;
    const before = await store.getMeta('session');
    const copy = await store.copyState();
    const otherUser = (Boolean(before) && before.user_id !== user.id) ||
      (Boolean(copy) && copy.user_id !== user.id);
    if (!otherUser && before && renderedAt < (before.rendered_at || 0)) return;
    const held = (before && before.village_ids) || await store.villageIds();
    const dropped = !otherUser && held.some(id => !villages.includes(id));
    if (otherUser || dropped) await DTN.prepare.forget();
    await store.putMeta({key: 'session', user_id: user.id, username: user.username,
      village_ids: villages, rendered_at: renderedAt});
    await store.putMeta({key: 'user:' + user.id, username: user.username});
    if (dropped && copy) {
      DTN.prepare.run(() => {}).then(() => status.refresh())
        .catch(error => console.warn('offline copy not made again', error));
    }
  }

  function guardLogout() {
    const form = document.getElementById('logout-form');
    if (!form) return;
    form.addEventListener('submit', async event => {
      event.preventDefault();
      const user = session.user();
      const unsent = await store.unsent();
      const mine = unsent.outbox.concat(unsent.attention).filter(r => user && r.user_id === user.id);
      if (mine.length) {
        status.show('error', format(text.logout_refused, {n: mine.length}));
        return;
      }
      await DTN.prepare.forget();
      form.submit();
    });
  }

  function guardLogin() {
    const name = document.getElementById('username');
    const form = name && name.form;
    if (!form || form.matches('[data-record-kind]')) return;
    form.addEventListener('submit', async event => {
      if (form.dataset.checked === 'yes') return;
      event.preventDefault();
      const unsent = await store.unsent();
      const byOwner = {};
      unsent.outbox.concat(unsent.attention).forEach(r => {
        byOwner[r.user_id] = (byOwner[r.user_id] || 0) + 1;
      });
      const entered = name.value.trim().toLowerCase();
      for (const owner of Object.keys(byOwner)) {
        const known = await store.getMeta('user:' + owner);
        const username = known ? known.username : owner;
        if (String(username).toLowerCase() !== entered) {
          status.show('error', format(text.login_refused, {n: byOwner[owner], user: username}));
          panel.hidden = false;
          return;
        }
      }
      // Until a page of the server names who logged in, the worker renders no screen from the
      // copy (it may be another account's: claimPhone decides).
      await store.dropMeta('session');
      form.dataset.checked = 'yes';
      form.requestSubmit();
    });
  }

  function watchForUpdates() {
    if (!('serviceWorker' in navigator)) return;
    let updating = false;
    const banner = document.getElementById('update-banner');
    async function offer(worker) {
      if (!banner) return;
      const unsent = await store.unsent();
      banner.querySelector('.update-pending').hidden = unsent.outbox.length === 0;
      banner.hidden = false;
      banner.querySelector('.update-reload').onclick = () => {
        updating = true;
        worker.postMessage({type: 'SKIP_WAITING'});
      };
    }
    navigator.serviceWorker.addEventListener('controllerchange', () => {
      if (updating) location.reload();
    });
    navigator.serviceWorker.register('/sw.js', {scope: '/'}).then(registration => {
      if (registration.waiting && navigator.serviceWorker.controller) offer(registration.waiting);
      registration.addEventListener('updatefound', () => {
        const worker = registration.installing;
        worker.addEventListener('statechange', () => {
          if (worker.state === 'installed' && navigator.serviceWorker.controller) offer(worker);
        });
      });
    }, error => console.warn('service worker not registered', error));
  }

  /* The worker renders screens on the pages' day (a test pins the pages' clock), inside the
     shell of this session, language and version. */
  function tellTheWorker(user) {
    if (!('serviceWorker' in navigator)) return;
    navigator.serviceWorker.ready.then(registration => {
      if (registration.active) registration.active.postMessage({type: 'clock', now: Date.now()});
    });
    const token = document.querySelector('meta[name=csrf-token]');
    if (user && navigator.onLine && token) {
      DTN.copy.refreshShell(user.id, {lang: document.documentElement.lang, token: token.content,
        version: session.appVersion()}).catch(error => console.warn('shell not refreshed', error));
    }
  }

  async function start() {
    guardLogout();
    guardLogin();
    await session.claimed;
    DTN.sync.onChange(() => status.refresh());
    if (navigator.storage && navigator.storage.persist) {
      navigator.storage.persisted().then(done => done || navigator.storage.persist());
    }
    if (session.user()) loop.start();
    watchForUpdates();
    tellTheWorker(session.user());
    const now = document.getElementById('sync-now');
    if (now) now.addEventListener('click', () => { if (session.user()) loop.pushNow(); });
    await status.refresh();
    await push();
  }

  // Before anything reads the offline copy, make sure it is this user's.
  session.claimed = claimPhone().catch(error => console.warn('offline copy not checked', error));
  DTN.session = session;
  DTN.status = status;
  DTN.push = push;
  DTN.text = text;
  DTN.stamp = stamp;
  // Scripts run at the end of <body>: the guards are on before anyone can press a button.
  start().catch(error => status.show('error', String(error)));
})();
