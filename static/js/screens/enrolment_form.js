/* One person's sign-up form on the phone: agent_app/screens/enrolment_form.py, line for line
   (tests/vectors/enrolment_form.json holds the two to the same output). The amounts are
   premiums.js's (Premiums.quoteBhxh). */
(function (root) {
  'use strict';
  const DTN = root.DTN = root.DTN || {};
  const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
  const WHOLE = /^\d+$/;
  const INTEGER_DIGITS = 18;

  const isInt = value => typeof value === 'number' && Number.isInteger(value);

  function amountText(value) {
    if (isInt(value)) return root.Premiums.formatNumber(value);
    return value === null || value === undefined ? '' : String(value);
  }

  function whole(text) {
    return typeof text === 'string' && WHOLE.test(text) && text.length <= INTEGER_DIGITS ?
      parseInt(text, 10) : null;
  }

  function prefilled(prefill, constants) {
    const found = {};
    const months = whole(prefill.months);
    if (constants.bhxh_months.includes(months)) found.months = months;
    if (constants.groups.includes(prefill.group)) found.group = prefill.group;
    if (whole(prefill.income)) found.income = whole(prefill.income);
    if (MONTH.test(prefill.start_month || '')) found.start_month = prefill.start_month;
    return found;
  }

  function quote(rules, on, values, province) {
    if (!isInt(values.income) || !isInt(values.months)) return null;
    try {
      return root.Premiums.quoteBhxh({on, income: values.income, months: values.months,
        group: values.group || 'other', province}, rules);
    } catch (_refused) {
      return null;
    }
  }

  function defaults(data, rules) {
    const today = data.today;
    let income;
    try {
      income = rules.parameter('rural_poverty_line', today).value;
    } catch (_none) {
      income = null;
    }
    const values = Object.assign({scheme: 'bhxh_tn', income, months: 12,
      group: data.resident.support_group, start_month: today.slice(0, 7), receipt_date: today},
    prefilled(data.prefill, data.rules.constants));
    const found = values.income && quote(rules, today, values, data.village.province_code);
    if (found) values.amount = found.payable;
    return values;
  }

  function prepay(rules, values, data) {
    const constants = data.rules.constants;
    if (!constants.bhxh_prepay_months.includes(values.months)) return null;
    const found = quote(rules, values.receipt_date || data.today,
      Object.assign({}, values, {group: values.group || 'other'}), data.village.province_code);
    if (found === null || found.alternative_payable === null) return null;
    const row = found.parameters.find(r => r.name === 'fund_yield');
    if (!row) return null;
    return {yield: constants.units[row.name] === 'money' ? root.Premiums.formatMoney(row.value) :
      root.Premiums.formatPercent(row.value),
    unconfirmed: !row.confirmed,
    alternative: root.Premiums.formatMoney(found.alternative_payable)};
  }

  function view(data) {
    const f = DTN.screens.personForm;
    const t = data.t;
    const constants = data.rules.constants;
    const rules = root.Premiums.rules(data.rules);
    const resident = data.resident, village = data.village;
    const values = data.values || defaults(data, rules);
    const scheme = String(values.scheme || 'bhxh_tn');
    const bhxh = scheme === 'bhxh_tn';
    const allowed = bhxh ? constants.bhxh_months : constants.bhyt_months;
    const warnings = f.messages(data.warnings);
    const label = Object.prototype.hasOwnProperty.call(t.schemes, scheme) ? t.schemes[scheme] : '';
    return {
      t, title: label + ' · ' + t.app,
      village: {id: village.id, name: village.name},
      person: DTN.screens.person.header(resident, t),
      scheme, scheme_label: label, bhxh,
      province: village.province_code || '', csrf_token: data.csrf_token,
      resident_id: resident.id,
      birth_date: f.text(resident.birth_date), birth_year: f.text(resident.birth_year),
      corrects: f.text(values.corrects),
      income: amountText(values.income), position: f.text(values.position),
      months: allowed.map(m => ({value: m, label: t.month_count.replace('{n}', String(m)),
        selected: m === values.months})),
      groups: f.choices(t.orders.support_groups, t.support_groups, values.group),
      values: {start_month: f.text(values.start_month), receipt_no: f.text(values.receipt_no),
        no_receipt: Boolean(values.no_receipt), receipt_date: f.text(values.receipt_date)},
      amount: amountText(values.amount),
      prepay: bhxh ? prepay(rules, values, data) : null,
      errors: f.messages(data.errors), warnings, has_warnings: Object.keys(warnings).length > 0,
    };
  }

  DTN.screens = DTN.screens || {};
  DTN.screens.enrolmentForm = {view};
})(self);
