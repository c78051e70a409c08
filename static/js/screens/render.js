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

  /* What the builders write dates and amounts with: agent_app/domain/formatting (vn_date,
     vn_month, number, money) and a "%(name)s" phrase filled in. */
  const vnDate = day => (day ? day.slice(8, 10) + '/' + day.slice(5, 7) + '/' + day.slice(0, 4) :
    '');
  const vnMonth = month => (month ? month.slice(5, 7) + '/' + month.slice(0, 4) : '');
  const number = value => (value === null || value === undefined ? '' :
    String(Math.trunc(Number(value))).replace(/\B(?=(\d{3})+(?!\d))/g, '.'));
  const money = amount => (amount === null || amount === undefined ? '' :
    (amount < 0 ? '-' : '') + number(Math.abs(amount)) + ' đ');
  const fill = (text, values) => text.replace(/%\((\w+)\)s/g, (_m, name) => String(values[name]));

  DTN.screens = Object.assign(DTN.screens || {}, {render, urlencode,
    format: {vnDate, vnMonth, number, money, fill}});
})(self);
