/* Cache keys shared by the pages and the service worker.
   Form pages are cached once and serve every resident: their key keeps the names of the query
   parameters (and the scheme's value) but not the ids, so "/visits/new?resident=A" and
   "/visits/new?resident=B" are one page, filled in on the phone. A renewal's prefilled values
   (agent_app/renewals.py: months, income, group, start month, the household members renewing)
   are left out of the key too: fill.js puts them into the cached form. The add-person and
   sign-up forms are screens the worker renders from the copy (agent_app/screens): their pages
   keep their ids. */
(function (root) {
  'use strict';
  const DTN = root.DTN = root.DTN || {};
  const FORM_PAGES = ['/visits/new'];
  const KEPT_VALUES = ['scheme'];
  const FILLED_ON_PHONE = ['months', 'income', 'group', 'start_month', 'member'];

  function isFormPage(url) {
    return FORM_PAGES.includes(new URL(url, root.location.href).pathname);
  }

  function pageKey(url) {
    const u = new URL(url, root.location.href);
    if (!FORM_PAGES.includes(u.pathname)) return u.origin + u.pathname + u.search;
    const names = Array.from(new Set(u.searchParams.keys()))
      .filter(n => !FILLED_ON_PHONE.includes(n)).sort();
    const parts = names.map(n => KEPT_VALUES.includes(n) ? n + '=' + u.searchParams.get(n) : n);
    return u.origin + u.pathname + (parts.length ? '?' + parts.join('&') : '');
  }

  DTN.keys = {isFormPage, pageKey, PAGES_CACHE: 'dtn-pages'};
})(self);
