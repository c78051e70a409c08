/* "Tải về để làm việc offline": the first pull fills the phone's local copy (later pulls keep it
   current on their own: after each push, on page load, on "online" and on a timer), and the
   pages the agent works in are cached for use without a network. Shows progress and a final
   count; the status bar shows the time of the last pull. */
(function () {
  'use strict';
  const DTN = self.DTN;
  const store = DTN.store;
  const FRAGMENTS_CACHE = 'dtn-fragments';

  async function fetchOk(url, headers) {
    const response = await fetch(url, {credentials: 'same-origin', headers: headers || {}});
    if (response.status === 401 || response.redirected) throw new Error('login');
    if (!response.ok) throw new Error(url + ': HTTP ' + response.status);
    return response;
  }

  async function cachePage(pages, url) {
    const response = await fetchOk(url);
    await pages.put(DTN.keys.pageKey(response.url), response.clone());
    return response.text();
  }

  /* The checklist loads households a page at a time: follow "Xem tiếp" to the end. */
  async function cacheChecklist(pages, fragments, url) {
    let html = await cachePage(pages, url);
    for (;;) {
      const doc = new DOMParser().parseFromString(html, 'text/html');
      const more = doc.querySelector('li.more [hx-get]');
      if (!more) return;
      const next = new URL(more.getAttribute('hx-get'), location.href).href;
      const response = await fetchOk(next, {'HX-Request': 'true'});
      await fragments.put(new Request(next, {headers: {'HX-Request': 'true'}}), response.clone());
      html = await response.text();
    }
  }

  async function cachePages(progress) {
    const manifest = await (await fetchOk('/api/offline/manifest')).json();
    const pages = await caches.open(DTN.keys.PAGES_CACHE);
    const fragments = await caches.open(FRAGMENTS_CACHE);
    const checklists = manifest.villages.map(v => '/villages/' + v.id);
    const plain = manifest.pages.filter(url => !checklists.includes(url));
    const total = plain.length + checklists.length;
    let done = 0;
    const step = async work => {
      await work;
      done += 1;
      progress(done, total);
    };
    await Promise.all(plain.map(url => step(cachePage(pages, url))));
    await Promise.all(checklists.map(url => step(cacheChecklist(pages, fragments, url))));
  }

  /* Pull, then cache the pages; progress(share) from 0 to 1 over both halves. */
  async function run(progress) {
    const user = DTN.session.user();
    const state = await DTN.copy.pull(user && user.id, (done, total) =>
      progress(total ? done / total / 2 : 0.5));
    if (state !== 'idle') throw new Error(state);
    await cachePages((done, total) => progress(0.5 + done / total / 2));
    const villages = await store.copyVillages(user.id);
    return {villages: villages.length,
      residents: villages.reduce((n, v) => n + Object.keys(v.residents).length, 0)};
  }

  /* Logging out, another user, a village taken away: the lists held here must go. */
  async function forget() {
    await store.forgetCopy();
    await Promise.all([caches.delete(DTN.keys.PAGES_CACHE), caches.delete(FRAGMENTS_CACHE)]);
  }

  function wireButton() {
    const box = document.getElementById('prepare');
    if (!box) return;
    const button = box.querySelector('#prepare-start');
    const bar = box.querySelector('progress');
    const result = box.querySelector('#prepare-result');
    box.hidden = false;
    button.addEventListener('click', async () => {
      button.disabled = true;
      bar.hidden = false;
      bar.value = 0;
      result.textContent = '';
      try {
        const copy = await run(share => { bar.value = share; });
        result.textContent = box.dataset.doneText.replace('{villages}', copy.villages)
          .replace('{residents}', copy.residents.toLocaleString('vi-VN'));
        result.className = 'ok';
      } catch (error) {
        result.textContent = box.dataset.failText + ' (' + error.message + ')';
        result.className = 'error';
      } finally {
        button.disabled = false;
        await DTN.status.refresh();
      }
    });
  }

  DTN.prepare = {run, forget};
  document.addEventListener('DOMContentLoaded', wireButton);
})();
