/* "Tải về để làm việc offline": one action that caches what the agent needs for every assigned
   village: the checklists (every page of them), the form pages (one copy each, filled in on the
   phone), the sync page, and a compact copy of each village list in IndexedDB. Shows progress
   and a final count; refreshed quietly when online and older than REFRESH_MS. */
(function () {
  'use strict';
  const DTN = self.DTN;
  const store = DTN.store;
  const FRAGMENTS_CACHE = 'dtn-fragments';
  const REFRESH_MS = 6 * 3600 * 1000;

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

  async function run(progress) {
    const manifest = await (await fetchOk('/api/offline/manifest')).json();
    const pages = await caches.open(DTN.keys.PAGES_CACHE);
    const fragments = await caches.open(FRAGMENTS_CACHE);
    const checklists = manifest.villages.map(v => '/villages/' + v.id);
    const plain = manifest.pages.filter(url => !checklists.includes(url)).concat(manifest.forms);
    const total = plain.length + manifest.villages.length * 2;
    let done = 0;
    const step = async work => {
      const value = await work;
      done += 1;
      if (progress) progress(done, total);
      return value;
    };
    await Promise.all(plain.map(url => step(cachePage(pages, url))));
    let residents = 0;
    await Promise.all(manifest.villages.map(async village => {
      await step(cacheChecklist(pages, fragments, '/villages/' + village.id));
      const data = await step(fetchOk(village.data).then(r => r.json()));
      residents += data.residents.length;
      await store.putVillage(data);
    }));
    const copy = {key: 'offline-copy', made_at: Date.now(), villages: manifest.villages.length,
      residents};
    await store.putMeta(copy);
    DTN.fill.reset();
    return copy;
  }

  /* Logging out, another user, a village taken away: the lists held here must go. */
  async function forget() {
    await store.forgetOfflineCopy();
    await Promise.all([caches.delete(DTN.keys.PAGES_CACHE), caches.delete(FRAGMENTS_CACHE)]);
    DTN.fill.reset();
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
        const copy = await run((done, total) => { bar.max = total; bar.value = done; });
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

  async function refreshWhenOnline() {
    await DTN.session.claimed;
    const copy = await store.getMeta('offline-copy');
    if (!copy || !navigator.onLine || !DTN.session.user()) return;
    if (Date.now() - copy.made_at < REFRESH_MS) return;
    await run(null);
    await DTN.status.refresh();
  }

  DTN.prepare = {run, forget};
  document.addEventListener('DOMContentLoaded', () => {
    wireButton();
    refreshWhenOnline().catch(error => console.warn('offline copy not refreshed', error));
    window.addEventListener('online', () => refreshWhenOnline().catch(() => {}));
  });
})();
