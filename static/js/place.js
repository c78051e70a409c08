/* Back to where the agent was, told what was saved (issue 14).

   - On a village checklist, opening a person (or "+ Người", "+ Thêm hộ mới") remembers the
     place: the address with its search and filter, and where the row sat on the screen.
   - A field form opened from there (that person, that household, an "add" link) and saved
     through the outbox returns to that place rather than to the bare checklist (when the phone
     can show it: online, from the offline copy, or that page is cached); any save leaves a
     note.
   - The checklist then shows the note at the bottom of the screen, within the thumb's reach:
     who, the outcome or the amount, "chờ đồng bộ" until the server has the records; puts the
     row back where it was, and offers the next member of the same household.
   Both live in sessionStorage: one tab, gone with it. Without JavaScript the server's flash
   message says what was saved. */
(function () {
  'use strict';
  const DTN = self.DTN;
  const PLACE = 'dtn.place';
  const SAVED = 'dtn.saved';
  const PLACE_HOURS = 2;
  const MORE_PAGES = 5;
  const checklist = /^\/villages\/\d+$/;

  function read(key) {
    try {
      return JSON.parse(sessionStorage.getItem(key) || 'null');
    } catch (_broken) {
      return null;
    }
  }

  function remember(event) {
    const link = event.target.closest('#checklist a');
    if (!link) return;
    keep(link.closest('[data-resident-id]') || link.closest('[data-household-id]'),
      new URL(link.href).pathname === '/people/new');
  }

  function keep(row, adding) {
    const household = row && row.closest('[data-household-id]');
    sessionStorage.setItem(PLACE, JSON.stringify({
      path: location.pathname, search: location.search, at: Date.now(), adding,
      resident_id: row && row.dataset.residentId || null,
      household_id: household && household.dataset.householdId || null,
      top: row ? row.getBoundingClientRect().top : null, scroll: window.scrollY,
    }));
  }

  /* Whether the form saved is the one opened from that place: the same person, the same
     household's BHYT, or a person added from it. */
  function cameFrom(place, form, saved) {
    if (Date.now() - place.at > PLACE_HOURS * 3600 * 1000) return false;
    if (form.dataset.recordKind === 'resident') return place.adding;
    const household = form.querySelector('#members input[name="household"]') ||
      document.querySelector('#members input[name="household"]');
    if (household) return household.value === place.household_id;
    return Boolean(saved.resident_id) && saved.resident_id === place.resident_id;
  }

  /* Who and what a saved form holds, from the form itself (so it reads the same offline). */
  function summary(form, records) {
    const text = DTN.text;
    const members = Array.from(form.querySelectorAll('fieldset[data-record]'))
      .filter(set => !set.disabled)
      .map(set => set.querySelector('legend label').textContent.trim());
    const heading = document.querySelector('.who h1');
    const typed = form.querySelector('[name="full_name"]');
    const names = members.length ? members
      : [typed ? typed.value.trim() : (heading ? heading.textContent.trim() : '')];
    const parts = [names.filter(Boolean).join(', ')];
    const outcome = form.querySelector('input[name="outcome"]:checked');
    if (outcome) parts.push(outcome.closest('label').textContent.trim());
    const amounts = Array.from(form.querySelectorAll('[data-amount]'))
      .filter(input => !input.matches(':disabled'))
      .map(input => self.Premiums.parseAmount(input.value)).filter(n => n !== null);
    if (amounts.length) parts.push(self.Premiums.formatMoney(amounts.reduce((a, b) => a + b, 0)));
    const first = records[0].data;
    return {
      text: (form.dataset.saved || text.saved || '') + ': ' + parts.filter(Boolean).join(' · '),
      ids: records.map(r => r.id),
      resident_id: records.length === 1 ? (first.resident_id || first.id || null) : null,
    };
  }

  /* Whether the phone can show this checklist address offline: the worker renders any of them
     from a complete copy (search and filter included); before that, only cached pages. */
  async function answeredOffline(target) {
    const copy = await DTN.store.copyState();
    if (copy && copy.complete) return true;
    return Boolean(self.caches && await caches.match(DTN.keys.pageKey(location.origin + target),
      {ignoreVary: true}));
  }

  /* Where to go after a save: the remembered place in the same village, else data-next. */
  async function leave(form, records) {
    const next = form.dataset.next || '/';
    const saved = summary(form, records);
    const place = read(PLACE);
    let target = next;
    if (place && place.path === new URL(next, location.href).pathname &&
        cameFrom(place, form, saved)) {
      target = place.path + place.search;
      if (!navigator.onLine && !await answeredOffline(target)) target = place.path;
    }
    saved.path = new URL(target, location.href).pathname;
    sessionStorage.setItem(SAVED, JSON.stringify(saved));
    window.location.assign(target);
  }

  async function stillWaiting(ids) {
    const unsent = await DTN.store.unsent();
    return unsent.outbox.concat(unsent.attention).some(r => ids.includes(r.id));
  }

  async function showSyncState(note, ids) {
    const label = note.querySelector('.saved-sync');
    const waiting = await stillWaiting(ids);
    label.textContent = waiting ? DTN.text.saved_waiting : DTN.text.saved_sent;
    label.dataset.state = waiting ? 'waiting' : 'sent';
  }

  /* The next member of the household, after the person just saved (or before, if last). */
  function nextMember(row) {
    if (!row) return null;
    const others = Array.from(row.parentNode.querySelectorAll(':scope > [data-resident-id]'));
    const at = others.indexOf(row);
    return others.slice(at + 1).concat(others.slice(0, at))[0] || null;
  }

  async function findRow(id) {
    for (let page = 0; id && page <= MORE_PAGES; page += 1) {
      const row = document.querySelector('#checklist [data-resident-id="' + id + '"]');
      if (row) return row;
      const more = document.querySelector('#checklist .more a[hx-get]');
      if (!more || !self.htmx) return null;
      await self.htmx.ajax('GET', more.getAttribute('hx-get'),
        {target: more.closest('li'), swap: 'outerHTML'});
    }
    return null;
  }

  function noteFor(saved, next) {
    const note = document.createElement('div');
    note.className = 'saved-note';
    note.id = 'saved-note';
    note.setAttribute('role', 'status');
    const text = document.createElement('p');
    text.append(saved.text + ' · ');
    const state = document.createElement('span');
    state.className = 'saved-sync';
    text.append(state);
    note.append(text);
    const actions = document.createElement('p');
    actions.className = 'actions';
    if (next) {
      const go = document.createElement('a');
      go.className = 'button primary';
      go.dataset.nextMember = next.dataset.residentId;
      go.href = next.querySelector('a').getAttribute('href');
      go.textContent = DTN.text.next_member.replace('{name}',
        next.querySelector('a').firstChild.textContent.trim());
      go.addEventListener('click', () => keep(next, false));
      actions.append(go);
    }
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = DTN.text.close;
    close.addEventListener('click', () => note.remove());
    actions.append(close);
    note.append(actions);
    return note;
  }

  async function comeBack() {
    const saved = read(SAVED);
    if (!saved || saved.path !== location.pathname) return;
    sessionStorage.removeItem(SAVED);
    const place = read(PLACE);
    const row = await findRow(saved.resident_id || (place && place.resident_id));
    if (row && place && place.top !== null) {
      window.scrollBy(0, row.getBoundingClientRect().top - place.top);
    } else if (place && place.path === location.pathname) {
      window.scrollTo(0, place.scroll);
    }
    const next = row && row.matches('[data-resident-id="' + saved.resident_id + '"]') ?
      nextMember(row) : null;
    if (row) row.classList.add('just-saved');
    if (next) next.classList.add('next-up');
    const note = noteFor(saved, next);
    document.getElementById('main').append(note);
    await showSyncState(note, saved.ids);
    DTN.sync.onChange(() => {
      if (note.isConnected) showSyncState(note, saved.ids);
    });
  }

  if (checklist.test(location.pathname)) {
    document.addEventListener('click', remember, true);
    document.addEventListener('DOMContentLoaded', () => {
      comeBack().catch(error => console.warn('place', error));
    });
  }
  DTN.place = {leave};
})();
