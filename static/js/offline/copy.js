/* The pull: the phone's one local copy kept up to date (docs/sync.md, "The pull").

   Shared by the pages and the service worker. The first pull fetches the whole copy of the
   agent's villages; later ones ask for what changed since the cursor the last one ended at,
   page after page, each page applied in one IndexedDB transaction. The cursor moves only when
   the last page is in, so an interrupted pull starts again from the same place (pages carry
   rows as they are now: applying one twice is harmless). One pull at a time per device, across
   tabs and the worker, through a Web Lock. */
(function (root) {
  'use strict';
  const DTN = root.DTN = root.DTN || {};
  const store = DTN.store;
  const LOCK = 'den-tung-nha-pull';

  /* Pull every page for userId; progress(done, total) after each. Resolves with "idle",
     "offline", "needs_login" or "error". */
  async function pullAll(userId, progress) {
    const started = Date.now();
    const state = await store.copyState();
    const mine = state && state.user_id === userId && state.complete;
    let url = '/api/sync/pull?since=' + (mine ? encodeURIComponent(state.cursor) : '');
    // A copy without its shell fetches it beside the pages, not after them.
    const shell = mine && state.shell ? null : fetchShell();
    while (url) {
      let response;
      try {
        response = await fetch(url, {credentials: 'same-origin',
          headers: {'Accept': 'application/json'}});
      } catch (_networkFailure) {
        return 'offline';
      }
      if (response.status === 401 || response.status === 403) return 'needs_login';
      if (!response.ok || response.redirected) return 'error';
      let page;
      try {
        page = await response.json();
      } catch (_notJson) {
        return 'error';
      }
      await store.applyPull(userId, page);
      if (progress) progress(page.progress.done, page.progress.total);
      url = page.next;
    }
    await store.dropSent(started);
    const fetched = shell && await shell;
    if (fetched) await store.putShell(userId, fetched);
    await prunePages(userId);
    if (DTN.sync) DTN.sync.announce({type: 'pulled'});
    return 'idle';
  }

  /* The page around the screens (its words, its form token, its scripts' version). */
  async function fetchShell() {
    try {
      const response = await fetch('/api/offline/shell', {credentials: 'same-origin',
        headers: {'Accept': 'application/json'}});
      return response.ok && !response.redirected ? await response.json() : null;
    } catch (_networkFailure) {
      return null;
    }
  }

  /* Cached pages of a village or a person the copy no longer holds are deleted with it. */
  async function prunePages(userId) {
    const villages = await store.copyVillages(userId);
    const held = new Set();
    villages.forEach(v => {
      held.add('/villages/' + v.id);
      Object.keys(v.residents).forEach(id => held.add('/residents/' + id));
    });
    await Promise.all([DTN.keys.PAGES_CACHE, 'dtn-fragments'].map(async name => {
      const cache = await caches.open(name);
      const keys = await cache.keys();
      await Promise.all(keys.map(request => {
        const path = new URL(request.url).pathname;
        const named = /^\/(villages\/\d+|residents\/[0-9a-f-]{36})$/.test(path);
        return named && !held.has(path) ? cache.delete(request, {ignoreVary: true}) :
          null;
      }));
    }));
  }

  function pull(userId, progress) {
    if (!userId) return Promise.resolve('idle');
    if (root.navigator && root.navigator.locks) {
      return root.navigator.locks.request(LOCK, () => pullAll(userId, progress));
    }
    return pullAll(userId, progress);
  }

  /* A page the server made in another language, for another session (its form token) or
     another version than the kept shell: fetch the shell again. */
  async function refreshShell(userId, page) {
    const state = await store.copyState();
    if (!state || state.user_id !== userId) return;
    const shell = state.shell;
    if (shell && shell.lang === page.lang && shell.html.includes(page.token) &&
        shell.html.includes('data-app-version="' + page.version + '"')) return;
    const fresh = await fetchShell();
    if (fresh) await store.putShell(userId, fresh);
  }

  DTN.copy = {pull, refreshShell};
})(self);
