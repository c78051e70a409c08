/* The "Cần xử lý" screen as the phone builds it: agent_app/screens/attention.py, line for line
   (tests/vectors/attention.json holds the two to the same output). */
(function (root) {
  'use strict';
  const DTN = root.DTN = root.DTN || {};

  function field(name, value) {
    if (value === null || value === undefined) return {name, value: '', kind: 'text', text: true};
    if (typeof value === 'boolean') {
      return {name, value: value ? 'true' : 'false', kind: 'boolean', text: true};
    }
    if (typeof value === 'number') return {name, value: String(value), kind: 'number', text: true};
    if (typeof value === 'string') return {name, value, kind: 'string', text: true};
    return {name, value: JSON.stringify(value), kind: 'json', text: false};
  }

  function stamp(value) {
    if (!value) return '';
    return value.slice(8, 10) + '/' + value.slice(5, 7) + '/' + value.slice(0, 4) + ' ' +
      value.slice(11, 16);
  }

  const title = (item, s) => (s.kinds[item.kind] || item.kind || '') + ' · ' +
    (s.statuses[item.status] || item.status || '');

  const record = (r, s) => ({id: r.id, title: title(r, s), created_at: stamp(r.created_at),
    reason: r.reason || '',
    fields: Object.keys(r.data).map(name => field(name, r.data[name]))});

  function question(q, data) {
    const s = data.t.sync;
    const askedOn = (q.asked_at || '').slice(0, 10);
    const asked = askedOn ? askedOn.split('-').reverse().join('/') : '';
    const names = Object.keys(q.data).filter(name => name !== 'corrects');
    return {id: q.id, resident_id: q.data.resident_id || q.data.id || '',
      title: title(q, s),
      asked: s.asked.replace('{who}', q.asked_by || '').replace('{at}', asked),
      question: q.question || '', reason: q.reason || '',
      answered: data.answered.includes(q.id),
      fields: names.map(name => field(name, q.data[name]))};
  }

  function view(data) {
    const t = data.t;
    return {t, title: t.sync.title + ' · ' + t.app,
      records: data.records.map(r => record(r, t.sync)),
      questions: data.questions.slice().sort((a, b) => a.id - b.id).map(q => question(q, data))};
  }

  DTN.screens = DTN.screens || {};
  DTN.screens.attention = {view, field};
})(self);
