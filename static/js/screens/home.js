/* The agent's home as the phone builds it: agent_app/screens/home.py, line for line
   (tests/vectors/home.json holds the two to the same output). */
(function (root) {
  'use strict';
  const DTN = root.DTN = root.DTN || {};
  const {vnDate, vnMonth, number, money, fill} = DTN.screens.format;

  function renewalEntry(entry, fullName, villageName, url) {
    const keys = ['resident_id', 'scheme', 'state', 'through', 'ends', 'amount', 'months',
      'start_month', 'income', 'position', 'card_from', 'deadline', 'windows', 'quick_until'];
    const found = {};
    keys.forEach(k => { found[k] = entry[k] === undefined ? null : entry[k]; });
    return Object.assign(found, {full_name: fullName, village_name: villageName, url});
  }

  function renewalStatus(e, r) {
    if (e.scheme === 'bhxh_tn') {
      if (!e.through) return r.list_stopped;
      const text = fill(r.through, {month: vnMonth(e.through)});
      return text + (e.state === 'lapsed' ? ', ' + r.stopped : '');
    }
    if (!e.ends) return r.list_card_ended;
    return fill(e.state === 'due' ? r.card_ends : r.card_ended, {date: vnDate(e.ends)});
  }

  function renewalPrice(e, r) {
    if (e.amount === null || e.amount === undefined) return null;
    let detail = fill(r.months, {n: e.months});
    if (e.scheme === 'bhxh_tn') {
      detail += ' ' + fill(r.from_month, {month: vnMonth(e.start_month)}) + ' · ' +
        fill(r.income, {amount: money(e.income)});
    } else if (e.position) {
      detail += ' · ' + fill(r.position, {n: e.position});
    }
    if (e.card_from) detail += ' · ' + fill(r.card_from, {date: vnDate(e.card_from)});
    return {amount: money(e.amount), detail};
  }

  function mark(residentId, data) {
    const found = data.pending[residentId];
    return found ? {class: 'sync-badge c-' + found, text: data.t[found + '_badge']} : null;
  }

  function renewal(e, t, withName = true, pending = null) {
    const r = t.renewal;
    const price = renewalPrice(e, r);
    const windows = (e.windows || []).map(w => fill(r.window, {n: w.months, date: vnDate(w.until)}))
      .join(' · ');
    return {resident_id: e.resident_id, scheme: e.scheme, state: e.state,
      with_name: withName, name: e.full_name, village_name: e.village_name,
      badge_class: e.state === 'due' ? 'c-due' : 'c-off',
      badge: e.scheme === 'bhxh_tn' ? 'BHXH' : 'BHYT',
      status: renewalStatus(e, r), price,
      near_poor: price === null && e.scheme === 'bhyt_cn',
      no_amount: price === null && e.scheme !== 'bhyt_cn',
      deadline: vnDate(e.deadline), windows,
      quick: e.quick_until ? fill(r.quick, {date: vnDate(e.quick_until)}) : '',
      url: e.url || '',
      mark: mark(e.resident_id, {pending: pending || {}, t})};
  }

  const counts = (v, h) => ['listed', 'visited', 'enrolled', 'due']
    .map(k => h[k].replace('{n}', number(v[k]))).join(' · ');

  const duePerson = (p, data) => ({id: p.id, name: p.full_name, mark: mark(p.id, data),
    detail: p.village_name + ' · ' + data.t.outcomes[p.last_outcome] + ' ' + vnDate(p.last_visited_on) +
      ' · ' + data.t.home.due_on + ' ' + vnDate(p.follow_up_on)});

  function view(data) {
    const t = data.t;
    const today = data.today;
    const h = t.home;
    const tally = data.tally;
    const dueToday = data.due.filter(p => p.follow_up_on === today).map(p => duePerson(p, data));
    const overdue = data.due.filter(p => p.follow_up_on !== today).map(p => duePerson(p, data));
    const renewals = data.renewals;
    const lapsedPeople = renewals.lapsed_people;
    return {
      t, title: t.app, today: vnDate(today),
      tally: {visits: number(tally.visits), enrolments: number(tally.enrolments),
        collected: money(tally.collected), people_added: number(tally.people_added)},
      villages: data.villages.map(v => ({id: v.id, url: '/villages/' + v.id, name: v.name,
        commune_name: v.commune_name, counts: counts(v, h)})),
      due_today: dueToday, due_today_count: String(dueToday.length),
      overdue: overdue.length ? {people: overdue,
        count: h[overdue.length === 1 ? 'overdue_one' : 'overdue_many']
          .replace('{n}', String(overdue.length))} : null,
      within: h.within.replace('{n}', String(data.due_days)),
      renew_due: renewals.due.map(e => renewal(e, t, true, data.pending)),
      renew_lapsed: renewals.lapsed.map(e => renewal(e, t, true, data.pending)),
      lapsed_count: h[lapsedPeople === 1 ? 'lapsed_one' : 'lapsed_many']
        .replace('{n}', String(lapsedPeople)),
      lapsed_more: lapsedPeople > renewals.lapsed.length,
    };
  }

  DTN.screens = DTN.screens || {};
  DTN.screens.home = {view, renewal, renewalEntry, renewalStatus, renewalPrice};
})(self);
