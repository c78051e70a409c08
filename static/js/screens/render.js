/* Mustache on the phone (agent_app/screens renders the same templates with chevron).
   mustache.js escapes more characters than chevron does; both escape these four, so the server
   and the phone write the same bytes (attributes are always double-quoted). */
(function (root) {
  'use strict';
  const DTN = root.DTN = root.DTN || {};
  const ENTITIES = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'};
  root.Mustache.escape = text => String(text).replace(/[&<>"]/g, c => ENTITIES[c]);

  /* Render templates[name] with every template as a partial. */
  function render(templates, name, view) {
    return root.Mustache.render(templates[name], view, templates);
  }

  /* The query string as Python's urlencode writes it (quote_plus). */
  function urlencode(params) {
    return Object.keys(params).map(key => [key, params[key]].map(part =>
      encodeURIComponent(String(part)).replace(/[!'()*]/g,
        c => '%' + c.charCodeAt(0).toString(16).toUpperCase()).replace(/%20/g, '+')).join('='))
      .join('&');
  }

  DTN.screens = Object.assign(DTN.screens || {}, {render, urlencode});
})(self);
