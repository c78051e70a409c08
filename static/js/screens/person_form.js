/* The add-person form's view model on the phone: agent_app/screens/person_form.py, line for
   line (tests/vectors/person_form.json holds the two to the same output). */
(function (root) {
  'use strict';
  const DTN = root.DTN = root.DTN || {};

  /* agent_app.formatting.birth (the person header's). */
  const birth = (birthDate, birthYear) =>
    DTN.screens.person.birth({birth_date: birthDate, birth_year: birthYear});

  const text = value => (value === null || value === undefined ? '' : String(value));

  function messages(found) {
    const out = {};
    Object.keys(found || {}).forEach(name => { out[name.replace(/\./g, '_')] = String(found[name]); });
    return out;
  }

  function choices(codes, labels, chosen, key) {
    return codes.map(c => ({code: c, label: c in labels ? labels[c] : c, [key || 'selected']: c === chosen}));
  }

  function twins(found, t, spent) {
    spent = spent || '';
    if (!found && !spent) return null;
    found = found || {mine: [], elsewhere: false};
    const mine = found.mine.map(p => ({id: p.id, full_name: p.full_name,
      birth: birth(p.birth_date, p.birth_year), head_name: p.head_name || ''}));
    return {t, spent, has_mine: mine.length > 0, mine, elsewhere: Boolean(found.elsewhere)};
  }

  function view(data) {
    const t = data.t;
    const values = data.values;
    const household = data.household;
    const members = data.members;
    const village = {id: data.village.id, name: data.village.name};
    let heading;
    if (values.corrects) heading = t.person_correct;
    else heading = household ? t.person_add_to_household : t.person_add_household;
    const group = values.support_group || (members.length ? members[0].support_group : 'other');
    const warnings = messages(data.warnings);
    const address = values.household && typeof values.household === 'object' ?
      values.household.address : null;
    return {
      t, title: t.person_title + ' · ' + t.app, village, heading,
      household: household ? {id: household.id, head_name: household.head_name || '',
        members_text: members.map(m => m.full_name).join(', ')} : null,
      csrf_token: data.csrf_token,
      values: {
        id: text(values.id), corrects: text(values.corrects), full_name: text(values.full_name),
        birth_date: text(values.birth_date),
        birth_year: values.birth_date ? '' : text(values.birth_year),
        cccd: text(values.cccd), phone: text(values.phone), address: text(address),
      },
      genders: choices(t.orders.genders, t.genders, values.gender, 'checked'),
      relations: choices(t.orders.relations, t.relations, values.relation_to_head),
      groups: choices(t.orders.support_groups, t.support_groups, group),
      errors: messages(data.errors), warnings, has_warnings: Object.keys(warnings).length > 0,
      twins: twins(data.twins, t),
    };
  }

  DTN.screens = DTN.screens || {};
  DTN.screens.personForm = {view, twins, birth, text, messages, choices};
})(self);
