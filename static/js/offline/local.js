/* The phone's view of its villages: the local copy with this user's records still on the
   phone applied, as the server will apply them (sync/kinds.py), so what was just saved shows at
   once. Shared by the pages and the service worker, which renders the agent's screens from it
   (static/js/screens). */
(function (root) {
  'use strict';
  const DTN = root.DTN = root.DTN || {};
  const store = DTN.store;
  const LIST_STATUS_FROM_OUTCOME = {moved_away: 'moved_away', deceased: 'deceased',
    insured_elsewhere: 'insured_elsewhere'};
  const OFF_LIST = Object.values(LIST_STATUS_FROM_OUTCOME);
  let clockOffset = null;

  /* The phone's day. The worker takes the pages' clock (the same clock on a phone; tests pin
     the pages' one), which the pages send it on load. */
  async function now() {
    if (clockOffset === null) {
      const saved = await store.getMeta('clock');
      clockOffset = saved ? saved.offset : 0;
    }
    return new Date(Date.now() + clockOffset);
  }

  async function setClock(pageNow) {
    clockOffset = pageNow - Date.now();
    await store.putMeta({key: 'clock', offset: clockOffset});
  }

  function localDay(date) {
    return date.getFullYear() + '-' + String(date.getMonth() + 1).padStart(2, '0') + '-' +
      String(date.getDate()).padStart(2, '0');
  }

  function birthYear(data) {
    return data.birth_year || (data.birth_date ? Number(data.birth_date.slice(0, 4)) : null);
  }

  /* One village of the copy, with the user's unsent records applied. */
  function applied(village, records) {
    const v = {village: village.village, households: Object.assign({}, village.households),
      residents: {}, visits: Object.assign({}, village.visits),
      enrolments: Object.assign({}, village.enrolments), pending: {}};
    Object.values(village.residents).forEach(r => { v.residents[r.id] = Object.assign({}, r); });
    const mark = (id, record) => {
      if (record.sent) return;
      if (v.pending[id] !== 'attention') v.pending[id] = record.status ? 'attention' : 'pending';
    };
    records.forEach(record => {
      const data = record.data || {};
      if (record.status) {                // the server would not take it: marked, not applied
        mark(record.kind === 'resident' ? data.id : data.resident_id, record);
        return;
      }
      if (record.kind === 'resident') {
        const household = data.household && data.household.id ? data.household : null;
        const householdId = data.household_id || (household && household.id);
        const known = v.households[householdId];
        if (!known && !(household && String(data.village_id) === String(v.village.id))) return;
        if (!known) {
          v.households[householdId] = {id: householdId, village_id: v.village.id,
            household_code: household.household_code || null,
            head_name: household.head_name || data.full_name, address: household.address || null};
        }
        const before = v.residents[data.id] || {bhxh_status: 'none', bhyt_status: 'none',
          bhyt_expiry: null, bhxh_code: null, list_status: 'on_list'};
        v.residents[data.id] = Object.assign({}, before, {id: data.id, household_id: householdId,
          village_id: v.village.id, full_name: data.full_name, birth_date: data.birth_date || null,
          birth_year: birthYear(data), gender: data.gender || null, cccd: data.cccd || null,
          phone: data.phone || null, ethnicity: data.ethnicity || null,
          relation_to_head: data.relation_to_head || null,
          support_group: data.support_group || before.support_group || 'other',
          record_id: record.id, search_key: DTN.names.searchKey(data.full_name),
          sort_key: DTN.names.sortKey(data.full_name)});
        mark(data.id, record);
        return;
      }
      const person = v.residents[data.resident_id];
      if (!person) return;
      const day = record.created_at.slice(0, 10);
      const at = new Date(record.created_at).toISOString();
      if (record.kind === 'visit') {
        v.visits[record.id] = Object.assign({}, data, {record_id: record.id,
          village_id: v.village.id, user_id: record.user_id, visited_at: at, visited_on: day,
          reasons: data.reasons || [], superseded_by: null, pending: true});
        if (data.corrects && v.visits[data.corrects]) {
          v.visits[data.corrects] = Object.assign({}, v.visits[data.corrects],
            {superseded_by: record.id});
        }
        const status = LIST_STATUS_FROM_OUTCOME[data.outcome];
        if (status) person.list_status = status;
        else if (data.corrects && OFF_LIST.includes(person.list_status)) person.list_status = 'on_list';
      } else if (record.kind === 'enrolment') {
        v.enrolments[record.id] = Object.assign({}, data, {record_id: record.id,
          village_id: v.village.id, user_id: record.user_id, enrolled_at: at, enrolled_on: day,
          support_group: data.group || person.support_group, superseded_by: null, pending: true});
        if (data.corrects && v.enrolments[data.corrects]) {
          v.enrolments[data.corrects] = Object.assign({}, v.enrolments[data.corrects],
            {superseded_by: record.id});
        }
        if (!OFF_LIST.includes(person.list_status)) person.list_status = 'enrolled';
      } else {
        return;
      }
      mark(data.resident_id, record);
    });
    return v;
  }

  async function userRecords(userId) {
    const [unsent, sent] = await Promise.all([store.unsent(), store.sent()]);
    return sent.map(r => Object.assign({}, r, {sent: true}))
      .concat(unsent.outbox, unsent.attention).filter(r => r.user_id === userId)
      .sort((a, b) => a.seq - b.seq);
  }

  /* The user's villages as the screens see them, by id. */
  async function villages(userId) {
    const [copy, records] = await Promise.all([store.copyVillages(userId), userRecords(userId)]);
    const found = new Map();
    copy.forEach(village => found.set(village.id, applied(village, records)));
    return found;
  }

  /* One village as the screens see it, or null. The last one asked for is kept while neither
     the copy (its cursor) nor the records change: paging and typing a search reuse it. */
  let kept = {key: null, value: null};
  async function village(userId, id) {
    const [state, records] = await Promise.all([store.copyState(), userRecords(userId)]);
    const key = JSON.stringify([userId, id, state && state.cursor, state && state.pulled_at,
      records.map(r => r.id + (r.status || '') + (r.sent ? 's' : ''))]);
    if (kept.key !== key) {
      const found = await store.copyVillage(userId, id);
      kept = {key, value: found ? applied(found, records) : null};
    }
    return kept.value;
  }

  const headFirst = r => (r.relation_to_head || '') !== 'Chủ hộ';
  const compare = (a, b) => (a < b ? -1 : (a > b ? 1 : 0));

  /* A village's people as store.checklist.village_checklist gives them: households in the
     order of their head's name, head first, then by the name's sort key. */
  function checklistPeople(v) {
    const last = {};
    Object.values(v.visits).filter(x => !x.superseded_by)
      .sort((a, b) => compare(a.visited_at, b.visited_at))
      .forEach(x => { last[x.resident_id] = x; });
    const schemes = {};
    Object.values(v.enrolments).filter(e => !e.superseded_by).forEach(e => {
      const own = schemes[e.resident_id] = schemes[e.resident_id] || [];
      if (!own.includes(e.scheme)) own.push(e.scheme);
    });
    const people = Object.values(v.residents).map(r => {
      const household = v.households[r.household_id];
      const visit = last[r.id];
      return {id: r.id, household_id: r.household_id, full_name: r.full_name,
        search_key: r.search_key, birth_year: r.birth_year, cccd: r.cccd, phone: r.phone,
        list_status: r.list_status, head_name: household ? household.head_name : null,
        last_outcome: visit ? visit.outcome : null,
        last_visited_on: visit ? visit.visited_on : null,
        follow_up_on: visit ? (visit.follow_up_on || null) : null,
        schemes: schemes[r.id] ? schemes[r.id].join(',') : null, sort_key: r.sort_key};
    });
    people.sort((a, b) => compare(a.head_name === null, b.head_name === null) ||
      compare(a.head_name || '', b.head_name || '') ||
      compare(a.household_id || '', b.household_id || '') ||
      compare(headFirst(v.residents[a.id]), headFirst(v.residents[b.id])) ||
      compare(a.sort_key, b.sort_key));
    return people;
  }

  /* Due and lapsed marks (agent_app.renewals.marks_for) from the people and their sign-ups. */
  function marks(v, today, days) {
    const signups = {};
    Object.values(v.enrolments).filter(e => !e.superseded_by)
      .sort((a, b) => compare(a.enrolled_at, b.enrolled_at))
      .forEach(e => { (signups[e.resident_id] = signups[e.resident_id] || []).push(e); });
    const people = Object.values(v.residents).map(r => Object.assign({}, r,
      {province: v.village.province_code}));
    return root.Retention.dueMarks(people, signups, today, days);
  }

  /* The checklist screen's data (agent_app/screens/checklist.py says what each part is). */
  async function checklist(userId, villageId, params, shell) {
    const v = await village(userId, villageId);
    if (!v) return null;
    const today = localDay(await now());
    if (!v.derived || v.derived.today !== today) {
      v.derived = {today, people: checklistPeople(v), marks: marks(v, today, shell.due_days)};
    }
    const state = await store.copyState();
    const pending = Object.assign({}, v.pending);      // a question says more than the record
    Object.values((state && state.questions) || {}).forEach(q => {
      const id = q.data.resident_id || q.data.id;
      if (v.residents[id]) pending[id] = 'question';
    });
    return {village: {id: v.village.id, name: v.village.name, commune_name: v.village.commune_name},
      people: v.derived.people, marks: v.derived.marks,
      pending,
      today, query: params.get('q') || '', filter: params.get('filter') || 'all',
      page: Math.max(parseInt(params.get('page'), 10) || 1, 1), writes: true, t: shell.texts};
  }

  /* A household's people as store.checklist.household_members gives them: head first, then by
     birth year (unknown first), then by name. */
  function householdMembers(v, householdId) {
    return Object.values(v.residents).filter(r => r.household_id === householdId)
      .sort((a, b) => compare(headFirst(a), headFirst(b)) ||
        compare(a.birth_year !== null && a.birth_year !== undefined,
          b.birth_year !== null && b.birth_year !== undefined) ||
        compare(a.birth_year || 0, b.birth_year || 0) || compare(a.sort_key, b.sort_key));
  }

  /* The session's CSRF token, from the page the shell was made in (the server checks it on a
     form posted without the outbox). */
  const csrfToken = shell => ((shell.html || '').match(/<meta name="csrf-token" content="([^"]*)"/) ||
    [])[1] || '';

  /* What a form screen shows when the copy does not hold what it is for. */
  const missing = shell => ({missing: true, t: shell.texts});

  /* The add-person form's data (agent_app/screens/person_form.py says what each part is), or
     {missing} for a village, household or record the copy does not hold. */
  async function personForm(userId, params, shell) {
    const v = await village(userId, Number(params.get('village')));
    if (!v) return missing(shell);
    let household = null;
    let values = {village_id: v.village.id};
    if (params.get('corrects')) {
      const person = Object.values(v.residents).find(r => r.record_id === params.get('corrects'));
      if (!person) return missing(shell);
      household = v.households[person.household_id] || null;
      ['id', 'full_name', 'birth_date', 'birth_year', 'gender', 'cccd', 'phone', 'ethnicity',
        'relation_to_head', 'support_group'].forEach(name => { values[name] = person[name]; });
      Object.assign(values, {corrects: person.record_id, household_id: person.household_id});
    } else if (params.get('household')) {
      household = v.households[params.get('household')];
      if (!household) return missing(shell);
      values.relation_to_head = 'Con';
    } else {
      values.relation_to_head = 'Chủ hộ';
      values.support_group = v.village.commune_kind === shell.special_zone ? 'island' : 'other';
    }
    return {village: {id: v.village.id, name: v.village.name}, household,
      members: household ? householdMembers(v, household.id) : [], values, errors: {},
      warnings: {}, twins: null, csrf_token: csrfToken(shell), t: shell.texts};
  }

  /* The village of the copy that holds this household (or this resident's), with the user's
     records applied; null when none does. */
  async function villageOf(userId, householdId, residentId) {
    const holds = v => (householdId ? Boolean(v.households[householdId]) :
      Boolean(v.residents[residentId]));
    const raw = (await store.copyVillages(userId)).find(holds);
    if (raw) return village(userId, raw.id);
    return Array.from((await villages(userId)).values()).find(holds) || null;
  }

  /* Household BHYT's data (agent_app/screens/bhyt_form.py says what each part is), or {missing}
     for a household or resident the copy does not hold. */
  async function bhytForm(userId, params, state) {
    const shell = state.shell;
    const v = await villageOf(userId, params.get('household'), params.get('resident'));
    if (!v) return missing(shell);
    const householdId = params.get('household') || v.residents[params.get('resident')].household_id;
    const household = v.households[householdId];
    if (!household) return missing(shell);
    const today = localDay(await now());
    const members = householdMembers(v, householdId);
    const inHousehold = new Set(members.map(m => m.id));
    const joined = new Set(Object.values(v.enrolments).filter(e => !e.superseded_by &&
      e.scheme === 'bhyt_hgd' && inHousehold.has(e.resident_id) &&
      e.enrolled_on.slice(0, 4) === today.slice(0, 4)).map(e => e.resident_id));
    const chosen = params.getAll('member');
    return {village: {id: v.village.id, name: v.village.name, province_code: v.village.province_code},
      household, members, joined: Array.from(joined), chosen: chosen.length ? chosen : null,
      values: null, prefill: {months: params.get('months'), group: params.get('group'),
        start_month: params.get('start_month')},
      errors: {}, warnings: {}, today, rules: state.rules, csrf_token: csrfToken(shell),
      t: shell.texts};
  }

  /* One person's sign-up form's data (agent_app/screens/enrolment_form.py says what each part
     is), or {missing} for a resident or corrected record the copy does not hold. */
  async function enrolmentForm(userId, params, state) {
    const shell = state.shell;
    const id = params.get('resident');
    const v = await villageOf(userId, null, id);
    if (!v) return missing(shell);
    const household = v.households[v.residents[id].household_id];
    const resident = Object.assign({}, v.residents[id],
      {head_name: household ? household.head_name : null});
    let values = null;
    if (params.get('corrects')) {
      const e = v.enrolments[params.get('corrects')];
      if (!e || e.resident_id !== id) return missing(shell);
      values = {scheme: e.scheme, resident_id: id, months: e.months, income: e.income,
        group: e.support_group, position: e.position, start_month: e.start_month,
        amount: e.amount, receipt_no: e.receipt_no, no_receipt: !e.receipt_no,
        receipt_date: e.receipt_date, corrects: e.record_id};
    }
    return {village: {id: v.village.id, name: v.village.name, province_code: v.village.province_code},
      resident, values, prefill: {months: params.get('months'), income: params.get('income'),
        group: params.get('group'), start_month: params.get('start_month')},
      errors: {}, warnings: {}, today: localDay(await now()), rules: state.rules,
      csrf_token: csrfToken(shell), t: shell.texts};
  }

  DTN.local = {villages, village, checklist, checklistPeople, householdMembers, personForm,
    bhytForm, enrolmentForm, setClock, now, localDay};
})(self);
