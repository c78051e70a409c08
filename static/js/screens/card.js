/* The resident card's view model on the phone: agent_app/screens/card.py, line for line
   (tests/vectors/card.json holds the two to the same output). */
(function (root) {
  'use strict';
  const DTN = root.DTN = root.DTN || {};
  const VIETNAM_MS = 7 * 3600 * 1000;
  const pad = n => String(n).padStart(2, '0');


  /* A stored UTC instant as "dd/mm/yyyy HH:MM" in Vietnam time (UTC+7 all year). */
  function vnDateTime(stamp) {
    const known = /([zZ]|[+-]\d\d:\d\d)$/.test(stamp) ? stamp : stamp + 'Z';
    const d = new Date(new Date(known).getTime() + VIETNAM_MS);
    return pad(d.getUTCDate()) + '/' + pad(d.getUTCMonth() + 1) + '/' + d.getUTCFullYear() +
      ' ' + pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes());
  }

  const {vnDate, vnMonth, money} = DTN.screens.format;
  const get = (map, key, fallback) =>
    (Object.prototype.hasOwnProperty.call(map, key) ? map[key] : fallback);

  function standing(data) {
    const c = data.t.card_screen;
    const x = data.standing.bhxh;
    const y = data.standing.bhyt;
    const bhxh = {scheme: 'bhxh', label: c.bhxh, text: c.bhxh_never, strong: null, note: null};
    if (x && x.through) {
      bhxh.text = c.bhxh_through.replace('%(month)s', vnMonth(x.through));
      bhxh.strong = get({due: c.bhxh_due, lapsed: c.bhxh_lapsed}, x.state, null);
    } else if (x) {
      bhxh.text = x.state === 'active' ? c.bhxh_active : c.bhxh_stopped;
    }
    const bhyt = {scheme: 'bhyt', label: c.bhyt, text: c.bhyt_never, strong: null, note: null};
    if (y && y.expires) {
      if (y.valid_from) {
        bhyt.text = c.bhyt_valid.replace('%(start)s', vnDate(y.valid_from))
          .replace('%(end)s', vnDate(y.expires));
      } else {
        bhyt.text = c.bhyt_expiry.replace('%(date)s', vnDate(y.expires));
      }
      bhyt.strong = get({due: c.bhyt_due, lapsed: c.bhyt_lapsed}, y.state, null);
      bhyt.note = y.state === 'waiting' ? c.bhyt_waiting : null;
    } else if (y) {
      bhyt.text = y.state === 'active' ? c.bhyt_active : c.bhyt_ended;
    }
    return [bhxh, bhyt];
  }

  function renewal(e, t) {
    const r = t.renewal;
    const bhxh = e.scheme === 'bhxh_tn';
    const home = DTN.screens.home;       // the renewal's words, as the home writes them
    const line = home.renewalStatus(e, r);
    const price = home.renewalPrice(e, r);
    const amount = price ? {money: price.amount, details: price.detail} : null;
    const windows = (e.windows || []).map(w => r.window.replace('%(n)s', String(w.months))
      .replace('%(date)s', vnDate(w.until))).join(' · ');
    return {resident_id: e.resident_id, scheme: e.scheme, state: e.state,
      badge_class: e.state === 'due' ? 'c-due' : 'c-off',
      badge: bhxh ? 'BHXH' : 'BHYT', line, amount,
      near_poor: amount === null && e.scheme === 'bhyt_cn',
      no_amount: amount === null && e.scheme !== 'bhyt_cn',
      deadline: vnDate(e.deadline) || null, windows: windows || null,
      quick: e.quick_until ? r.quick.replace('%(date)s', vnDate(e.quick_until)) : null,
      url: e.url || null, reminder: e.reminder};
  }

  function line(text, options) {
    const o = options || {};
    return {text, muted: Boolean(o.muted), strong: o.strong || null, warning: o.warning || null,
      after: o.after || null};
  }

  function visitLines(item, t) {
    const c = t.card_screen;
    let first = get(t.outcomes, item.outcome, item.outcome);
    if (item.follow_up_on) first += ' · ' + c.appointment + ' ' + vnDate(item.follow_up_on);
    const lines = [line(first)];
    if (item.reasons && item.reasons.length) {
      const text = item.reasons.map(r => get(t.reasons, r, r)).join(', ');
      lines.push(line(text + (item.reason_text ? ': ' + item.reason_text : ''), {muted: true}));
    }
    if (item.note) lines.push(line(item.note, {muted: true}));
    if (item.vssid) lines.push(line(get(t.vssid, item.vssid, item.vssid), {muted: true}));
    if (item.campaign) lines.push(line(item.campaign, {muted: true}));
    return lines;
  }

  function enrolmentLines(item, t) {
    const c = t.card_screen;
    let first = get(t.schemes, item.scheme, item.scheme) + ' · ' +
      c.months.replace('%(n)s', String(item.months));
    if (item.income) first += ' · ' + c.income + ' ' + money(item.income);
    if (item.position) first += ' · ' + c.position.replace('%(n)s', String(item.position));
    const quoted = item.quoted_amount;
    const after = (item.receipt_no ? ' · ' + c.receipt + ' ' + item.receipt_no : '') +
      (item.receipt_date ? ' ' + vnDate(item.receipt_date) : '');
    return [line(first), line(c.collected, {strong: money(item.amount),
      warning: quoted !== null && quoted !== undefined && quoted !== item.amount ?
        c.recomputed.replace('%(amount)s', money(quoted)) : null,
      after: after || null})];
  }

  function historyItem(item, data) {
    const rid = data.resident.id;
    const visit = item.kind === 'visit';
    const attention = Boolean(item.attention);
    let fix = null;
    if (data.writes && !item.superseded_by && !attention) {
      fix = visit ? '/visits/new?resident=' + rid + '&corrects=' + item.record_id :
        '/enrolments/new?resident=' + rid + '&scheme=' + item.scheme + '&corrects=' +
        item.record_id;
    }
    return {record_id: item.record_id, class: item.superseded_by ? 'superseded' : '',
      at: vnDateTime(item.at), agent: item.agent_name || '',
      superseded: Boolean(item.superseded_by), pending: Boolean(item.pending), attention,
      lines: (visit ? visitLines : enrolmentLines)(item, data.t), fix_url: fix};
  }

  function question(q, data) {
    const c = data.t.card_screen;
    const rid = data.resident.id;
    let answer = null;
    if (data.writes && q.kind === 'visit') {
      const stored = data.history.some(h => h.record_id === q.record_id && h.kind === 'visit');
      answer = '/visits/new?resident=' + rid +
        (q.status === 'conflict' && stored ? '&corrects=' + q.record_id : '');
    }
    const askedAt = (q.asked_at || '').slice(0, 10);
    return {id: q.id,
      title: get(c.kinds, q.kind, q.kind || '') + ' · ' + get(c.statuses, q.status, q.status),
      asked: c.asked.replace('{who}', q.asked_by || '').replace('{at}', vnDate(askedAt)),
      question: q.question || '', reason: q.reason || null, answer_url: answer};
  }

  function actions(data) {
    if (!data.writes) return null;
    const r = data.resident;
    const household = r.household_id;
    const params = {};
    if (r.birth_year) params.age = Number(data.today.slice(0, 4)) - r.birth_year;
    if (r.gender !== null && r.gender !== undefined) params.gender = r.gender;
    if (r.support_group !== null && r.support_group !== undefined) params.group = r.support_group;
    return {visit: '/visits/new?resident=' + r.id,
      bhxh: '/enrolments/new?resident=' + r.id + '&scheme=bhxh_tn',
      bhyt: household ? '/enrolments/new?household=' + household + '&scheme=bhyt_hgd' : null,
      add_member: household ? '/people/new?village=' + r.village_id + '&household=' + household :
        null,
      fix_info: data.added ? '/people/new?village=' + r.village_id + '&corrects=' + data.added :
        null,
      explain: '/explain' + (Object.keys(params).length ? '?' + DTN.screens.urlencode(params) :
        '')};
  }

  function view(data) {
    const t = data.t;
    const c = t.card_screen;
    const r = data.resident;
    const person = DTN.screens.person;
    const followUp = data.follow_up_on;
    const renewals = data.writes ? data.renewals.map(e => renewal(e, t)) : [];
    const questions = data.questions.map(q => question(q, data));
    const members = data.members.map(m => ({id: m.id, name: m.full_name, birth: person.birth(m),
      relation: person.relation(m.relation_to_head, t)}));
    return {
      t, title: r.full_name + ' · ' + t.app,
      back: {url: '/villages/' + r.village_id,
        name: c.back.replace('%(village)s', data.village.name)},
      person: person.header(r, t, false),
      questions,
      facts: {gender: r.gender ? get(t.genders, r.gender, '') : '', cccd: r.cccd || '',
        group: get(t.support_groups, r.support_group, ''),
        status: get(t.list_statuses, r.list_status, ''), address: r.address || '',
        follow_up: followUp ? vnDate(followUp) : c.no_follow_up,
        follow_up_due: Boolean(followUp && followUp <= data.today)},
      standing: standing(data), renewals, actions: actions(data),
      history: data.history.map(item => historyItem(item, data)),
      members,
      has: {questions: questions.length > 0, renewals: renewals.length > 0,
        members: members.length > 0},
    };
  }

  DTN.screens = DTN.screens || {};
  DTN.screens.card = {view, money, vnDateTime};
})(self);
