/* "Cần xử lý" on /sync is a screen (static/mustache/sync, attention; agent_app/screens/
   attention.py): the worker renders the records the server answered "conflict" or "rejected"
   and the supervisors' questions ("hỏi lại nhân viên") from the phone's storage. This script
   does what the agent does there:
   - a refused record: correct its fields and send it again (as a new record), or discard it
     after confirming;
   - a question: answer with a correction record (data.corrects names the stored record when
     the question is about a conflict; a rejected record was never stored, so its correction is
     a new record), marked answered under meta "answered" until the supervisor decides.
   After each, and after a push or a pull, the lists are fetched again (the worker renders
   them) and swapped in only when what they hold changed: a form being corrected, or a discard
   being confirmed, is never redrawn under the agent's finger. */
(function () {
  'use strict';
  const DTN = self.DTN;
  const store = DTN.store;

  /* The fields as typed, back into the record's data (the editors say each value's kind). */
  function readBack(form, original) {
    const data = Object.assign({}, original);
    form.querySelectorAll('[data-kind]').forEach(input => {
      const kind = input.dataset.kind;
      const raw = input.value.trim();
      if (kind === 'json') data[input.name] = raw ? JSON.parse(raw) : null;
      else if (kind === 'number') data[input.name] = raw === '' ? null : Number(raw);
      else if (kind === 'boolean') data[input.name] = raw === 'true';
      else data[input.name] = raw === '' ? null : raw;
    });
    return data;
  }

  const shown = root => Array.from(root.querySelectorAll('.attention-item, .question-item'))
    .map(item => (item.dataset.recordId || 'q' + item.dataset.issueId) +
      (item.querySelector('.ok') ? '+' : '')).join(' ');

  async function refresh() {
    const box = document.getElementById('attention');
    if (!box) return;
    const response = await fetch(location.pathname, {credentials: 'same-origin',
      headers: {'HX-Request': 'true'}});
    if (!response.ok) return;
    const holder = document.createElement('template');
    holder.innerHTML = await response.text();
    const fresh = holder.content.getElementById('attention');
    if (fresh && shown(fresh) !== shown(box)) box.replaceWith(fresh);
  }

  async function changed() {
    await refresh();
    await DTN.status.refresh();
  }

  function failed(item, error) {
    item.querySelector('.error').textContent = String(error);
  }

  async function resend(item, form) {
    const user = DTN.session.user();
    const record = (await store.attention(user.id)).find(r => r.id === item.dataset.recordId);
    if (!record) return changed();
    let data;
    try {
      data = readBack(form, record.data);
    } catch (error) {
      return failed(item, error);
    }
    await store.resend(record.id, data);
    await changed();
    DTN.push();
  }

  async function answer(item, form) {
    const user = DTN.session.user();
    const state = await store.copyState();
    const q = state && state.user_id === user.id && state.questions[item.dataset.issueId];
    if (!q) return changed();
    const data = Object.assign({}, q.data);
    delete data.corrects;
    let corrected;
    try {
      corrected = readBack(form, data);
    } catch (error) {
      return failed(item, error);
    }
    const corrects = q.status === 'conflict' ? q.record_id : q.data.corrects;
    if (corrects) corrected.corrects = corrects;
    await store.addRecords(user.id, [{kind: q.kind, data: corrected}]);
    const mark = (await store.getMeta('answered')) || {key: 'answered', ids: []};
    mark.ids.push(q.id);
    await store.putMeta(mark);
    await changed();
    DTN.push();
  }

  document.addEventListener('submit', event => {
    const form = event.target;
    const item = form.closest('#attention .attention-item, #attention .question-item');
    if (!item) return;
    event.preventDefault();
    (item.classList.contains('question-item') ? answer : resend)(item, form)
      .catch(error => failed(item, error));
  });

  document.addEventListener('click', event => {
    const button = event.target.closest('#attention .attention-item button[type=button]');
    if (!button) return;
    const item = button.closest('.attention-item');
    const confirmBox = item.querySelector('.confirm-discard');
    if (button.classList.contains('discard')) confirmBox.hidden = false;
    if (button.classList.contains('confirm-no')) confirmBox.hidden = true;
    if (button.classList.contains('confirm-yes')) {
      store.discard(item.dataset.recordId).then(changed).catch(error => failed(item, error));
    }
  });

  document.addEventListener('DOMContentLoaded', () => {
    if (!document.getElementById('attention')) return;
    // The server's page knows no record of this phone: ask the worker for the lists.
    if (!document.querySelector('main[data-from-copy]')) refresh();
    DTN.sync.onChange(message => {
      if (message.type === 'pushed' || message.type === 'pulled') refresh();
    });
  });
})();
