/* The service worker. /sw.js serves this file behind a header made by agent_app/pwa.py that sets
   DTN_VERSION and DTN_PRECACHE and imports Workbox and the shared offline scripts.

   - The app shell (CSS, JS, icons, the offline page) is precached from file hashes.
   - Pages: network first with a short timeout, then the copy cached by "Tải về để làm việc
     offline" or by an earlier visit, then the offline page (which draws a resident's card from
     the offline copy). Form pages are one cached copy per form, whoever it is for.
   - A new version waits: the page offers "new version, reload" and the worker only takes over
     when the agent says so (records wait in IndexedDB, which an update never touches).
   - Background Sync pushes the outbox when the browser says the network is back. */
/* global workbox, DTN */
'use strict';

const NETWORK_TIMEOUT_SECONDS = 4;
const OFFLINE_PAGE = '/offline';

workbox.core.setCacheNameDetails({prefix: 'den-tung-nha'});
workbox.precaching.cleanupOutdatedCaches();
workbox.precaching.precacheAndRoute(self.DTN_PRECACHE);

/* Only whole pages of the logged-in user are kept: never a redirect to the login page. */
const pagesOnly = {
  cacheWillUpdate: async ({response}) =>
    (response && response.status === 200 && !response.redirected ? response : null),
  cacheKeyWillBeUsed: async ({request}) => DTN.keys.pageKey(request.url),
};

const pages = new workbox.strategies.NetworkFirst({
  cacheName: DTN.keys.PAGES_CACHE,
  networkTimeoutSeconds: NETWORK_TIMEOUT_SECONDS,
  matchOptions: {ignoreVary: true},
  plugins: [pagesOnly],
});

async function offlinePage() {
  const cached = await workbox.precaching.matchPrecache(OFFLINE_PAGE);
  return cached || new Response('Offline', {status: 503, headers: {'Content-Type': 'text/plain'}});
}

workbox.routing.registerRoute(
  ({request, url}) => request.mode === 'navigate' && url.origin === self.location.origin &&
    !url.pathname.startsWith('/api/') && url.pathname !== '/logout',
  async args => {
    try {
      const response = await pages.handle(args);
      if (response) return response;
    } catch (_offline) {
      // Neither the network nor a cached copy: the offline page takes over.
    }
    return offlinePage();
  });

/* The rest of a checklist, loaded by htmx as the agent scrolls ("Xem tiếp"). */
const fragments = new workbox.strategies.NetworkFirst({
  cacheName: 'dtn-fragments',
  networkTimeoutSeconds: NETWORK_TIMEOUT_SECONDS,
  matchOptions: {ignoreVary: true},
  plugins: [{cacheWillUpdate: pagesOnly.cacheWillUpdate}],
});
workbox.routing.registerRoute(
  ({request, url}) => request.headers.get('HX-Request') === 'true' &&
    url.origin === self.location.origin && url.pathname.startsWith('/villages/'),
  fragments);

self.addEventListener('message', event => {
  if (event.data && event.data.type === 'SKIP_WAITING') self.skipWaiting();
});

self.addEventListener('activate', event => event.waitUntil(self.clients.claim()));

self.addEventListener('sync', event => {
  if (event.tag !== 'outbox') return;
  event.waitUntil((async () => {
    const session = await DTN.store.getMeta('session');
    if (!session) return;
    const state = await DTN.sync.run(session.user_id, self.DTN_VERSION);
    if (state === 'offline' || state === 'error') throw new Error('sync: ' + state);
  })());
});
