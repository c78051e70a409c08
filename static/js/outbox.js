/* The outbox: every field form becomes records in IndexedDB first, online or offline, one path.

   A form says what it makes (docs/sync.md, "Forms"): <form data-record-kind="visit"
   data-next="/villages/3">. Each input's name is a key of data (dotted names nest), data-type
   converts (int, money, list, bool), empty values become null, data-generate="uuid" fills an empty
   hidden input with a new id, and each enabled <fieldset data-record> makes one record with the
   fields outside the fieldsets shared by all. After saving, the page goes back to where the agent
   was (place.js: the checklist's search and scroll, else data-next) with a note of what was
   saved, and the push starts; the status bar tells the rest. */
(function () {
  'use strict';
  const DTN = self.DTN;

  function setPath(data, name, value) {
    const parts = name.split('.');
    let node = data;
    parts.slice(0, -1).forEach(part => {
      if (typeof node[part] !== 'object' || node[part] === null) node[part] = {};
      node = node[part];
    });
    node[parts[parts.length - 1]] = value;
  }

  function valueOf(field) {
    const type = field.dataset.type;
    if (type === 'bool') return field.checked;
    if (type === 'money') {
      // 1.500.000 as the input shows it (premiums.js reads it); what is not an amount stays
      // text, so the server names the field.
      const amount = self.Premiums ? self.Premiums.parseAmount(field.value) : null;
      return amount === null ? (field.value === '' ? null : field.value) : amount;
    }
    if (type === 'int') {
      const number = parseInt(field.value, 10);
      return Number.isNaN(number) ? null : number;
    }
    return field.value === '' ? null : field.value;
  }

  /* data from the named fields, by the convention's rules. */
  function collect(fields) {
    const data = {};
    const lists = {};
    const seenRadios = {};
    fields.forEach(field => {
      const name = field.name;
      if (!name || name === 'csrf_token' || field.matches(':disabled')) return;
      if (['submit', 'button', 'reset', 'file'].includes(field.type)) return;
      if (field.dataset.type === 'list') {
        lists[name] = lists[name] || [];
        if (field.checked || (field.type !== 'checkbox' && field.value !== '')) {
          lists[name].push(field.value);
        }
        return;
      }
      if (field.type === 'radio') {
        if (!(name in seenRadios)) seenRadios[name] = null;
        if (field.checked) seenRadios[name] = valueOf(field);
        return;
      }
      if (field.type === 'checkbox' && field.dataset.type !== 'bool') {
        if (field.checked) setPath(data, name, valueOf(field));
        else setPath(data, name, null);
        return;
      }
      setPath(data, name, valueOf(field));
    });
    Object.keys(seenRadios).forEach(name => setPath(data, name, seenRadios[name]));
    Object.keys(lists).forEach(name => setPath(data, name, lists[name]));
    return data;
  }

  function drafts(form) {
    const kind = form.dataset.recordKind;
    form.querySelectorAll('input[data-generate="uuid"]').forEach(input => {
      if (!input.value) input.value = DTN.store.uuidv7();
    });
    const fields = Array.from(form.elements).filter(el => el.name);
    const groups = Array.from(form.querySelectorAll('fieldset[data-record]'));
    const shared = collect(fields.filter(el => !el.closest('fieldset[data-record]')));
    if (!groups.length) return [{kind, data: shared}];
    return groups.filter(group => !group.disabled).map(group => ({
      kind,
      data: Object.assign({}, shared,
        collect(fields.filter(el => el.closest('fieldset[data-record]') === group))),
    }));
  }

  async function save(form) {
    const user = DTN.session.user();
    const records = await DTN.store.addRecords(user.id, drafts(form));
    DTN.sync.announce({type: 'saved', count: records.length});
    await DTN.session.askBackgroundSync();
    return records;
  }

  document.addEventListener('submit', event => {
    const form = event.target;
    if (!form.matches('form[data-record-kind]') || !DTN.session.user()) return;
    event.preventDefault();
    const button = form.querySelector('[type=submit]');
    if (button) button.disabled = true;
    save(form).then(records => DTN.place.leave(form, records), error => {
      if (button) button.disabled = false;
      DTN.status.show('error', DTN.text.save_failed + ': ' + (error && error.message));
    });
  });

  DTN.outbox = {drafts, collect};
})();
