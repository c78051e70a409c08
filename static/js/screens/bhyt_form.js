/* Household BHYT's view model on the phone: agent_app/screens/bhyt_form.py, line for line
   (tests/vectors/bhyt_form.json holds the two to the same output). Who may join and the amounts
   are premiums.js's (Premiums.householdBhytRefusal, Premiums.quoteBhyt). */
(function (root) {
  'use strict';
  const DTN = root.DTN = root.DTN || {};
  const OFF_LIST = ['moved_away', 'deceased', 'insured_elsewhere'];
  const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
  const WHOLE = /^\d+$/;

  const number = value => root.Premiums.formatNumber(value);

  function prefilled(prefill, monthsAllowed, groups) {
    const found = {};
    const months = prefill.months || '';
    if (WHOLE.test(months) && monthsAllowed.includes(parseInt(months, 10))) {
      found.months = parseInt(months, 10);
    }
    if (groups.includes(prefill.group)) found.group = prefill.group;
    if (MONTH.test(prefill.start_month || '')) found.start_month = prefill.start_month;
    return found;
  }

  function safeQuote(rules, on, position, months, group, province) {
    try {
      return root.Premiums.quoteBhyt({on, position, months, group, province}, rules).payable;
    } catch (_refused) {
      return null;
    }
  }

  function view(data) {
    const f = DTN.screens.personForm;
    const t = data.t;
    const today = data.today;
    const constants = data.rules.constants;
    const rules = root.Premiums.rules(data.rules);
    const village = data.village, household = data.household, members = data.members;
    const chosen = data.chosen;
    const joined = data.joined.filter(m => !(chosen || []).includes(m));
    const candidates = members.filter(m => !joined.includes(m.id) &&
      !OFF_LIST.includes(m.list_status));
    const refusals = {};
    candidates.forEach(m => {
      refusals[m.id] = root.Premiums.householdBhytRefusal(m.support_group, today, m.birth_date,
        m.birth_year);
    });
    const eligible = candidates.filter(m => refusals[m.id] === null);
    const chosenIds = chosen !== null ? chosen : eligible.map(m => m.id);
    const headGroup = members.length ? members[0].support_group : 'other';
    const values = data.values || Object.assign({
      months: 12,
      group: constants.not_household_groups.includes(headGroup) ? 'other' : headGroup,
      start_month: today.slice(0, 7), receipt_date: today,
    }, prefilled(data.prefill, constants.bhyt_months, constants.groups));
    let position = joined.length;
    let total = 0;
    const rows = eligible.map((m, i) => {
      let amount = null;
      let place = null;
      if (chosenIds.includes(m.id)) {
        position += 1;
        place = position;
        amount = safeQuote(rules, today, position, values.months || 12, values.group || 'other',
          village.province_code);
        total += amount || 0;
      }
      return {index: i + 1, id: m.id, full_name: m.full_name,
        birth: f.birth(m.birth_date, m.birth_year),
        relation: m.relation_to_head in t.relations ? t.relations[m.relation_to_head] :
          (m.relation_to_head || ''),
        chosen: chosenIds.includes(m.id), position: f.text(place),
        position_text: place ? String(place) : '–',
        amount: amount !== null ? number(amount) : ''};
    });
    const warnings = f.messages(data.warnings);
    const joinedKey = joined.length === 1 ? 'bhyt_joined_one' : 'bhyt_joined_many';
    return {
      t, title: t.bhyt_title + ' · ' + t.app,
      village: {id: village.id, name: village.name},
      household: {id: household.id, head_name: household.head_name || '',
        address: household.address || ''},
      joined_text: joined.length ? t[joinedKey].replace('{n}', String(joined.length)) : '',
      joined_count: joined.length, province: village.province_code || '',
      csrf_token: data.csrf_token,
      eligible: rows,
      refused: candidates.filter(m => refusals[m.id] !== null).map(m =>
        ({full_name: m.full_name, reason: t.refusals[refusals[m.id]]})),
      months: constants.bhyt_months.map(m => ({value: m,
        label: t.month_count.replace('{n}', String(m)), selected: m === values.months})),
      groups: f.choices(t.orders.support_groups, t.support_groups, values.group),
      values: {start_month: f.text(values.start_month), receipt_no: f.text(values.receipt_no),
        no_receipt: Boolean(values.no_receipt), receipt_date: f.text(values.receipt_date)},
      total: root.Premiums.formatMoney(total),
      errors: f.messages(data.errors), warnings, has_warnings: Object.keys(warnings).length > 0,
    };
  }

  DTN.screens = DTN.screens || {};
  DTN.screens.bhytForm = {view};
})(self);
