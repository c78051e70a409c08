/* The service worker. /sw.js serves this file behind a header made by agent_app/pwa.py that sets
   DTN_VERSION and DTN_PRECACHE and imports Workbox and the shared offline scripts.

   - The app shell (CSS, JS, icons, the offline page) is precached from file hashes.
   - The agent's screens (static/js/screens: the home, the checklist, the resident card, the
     visit, add-person and sign-up forms and "Cần xử lý") are rendered here from the phone's
     copy, online or offline, as soon as the copy is complete: the same templates and view models
     as the server's (agent_app/screens), inside the page the server gave for it (the shell,
     fetched with every pull). Nothing waits for the network.
   - A person's screens and the forms (for a person, household, village or record) the copy
     cannot answer go to the network, then to a page cached for that very address, then to the
     offline page saying that the phone does not hold it: never a page made for someone else.
   - Other pages: network first with a short timeout, then the copy cached by "Tải về để làm việc
     offline" or by an earlier visit, then the offline page.
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

/* Each screen: its address, its data from the copy, its view model, its templates (the page's
   and htmx's fragment), the page data its scripts read (JSON blocks by id, from the copy's state)
   and its page scripts. A `person` screen is for one person, household, village or record: its
   data is null when the copy does not hold that one (see notInCopyPage). */
const SCREENS = [
  {path: /^\/villages\/(\d+)$/,
    data: (userId, match, url, shell) =>
      DTN.local.checklist(userId, Number(match[1]), url.searchParams, shell),
    view: data => DTN.screens.checklist.view(data),
    page: 'village',
    fragment: url => ((parseInt(url.searchParams.get('page'), 10) || 1) > 1 ? 'households' :
      'checklist'),
    json: {},
    scripts: ['/static/js/field.js']},
  {path: /^\/visits\/new$/, person: true,
    data: (userId, _match, url, shell) => DTN.local.visitForm(userId, url.searchParams, shell),
    view: data => DTN.screens.visit_form.view(data),
    page: 'visit_form',
    fragment: () => 'visit_form',
    json: {},
    scripts: ['/static/js/field.js']},
  {path: /^\/residents\/([0-9a-f-]{36})$/, person: true,
    data: (userId, match, _url, shell) => DTN.local.card(userId, match[1], shell),
    view: data => DTN.screens.card.view(data),
    page: 'card',
    fragment: () => 'card',
    json: {},
    scripts: ['/static/js/reminder.js']},
  {path: /^\/$/,
    data: (userId, match, url, shell) => DTN.local.home(userId, shell),
    view: data => DTN.screens.home.view(data),
    page: 'home',
    fragment: () => 'home',
    json: {},
    scripts: []},
  {path: /^\/sync$/,
    data: (userId, match, url, shell) => DTN.local.attention(userId, shell),
    view: data => DTN.screens.attention.view(data),
    page: 'sync',
    fragment: () => 'attention',
    json: {},
    scripts: [],
    needsCopy: false},              // the phone's records and the shell are enough
  {path: /^\/people\/new$/, person: true,
    data: (userId, match, url, shell) => DTN.local.personForm(userId, url.searchParams, shell),
    view: data => DTN.screens.personForm.view(data),
    page: 'person_form',
    fragment: () => 'person_form',
    json: {'identifier-rules': state => state.shell.identifier_rules},
    scripts: ['/static/js/identifiers.js', '/static/js/field.js']},
  {path: /^\/enrolments\/new$/, person: true,
    accepts: url => url.searchParams.get('scheme') === 'bhyt_hgd' &&
      (url.searchParams.has('household') || url.searchParams.has('resident')) &&
      !url.searchParams.has('corrects'),
    data: (userId, match, url, shell, state) => DTN.local.bhytForm(userId, url.searchParams, state),
    view: data => DTN.screens.bhytForm.view(data),
    page: 'bhyt_form',
    fragment: () => 'bhyt_form',
    json: {'premium-params': state => state.rules},
    scripts: ['/static/js/premiums.js', '/static/js/field.js']},
  {path: /^\/enrolments\/new$/, person: true,
    accepts: url => url.searchParams.has('resident') &&
      (url.searchParams.get('scheme') !== 'bhyt_hgd' || url.searchParams.has('corrects')),
    data: (userId, match, url, shell, state) =>
      DTN.local.enrolmentForm(userId, url.searchParams, state),
    view: data => DTN.screens.enrolmentForm.view(data),
    page: 'enrolment_form',
    fragment: () => 'enrolment_form',
    json: {'identifier-rules': state => state.shell.identifier_rules,
      'premium-params': state => state.rules},
    scripts: ['/static/js/identifiers.js', '/static/js/premiums.js', '/static/js/field.js']},
];

/* The screen that answers this address, if any. */
const screenFor = url => SCREENS.find(s => s.path.test(url.pathname) &&
  (!s.accepts || s.accepts(url)));

const ENTITIES = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'};
const escapeHtml = text => String(text).replace(/[&<>"]/g, c => ENTITIES[c]);
/* JSON inside a <script> element: no "</script>" can end it early. */
const jsonBlock = (id, value) => '<script type="application/json" id="' + id + '">' +
  JSON.stringify(value).replace(/</g, '\\u003c') + '</script>';

/* The screen at this address from the copy, or null when the copy cannot answer (none yet,
   another user's, a place it does not hold, a language being changed). */
async function fromCopy(request, url) {
  const screen = screenFor(url);
  if (!screen || url.searchParams.has('lang')) return null;
  const [session, state] = await Promise.all([DTN.store.getMeta('session'),
    DTN.store.copyState()]);
  if (!session || !state || state.user_id !== session.user_id ||
      !(state.complete || screen.needsCopy === false) || !state.shell) return null;
  const data = await screen.data(session.user_id, url.pathname.match(screen.path), url,
    state.shell, state);
  if (!data) return null;
  const view = screen.view(data);
  const render = name => DTN.screens.render(self.DTN_TEMPLATES, name, view);
  if (request.headers.get('HX-Request') === 'true') return htmlResponse(render(screen.fragment(url)));
  const scripts = Object.keys(screen.json).map(id => jsonBlock(id, screen.json[id](state)))
    .concat(screen.scripts.map(src => '<script src="' + src + '"></script>')).join('');
  return inShell(state.shell, view, render(screen.page), scripts);
}

function htmlResponse(html) {
  return new Response(html, {headers: {'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store', 'Vary': 'HX-Request'}});
}

/* A screen inside the page the server gave for it. */
function inShell(shell, view, content, scripts) {
  return htmlResponse(shell.html.replace('<!--dtn:title-->', () => escapeHtml(view.title))
    .replace('<main id="main"', '<main id="main" data-from-copy')
    .replace('<!--dtn:content-->', () => content)
    .replace('<!--dtn:scripts-->', () => scripts));
}

workbox.routing.registerRoute(
  ({request, url}) => request.method === 'GET' && url.origin === self.location.origin &&
    Boolean(screenFor(url)),
  async args => {
    try {
      const rendered = await fromCopy(args.request, args.url);
      if (rendered) return rendered;
    } catch (error) {
      console.warn('screen not rendered from the copy', error);
    }
    const screen = screenFor(args.url);
    if (args.request.mode === 'navigate') {
      return pageOrOffline(args, screen.person ? notInCopyPage : offlinePage);
    }
    return (args.request.headers.get('HX-Request') === 'true' ? fragments : pages).handle(args);
  });

async function pageOrOffline(args, fallback) {
  try {
    const response = await pages.handle(args);
    if (response) return response;
  } catch (_offline) {
    // Neither the network nor a cached copy: the offline page takes over.
  }
  return (fallback || offlinePage)();
}

/* A person's screen the copy cannot answer (a person it does not hold, or no copy yet) and the
   network cannot either: the offline page saying so, never a page cached for someone else. */
async function notInCopyPage() {
  const page = await offlinePage();
  if (!page.ok) return page;
  const html = (await page.text())
    .replace('<section id="offline-generic">', '<section id="offline-generic" hidden>')
    .replace('<section id="not-in-copy" hidden', '<section id="not-in-copy"');
  return new Response(html, {headers: {'Content-Type': 'text/html; charset=utf-8'}});
}

workbox.routing.registerRoute(
  ({request, url}) => request.mode === 'navigate' && url.origin === self.location.origin &&
    !url.pathname.startsWith('/api/') && url.pathname !== '/logout',
  pageOrOffline);

/* The rest of a checklist, loaded by htmx as the agent scrolls ("Xem tiếp"), before the copy
   is complete. */
const fragments = new workbox.strategies.NetworkFirst({
  cacheName: 'dtn-fragments',
  networkTimeoutSeconds: NETWORK_TIMEOUT_SECONDS,
  matchOptions: {ignoreVary: true},
  plugins: [{cacheWillUpdate: pagesOnly.cacheWillUpdate}],
});

self.addEventListener('message', event => {
  if (event.data && event.data.type === 'SKIP_WAITING') self.skipWaiting();
  if (event.data && event.data.type === 'clock') event.waitUntil(DTN.local.setClock(event.data.now));
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
