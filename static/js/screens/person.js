/* A person's header on the phone: agent_app/screens/person.py, line for line. */
(function (root) {
  'use strict';
  const DTN = root.DTN = root.DTN || {};

  function birth(person) {
    if (person.birth_date) return DTN.screens.format.vnDate(person.birth_date);
    return person.birth_year ? String(person.birth_year) : '';
  }

  function relation(value, t) {
    if (!value) return '';
    return Object.prototype.hasOwnProperty.call(t.relations, value) ? t.relations[value] : value;
  }

  function header(person, t, cardLink) {
    return {id: person.id, name: person.full_name, birth: birth(person),
      relation: relation(person.relation_to_head, t), head: person.head_name || '',
      phone: person.phone || '',
      card_url: cardLink === false ? null : '/residents/' + person.id};
  }

  DTN.screens = DTN.screens || {};
  DTN.screens.person = {header, birth, relation};
})(self);
