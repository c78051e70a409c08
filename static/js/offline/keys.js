/* Cache keys shared by the pages and the service worker. A page is kept under its whole
   address: every field form is a screen the worker renders from the copy for what it is opened
   for, so no page made for one person, household or village ever answers for another. */
(function (root) {
  'use strict';
  const DTN = root.DTN = root.DTN || {};

  function pageKey(url) {
    const u = new URL(url, root.location.href);
    return u.origin + u.pathname + u.search;
  }

  DTN.keys = {pageKey, PAGES_CACHE: 'dtn-pages'};
})(self);
