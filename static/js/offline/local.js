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
          reasons: data.reasons || [], superseded_by: null, pending: !record.sent});
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
          support_group: data.group || person.support_group, superseded_by: null,
          pending: !record.sent});
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

  /* Which village of the copy holds a person (people added on the phone included), or null.
     The index is kept while the copy does not change. */
  let where = {key: null, ids: null};
  async function villageOf(userId, residentId) {
    const [state, records] = await Promise.all([store.copyState(), userRecords(userId)]);
    const key = JSON.stringify([userId, state && state.cursor, state && state.pulled_at]);
    if (where.key !== key) {
      const ids = new Map();
      (await store.copyVillages(userId)).forEach(v => Object.keys(v.residents)
        .forEach(id => ids.set(id, v.id)));
      where = {key, ids};
    }
    if (where.ids.has(residentId)) return where.ids.get(residentId);
    const added = records.find(r => r.kind === 'resident' && r.data && r.data.id === residentId);
    return added ? Number(added.data.village_id) : null;
  }

  /* A person of the copy with their village as the screens see it, or null: a person the phone
     does not hold is never shown as anyone else. */
  async function person(userId, residentId) {
    if (!residentId) return null;
    const villageId = await villageOf(userId, residentId);
    const v = villageId === null ? null : await village(userId, villageId);
    const r = v && v.residents[residentId];
    if (!r) return null;
    const household = v.households[r.household_id] || null;
    return {v, household, resident: Object.assign({}, r,
      {head_name: household ? household.head_name : null,
        address: household ? household.address : null})};
  }

  /* The latest visit that counts, as store.checklist.last_visit gives it. */
  function lastVisit(v, residentId) {
    const found = Object.values(v.visits)
      .filter(x => x.resident_id === residentId && !x.superseded_by)
      .sort((a, b) => compare(a.visited_at, b.visited_at)).pop();
    return found ? {outcome: found.outcome, visited_on: found.visited_on,
      follow_up_on: found.follow_up_on || null} : null;
  }

  /* The visit form screen's data (agent_app/screens/visit_form.py says what each part is), for
     exactly the person asked for; a correction starts from the visit it corrects. */
  async function visitForm(userId, params, shell) {
    const found = await person(userId, params.get('resident'));
    if (!found) return null;
    const {v, resident} = found;
    let values = {};
    const corrects = params.get('corrects');
    if (corrects) {
      const visit = v.visits[corrects];
      if (!visit || visit.resident_id !== resident.id) return null;
      values = {resident_id: resident.id, outcome: visit.outcome, reasons: visit.reasons || [],
        reason_text: visit.reason_text, follow_up_on: visit.follow_up_on, note: visit.note,
        vssid: visit.vssid, campaign: visit.campaign, corrects};
    }
    const today = localDay(await now());
    const state = await store.copyState();
    return {resident, village: {id: v.village.id, name: v.village.name},
      last: lastVisit(v, resident.id),
      campaigns: ((state && state.campaigns) || []).filter(c => c.held_on >= today)
        .map(c => ({name: c.name, held_on: c.held_on})),
      values, errors: {}, today, csrf_token: csrfToken(shell), t: shell.texts};
  }

  /* store.retention's household order: head first, then birth year (unknown first), then name. */
  function householdOrder() {
    return (a, b) => compare(a.household_id || '', b.household_id || '') ||
      compare(headFirst(a), headFirst(b)) ||
      compare(a.birth_year === null ? -Infinity : a.birth_year,
        b.birth_year === null ? -Infinity : b.birth_year) ||
      compare(a.sort_key, b.sort_key);
  }

  function signupsOf(v, residentId) {
    return Object.values(v.enrolments).filter(e => e.resident_id === residentId &&
      !e.superseded_by).sort((a, b) => compare(a.enrolled_at, b.enrolled_at));
  }

  /* Who renews household BHYT together: by household, the members with a BHYT mark. */
  function bhytMembers(people, marks) {
    const members = {};
    people.forEach(p => {
      if ((marks[p.id] || []).some(m => m.scheme === 'bhyt')) {
        (members[p.household_id] = members[p.household_id] || []).push(p.id);
      }
    });
    return members;
  }

  /* agent_app.renewals.renewal_url */
  function renewalUrl(e, members) {
    let pairs;
    if (e.scheme === 'bhxh_tn') {
      pairs = [['resident', e.resident_id], ['scheme', 'bhxh_tn'], ['months', e.months],
        ['income', e.income || ''], ['group', e.group], ['start_month', e.start_month]];
    } else if (e.scheme === 'bhyt_hgd' && e.household_id) {
      pairs = [['household', e.household_id], ['scheme', 'bhyt_hgd']]
        .concat(members[e.household_id].map(m => ['member', m]),
          [['months', e.months], ['group', e.group]]);
    } else {
      return null;
    }
    return '/enrolments/new?' + pairs.map(([k, value]) =>
      DTN.screens.urlencode({[k]: value})).join('&');
  }

  /* The person's due and lapsed entries (agent_app.renewals.for_villages for their household),
     each with the address of its sign-up form and the reminder to share. */
  function renewalsOf(v, resident, state, shell, today) {
    if (!state || !state.rules) return [];
    const people = Object.values(v.residents).filter(r => (resident.household_id ?
      r.household_id === resident.household_id : r.id === resident.id) &&
      (r.bhxh_status !== 'none' || r.bhyt_status !== 'none' || r.bhyt_expiry ||
       signupsOf(v, r.id).length))
      .map(r => Object.assign({}, r, {province: v.village.province_code,
        village_name: v.village.name}, {head_name: resident.head_name, address: resident.address}))
      .sort(householdOrder());
    const signups = {};
    people.forEach(p => { signups[p.id] = signupsOf(v, p.id); });
    const lists = root.Retention.dueLists(people, signups, today, root.Premiums.rules(state.rules),
      shell.due_days);
    const marks = root.Retention.dueMarks(people, signups, today, shell.due_days);
    const members = bhytMembers(people, marks);
    const agent = shell.agent || {name: (state.users || {})[state.user_id] || '', phone: null};
    return lists.due.concat(lists.lapsed).filter(e => e.resident_id === resident.id)
      .map(e => Object.assign({}, e, {url: renewalUrl(e, members),
        reminder: root.Retention.reminderText(e, resident.full_name, agent.name,
          agent.phone || null)}));
  }

  /* A visit or a sign-up as store.checklist.resident_history gives it. */
  function visitItem(x, users) {
    return {kind: 'visit', record_id: x.record_id, at: x.visited_at, outcome: x.outcome,
      reasons: x.reasons || [], reason_text: x.reason_text || null,
      follow_up_on: x.follow_up_on || null, note: x.note || null, vssid: x.vssid || null,
      campaign: x.campaign || null, superseded_by: x.superseded_by || null,
      agent_name: users[x.user_id] || '', pending: Boolean(x.pending)};
  }

  function enrolmentItem(e, users) {
    return {kind: 'enrolment', record_id: e.record_id, at: e.enrolled_at, scheme: e.scheme,
      months: e.months, income: e.income || null, support_group: e.support_group || null,
      position: e.position || null, start_month: e.start_month || null, amount: e.amount,
      quoted_amount: e.quoted_amount === undefined ? null : e.quoted_amount,
      receipt_no: e.receipt_no || null, receipt_date: e.receipt_date || null,
      superseded_by: e.superseded_by || null, agent_name: users[e.user_id] || '',
      pending: Boolean(e.pending)};
  }

  /* Every visit and sign-up about the person, in time order: the copy's, those still on the
     phone, and those the server would not take (marked: they are corrected under "Cần xử lý"). */
  function history(v, residentId, users, records) {
    const refused = records.filter(r => r.status && r.data && r.data.resident_id === residentId)
      .map(r => {
        const at = new Date(r.created_at).toISOString();
        const item = r.kind === 'visit' ?
          visitItem(Object.assign({}, r.data, {record_id: r.id, visited_at: at,
            user_id: r.user_id}), users) :
          enrolmentItem(Object.assign({}, r.data, {record_id: r.id, enrolled_at: at,
            user_id: r.user_id}), users);
        return Object.assign(item, {attention: true});
      });
    return Object.values(v.visits).filter(x => x.resident_id === residentId)
      .map(x => visitItem(x, users))
      .concat(Object.values(v.enrolments).filter(e => e.resident_id === residentId)
        .map(e => enrolmentItem(e, users)), refused)
      .sort((a, b) => compare(a.at, b.at));
  }

  /* The resident card screen's data (agent_app/screens/card.py says what each part is). */
  async function card(userId, residentId, shell) {
    const found = await person(userId, residentId);
    if (!found) return null;
    const {v, resident} = found;
    const state = await store.copyState();
    const today = localDay(await now());
    const signups = signupsOf(v, resident.id);
    const participant = Object.assign({}, resident, {province: v.village.province_code});
    const last = lastVisit(v, resident.id);
    const questions = Object.values((state && state.questions) || {})
      .filter(q => (q.data.resident_id || q.data.id) === resident.id)
      .sort((a, b) => compare(a.asked_at || '', b.asked_at || '') || a.id - b.id);
    const members = resident.household_id ? Object.values(v.residents)
      .filter(r => r.household_id === resident.household_id && r.id !== resident.id)
      .sort(householdOrder()) : [];
    return {resident, village: {id: v.village.id, name: v.village.name},
      added: resident.record_id || null, follow_up_on: last ? last.follow_up_on : null,
      standing: {bhxh: root.Retention.bhxhStanding(participant, signups, today, shell.due_days),
        bhyt: root.Retention.bhytStanding(participant, signups, today, shell.due_days)},
      renewals: renewalsOf(v, resident, state, shell, today),
      history: history(v, resident.id, (state && state.users) || {},
        await userRecords(userId)),
      questions, members, today, writes: true, t: shell.texts};
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

  /* The add-person form's data (agent_app/screens/person_form.py says what each part is), or
     null for a village, household or record the copy does not hold. */
  async function personForm(userId, params, shell) {
    const v = await village(userId, Number(params.get('village')));
    if (!v) return null;
    let household = null;
    let values = {village_id: v.village.id};
    if (params.get('corrects')) {
      const person = Object.values(v.residents).find(r => r.record_id === params.get('corrects'));
      if (!person) return null;
      household = v.households[person.household_id] || null;
      ['id', 'full_name', 'birth_date', 'birth_year', 'gender', 'cccd', 'phone', 'ethnicity',
        'relation_to_head', 'support_group'].forEach(name => { values[name] = person[name]; });
      Object.assign(values, {corrects: person.record_id, household_id: person.household_id});
    } else if (params.get('household')) {
      household = v.households[params.get('household')];
      if (!household) return null;
      values.relation_to_head = 'Con';
    } else {
      values.relation_to_head = 'Chủ hộ';
      values.support_group = v.village.commune_kind === shell.special_zone ? 'island' : 'other';
    }
    return {village: {id: v.village.id, name: v.village.name}, household,
      members: household ? householdMembers(v, household.id) : [], values, errors: {},
      warnings: {}, twins: null, csrf_token: csrfToken(shell), t: shell.texts};
  }

  /* The village of the copy that holds this household (one added on the phone included), with
     the user's records applied; null when none does. */
  async function householdVillage(userId, householdId) {
    const raw = (await store.copyVillages(userId)).find(v => v.households[householdId]);
    if (raw) return village(userId, raw.id);
    return Array.from((await villages(userId)).values())
      .find(v => v.households[householdId]) || null;
  }

  /* Household BHYT's data (agent_app/screens/bhyt_form.py says what each part is), or null for a
     household or resident the copy does not hold. */
  async function bhytForm(userId, params, state) {
    const shell = state.shell;
    let householdId = params.get('household');
    if (!householdId) {
      const found = await person(userId, params.get('resident'));
      householdId = found && found.resident.household_id;
    }
    const v = householdId ? await householdVillage(userId, householdId) : null;
    if (!v) return null;
    const household = v.households[householdId];
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
     is), or null for a resident or corrected record the copy does not hold. */
  async function enrolmentForm(userId, params, state) {
    const shell = state.shell;
    const id = params.get('resident');
    const found = await person(userId, id);
    if (!found) return null;
    const {v, resident} = found;
    let values = null;
    if (params.get('corrects')) {
      const e = v.enrolments[params.get('corrects')];
      if (!e || e.resident_id !== id) return null;
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

  const LISTED = ['on_list', 'enrolled'];
  const DUE_SHOWN = 100;                  // store.checklist.due_follow_ups
  const LAPSED_SHOWN = 50;                // agent_app/home.py

  /* Each person's latest visit that counts (on or before a day, when given). */
  function latestVisits(v, day) {
    const last = {};
    Object.values(v.visits).filter(x => !x.superseded_by && (!day || x.visited_on <= day))
      .sort((a, b) => compare(a.visited_at, b.visited_at))
      .forEach(x => { last[x.resident_id] = x; });
    return last;
  }

  /* A village's counts as store/counts.py defines them, on the phone's day. */
  function villageCounts(v, today) {
    const last = latestVisits(v, today);
    const visitedOn = new Set(Object.values(v.visits)
      .filter(x => !x.superseded_by && x.visited_on <= today).map(x => x.resident_id));
    const enrolled = new Set();
    Object.values(v.enrolments).filter(e => !e.superseded_by).forEach(e => {
      enrolled.add(e.resident_id);
      if (e.enrolled_on <= today) visitedOn.add(e.resident_id);
    });
    const counts = {listed: 0, on_list: 0, enrolled: 0, visited: 0, due: 0};
    Object.values(v.residents).filter(r => LISTED.includes(r.list_status)).forEach(r => {
      counts.listed += 1;
      if (r.list_status === 'on_list') counts.on_list += 1;
      else counts.enrolled += 1;
      if (visitedOn.has(r.id)) counts.visited += 1;
      const follow = last[r.id] && last[r.id].follow_up_on;
      if (r.list_status === 'on_list' && follow && follow <= today && !enrolled.has(r.id)) {
        counts.due += 1;
      }
    });
    return counts;
  }

  /* store.checklist.due_follow_ups over the copy. */
  function dueFollowUps(all, today) {
    const found = [];
    all.forEach(v => {
      const last = latestVisits(v);
      const enrolled = new Set(Object.values(v.enrolments).filter(e => !e.superseded_by)
        .map(e => e.resident_id));
      Object.values(v.residents).forEach(r => {
        const visit = last[r.id];
        if (r.list_status !== 'on_list' || !visit || !visit.follow_up_on ||
            visit.follow_up_on > today || enrolled.has(r.id)) return;
        found.push({id: r.id, full_name: r.full_name, phone: r.phone, village_id: v.village.id,
          village_name: v.village.name, follow_up_on: visit.follow_up_on,
          last_outcome: visit.outcome, last_visited_on: visit.visited_on, sort_key: r.sort_key});
      });
    });
    found.sort((a, b) => compare(a.follow_up_on, b.follow_up_on) || compare(a.sort_key, b.sort_key));
    return found.slice(0, DUE_SHOWN);
  }

  /* store.checklist.day_tally: visits and sign-ups from the copy as the phone sees it; people
     added, from the server's tally of its last pull and the phone's records it does not have. */
  function dayTally(all, raw, records, userId, state, today) {
    const tally = {visits: 0, enrolments: 0, collected: 0, people_added: 0};
    all.forEach(v => {
      Object.values(v.visits).forEach(x => {
        if (x.user_id === userId && x.visited_on === today && !x.superseded_by) tally.visits += 1;
      });
      Object.values(v.enrolments).forEach(e => {
        if (e.user_id !== userId || e.enrolled_on !== today || e.superseded_by) return;
        tally.enrolments += 1;
        tally.collected += Number(e.amount) || 0;
      });
    });
    const known = new Set();
    raw.forEach(v => Object.keys(v.residents).forEach(id => known.add(id)));
    const server = state && state.tally && state.tally.day === today ? state.tally.people_added : 0;
    tally.people_added = server + records.filter(r => r.kind === 'resident' && !r.status &&
      !(r.data || {}).corrects && r.created_at.slice(0, 10) === today &&
      !known.has(r.data.id)).length;
    return tally;
  }

  /* The people retention reads (store.retention.participants), in household order, and their
     sign-ups in time order. */
  function participants(all) {
    const people = [];
    const signups = {};
    all.forEach(v => {
      const current = Object.values(v.enrolments).filter(e => !e.superseded_by);
      const signed = new Set(current.map(e => e.resident_id));
      Object.values(v.residents).forEach(r => {
        if (r.bhxh_status === 'none' && r.bhyt_status === 'none' && !r.bhyt_expiry &&
            !signed.has(r.id)) return;
        const household = v.households[r.household_id];
        people.push(Object.assign({}, r, {province: v.village.province_code,
          village_name: v.village.name, head_name: household ? household.head_name : null}));
      });
      current.forEach(e => { (signups[e.resident_id] = signups[e.resident_id] || []).push(e); });
    });
    people.sort(householdOrder());
    Object.values(signups).forEach(list => list.sort((a, b) => compare(a.enrolled_at, b.enrolled_at)));
    return {people, signups};
  }

  /* agent_app.renewals.for_villages, as the home shows it. */
  function renewals(all, today, rules, days) {
    const {people, signups} = participants(all);
    const lists = root.Retention.dueLists(people, signups, today, rules, days, LAPSED_SHOWN);
    const marks = root.Retention.dueMarks(people, signups, today, days);
    const members = bhytMembers(people, marks);
    const byId = new Map(people.map(p => [p.id, p]));
    const entry = e => DTN.screens.home.renewalEntry(e, byId.get(e.resident_id).full_name,
      byId.get(e.resident_id).village_name, renewalUrl(e, members));
    return {due: lists.due.map(entry), lapsed: lists.lapsed.map(entry),
      lapsed_people: lists.lapsed_people};
  }

  /* The home screen's data (agent_app/screens/home.py says what each part is). */
  let keptHome = {key: null, value: null};
  async function home(userId, shell) {
    const [state, records] = await Promise.all([store.copyState(), userRecords(userId)]);
    if (!state || !state.rules) return null;
    const today = localDay(await now());
    // Kept while neither the copy, the records, the day nor the shell (its language, its
    // version) change, as village() keeps a village.
    const key = JSON.stringify([userId, state.cursor, state.pulled_at, today, shell.html,
      records.map(r => r.id + (r.status || '') + (r.sent ? 's' : ''))]);
    if (keptHome.key === key) return keptHome.value;
    const raw = await store.copyVillages(userId);
    const all = raw.map(v => applied(v, records))
      .sort((a, b) => compare(a.village.commune_name, b.village.commune_name) ||
        compare(a.village.name, b.village.name));
    const pending = {};
    all.forEach(v => Object.assign(pending, v.pending));
    Object.values(state.questions || {}).forEach(q => {
      pending[q.data.resident_id || q.data.id] = 'question';
    });
    const value = {today, tally: dayTally(all, raw, records, userId, state, today),
      villages: all.map(v => Object.assign({id: v.village.id, name: v.village.name,
        commune_name: v.village.commune_name}, villageCounts(v, today))),
      due: dueFollowUps(all, today),
      renewals: renewals(all, today, root.Premiums.rules(state.rules), shell.due_days),
      due_days: shell.due_days, pending, t: shell.texts};
    keptHome = {key, value};
    return value;
  }

  /* "Cần xử lý" (agent_app/screens/attention.py says what each part is): the user's refused
     records, the questions the pull brought and those answered from this phone. */
  async function attention(userId, shell) {
    const [state, records, answered] = await Promise.all([store.copyState(),
      store.attention(userId), store.getMeta('answered')]);
    const questions = state && state.user_id === userId ? Object.values(state.questions || {}) : [];
    return {records, questions, answered: answered ? answered.ids : [], t: shell.texts};
  }

  DTN.local = {villages, village, checklist, checklistPeople, householdMembers, person,
    visitForm, card, personForm, bhytForm, enrolmentForm, home, attention, setClock, now,
    localDay};
})(self);
