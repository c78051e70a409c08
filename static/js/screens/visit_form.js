/* The visit form's view model on the phone: agent_app/screens/visit_form.py, line for line
   (tests/vectors/visit_form.json holds the two to the same output). */
(function (root) {
  'use strict';
  const DTN = root.DTN = root.DTN || {};
  const FOLLOW_UP_DAYS = [1, 3, 7];

  function chip(days, w) {
    let label;
    if (days === 1) label = w.tomorrow;
    else if (days === 7) label = w.week;
    else label = w.n_days.replace('{n}', String(days));
    return {days, label};
  }

  function lastText(last, t) {
    if (!last) return '';
    const vnDate = DTN.screens.format.vnDate;
    let text = t.visit.last + ': ' + t.outcomes[last.outcome] + ' ' + vnDate(last.visited_on);
    if (last.follow_up_on) {
      text += ' · ' + t.visit.appointment + ' ' + vnDate(last.follow_up_on);
    }
    return text;
  }

  function campaigns(found, chosen, today) {
    const names = found.map(c => c.name);
    const own = chosen && !names.includes(chosen) ? {name: chosen} : null;
    const days = found.map(c => ({name: c.name, day: c.held_on, today: c.held_on === today,
      checked: c.name === chosen}));
    return {hidden: own === null && !days.some(d => d.today), none: !chosen, own, days};
  }

  function view(data) {
    const t = data.t;
    const w = t.visit;
    const resident = data.resident;
    const values = data.values;
    const reasons = values.reasons || [];
    const vssid = values.vssid || '';
    const household = resident.household_id;
    const signUp = {bhxh: '/enrolments/new?resident=' + resident.id + '&scheme=bhxh_tn',
      bhyt: household ? '/enrolments/new?household=' + household + '&scheme=bhyt_hgd' : null};
    const text = name => String(values[name] || '');
    return {
      t, title: w.title + ' · ' + t.app,
      person: DTN.screens.person.header(resident, t, false),
      back: {url: '/villages/' + resident.village_id, name: data.village.name,
        card_url: '/residents/' + resident.id},
      last_text: lastText(data.last, t), csrf_token: data.csrf_token,
      corrects: values.corrects || null, errors: data.errors,
      values: {follow_up_on: text('follow_up_on'), reason_text: text('reason_text'),
        note: text('note')},
      chips: FOLLOW_UP_DAYS.map(days => chip(days, w)),
      details_open: Boolean(reasons.length || values.note || vssid || values.campaign ||
        Object.keys(data.errors).length),
      reasons: t.orders.reasons.map(code => ({code, label: t.reasons[code],
        checked: reasons.includes(code)})),
      vssid: [{code: '', label: w.not_yet, checked: !vssid}].concat(t.orders.vssid
        .map(code => ({code, label: t.vssid[code], checked: vssid === code}))),
      campaigns: campaigns(data.campaigns, values.campaign || '', data.today),
      outcomes: t.orders.outcomes.filter(code => code !== 'enrolled')
        .map(code => ({code, label: t.outcomes[code], checked: values.outcome === code})),
      sign_up: signUp,
    };
  }

  DTN.screens = DTN.screens || {};
  DTN.screens.visit_form = {view};
})(self);
