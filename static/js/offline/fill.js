/* The offline copy at work: pages cached once serve every resident.

   - The visit form is cached for one sample resident; opened for another, it is filled in from
     the offline copy: every [data-fill] element, links and hidden ids (the add-person and
     sign-up forms are screens the service worker renders from the copy).
   - On the offline page at /residents/<id>, the resident's card is drawn from the copy.
   - Records still on the phone are shown where the person appears ("đã ghi, chờ đồng bộ"),
     and people added on the phone appear on their village's checklist. */
(function () {
  'use strict';
  const DTN = self.DTN;
  const store = DTN.store;
  let loaded = null;

  function birth(person) {
    if (person.birth_date) {
      const [y, m, d] = person.birth_date.split('-');
      return d + '/' + m + '/' + y;
    }
    return person.birth_year ? String(person.birth_year) : '';
  }

  function addMember(members, householdId, person) {
    if (!householdId) return;
    if (!members.has(householdId)) members.set(householdId, []);
    members.get(householdId).push(person);
  }

  /* Everyone in the offline copy, plus the people added on this phone and not yet sent. */
  async function index() {
    if (loaded) return loaded;
    const user = DTN.session.user() || await store.getMeta('session');
    const userId = user && (user.id || user.user_id);
    const [villages, unsent] = await Promise.all([store.copyVillages(userId), store.unsent()]);
    const residents = new Map();
    const households = new Map();
    const members = new Map();
    villages.forEach(village => {
      Object.values(village.households).forEach(household => {
        households.set(household.id, household);
      });
      Object.values(village.residents)
        .sort((a, b) => (a.relation_to_head === 'Chủ hộ' ? 0 : 1) -
          (b.relation_to_head === 'Chủ hộ' ? 0 : 1) || a.sort_key.localeCompare(b.sort_key))
        .forEach(person => {
          residents.set(person.id, person);
          addMember(members, person.household_id, person);
        });
    });
    unsent.outbox.concat(unsent.attention).filter(r => r.kind === 'resident').forEach(record => {
      const data = record.data;
      const householdId = data.household_id || (data.household && data.household.id);
      const person = Object.assign({}, data, {household_id: householdId, list_status: 'on_list',
        pending: true});
      if (!households.has(householdId)) {
        households.set(householdId, {id: householdId, head_name: data.full_name,
          address: data.household && data.household.address, village_id: data.village_id});
      }
      residents.set(data.id, person);
      addMember(members, householdId, person);
    });
    loaded = {villages, residents, households, members};
    return loaded;
  }

  /* A person with what the pages show beside them: birth, household head, address, hamlet. */
  function describe(found, person) {
    const household = found.households.get(person.household_id) || {};
    const place = found.villages.find(v => v.id === Number(person.village_id));
    return Object.assign({}, person, {birth: birth(person), head_name: household.head_name || '',
      village_name: place ? place.village.name : '',
      address: household.address || '', household_code: household.household_code || ''});
  }

  function fillElements(root, person) {
    root.querySelectorAll('[data-fill]').forEach(el => {
      const value = person[el.dataset.fill];
      const text = value === null || value === undefined ? '' : String(value);
      if (['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName)) el.value = text;
      else el.textContent = text;
      if (el.dataset.fill === 'phone') el.hidden = !text;
    });
    root.querySelectorAll('[data-fill-href]').forEach(el => {
      el.href = el.dataset.fillHref.replace(/\{(\w+)\}/g, (_m, key) => person[key] || '');
    });
  }

  /* Point every link, hidden id and form target at the person opened, not the sample. */
  function rebase(pairs) {
    const swap = value => pairs.reduce((out, [from, to]) =>
      (from && to && from !== to ? out.split(from).join(to) : out), value);
    document.querySelectorAll('a[href]').forEach(a => { a.setAttribute('href', swap(a.getAttribute('href'))); });
    document.querySelectorAll('form').forEach(form => {
      if (form.dataset.next) form.dataset.next = swap(form.dataset.next);
      if (form.getAttribute('action')) form.setAttribute('action', swap(form.getAttribute('action')));
    });
    document.querySelectorAll('input[type=hidden]').forEach(input => {
      if (input.value) input.value = swap(input.value);
    });
  }

  function villagePath(id) { return '/villages/' + id; }

  /* A form page cached for someone else, opened for a person, household or village the phone
     does not hold: never that someone else's form; a clear message instead. */
  function refuse() {
    const main = document.getElementById('main');
    const note = document.createElement('p');
    note.id = 'not-in-copy';
    note.className = 'flash flash-error';
    note.setAttribute('role', 'alert');
    note.textContent = DTN.text.not_in_copy;
    const home = document.createElement('a');
    home.className = 'button primary';
    home.href = '/';
    home.textContent = DTN.text.home;
    main.replaceChildren(note, home);
  }

  async function fillResidentForm(residentId) {
    const idField = document.querySelector('form[data-record-kind] [data-fill="id"]');
    if (!idField || idField.value === residentId) return;
    const found = await index();
    const person = found.residents.get(residentId);
    const sample = found.residents.get(idField.value);
    if (!person) return refuse();
    fillElements(document, describe(found, person));
    rebase([[idField.value, residentId],
      [sample && sample.household_id, person.household_id],
      [sample && villagePath(sample.village_id), villagePath(person.village_id)]]);
  }

  async function drawCard(residentId) {
    const slot = document.getElementById('offline-card');
    const template = document.getElementById('offline-card-template');
    if (!slot || !template) return;
    const found = await index();
    const person = found.residents.get(residentId);
    if (!person) return;
    const card = template.content.cloneNode(true);
    const described = describe(found, person);
    const labels = JSON.parse(document.getElementById('offline-labels').textContent);
    described.support_label = labels.groups[person.support_group] || '';
    described.status_label = labels.statuses[person.list_status] || '';
    described.gender_label = labels.genders[person.gender] || '';
    fillElements(card, described);
    if (!person.household_id) card.querySelectorAll('[data-needs-household]').forEach(el => el.remove());
    const list = card.querySelector('[data-members]');
    (found.members.get(person.household_id) || []).filter(m => m.id !== person.id).forEach(m => {
      const item = document.createElement('li');
      const link = document.createElement('a');
      link.href = '/residents/' + m.id;
      link.textContent = m.full_name;
      item.append(link, ' ' + birth(m));
      list.appendChild(item);
    });
    slot.replaceChildren(card);
    document.getElementById('offline-generic').hidden = true;
  }

  function badge(text, className) {
    const mark = document.createElement('b');
    mark.className = 'sync-badge ' + className;
    mark.textContent = text;
    return mark;
  }

  /* Show what is still on the phone where the person appears. */
  async function overlay(records, text) {
    if (document.querySelector('main[data-from-copy]')) return;   // its screen shows them
    document.querySelectorAll('.sync-badge, [data-added-here]').forEach(el => el.remove());
    const byResident = new Map();
    records.forEach(record => {
      const id = record.data && (record.kind === 'resident' ? record.data.id : record.data.resident_id);
      if (!id) return;
      const mark = record.status ? 'attention' : 'pending';
      if (byResident.get(id) !== 'attention') byResident.set(id, mark);
    });
    const onChecklist = location.pathname.match(/^\/villages\/(\d+)$/);
    const list = document.querySelector('#checklist ul.households');
    if (onChecklist && list) {
      records.filter(r => r.kind === 'resident' && String(r.data.village_id) === onChecklist[1])
        .forEach(record => {
          if (document.querySelector('[data-resident-id="' + record.data.id + '"]')) return;
          const item = document.createElement('li');
          item.dataset.addedHere = '';
          item.dataset.residentId = record.data.id;
          const link = document.createElement('a');
          link.href = '/visits/new?resident=' + record.data.id;
          link.textContent = record.data.full_name || '';
          item.appendChild(link);
          const group = document.createElement('li');
          group.dataset.addedHere = '';
          const inner = document.createElement('ul');
          inner.appendChild(item);
          group.appendChild(inner);
          list.prepend(group);
        });
    }
    document.querySelectorAll('[data-resident-id]').forEach(el => {
      const mark = byResident.get(el.dataset.residentId);
      if (mark === 'pending') el.appendChild(badge(text.pending_badge, 'c-pending'));
      if (mark === 'attention') el.appendChild(badge(text.attention_badge, 'c-attention'));
    });
  }

  async function start() {
    const params = new URLSearchParams(location.search);
    const card = location.pathname.match(/^\/residents\/([0-9a-f-]{36})$/);
    if (document.getElementById('offline-card') && card) await drawCard(card[1]);
    if (params.get('resident')) await fillResidentForm(params.get('resident'));
  }

  DTN.fill = {overlay, index, reset: () => { loaded = null; }};
  document.addEventListener('DOMContentLoaded', () => {
    start().catch(error => console.warn('offline fill', error));
  });
})();
