/* "Cần xử lý": records the server answered "conflict" or "rejected". The agent corrects the
   fields and sends again (as a new record), or discards the record after confirming.
   Below them, the supervisors' questions ("hỏi lại nhân viên") that came with the pull: the
   agent answers with a correction record (data.corrects names the stored record when the
   question is about a conflict; a rejected record was never stored, so its correction is a
   new record). A question answered here is marked so under meta "answered" until the
   supervisor decides. */
(function () {
  'use strict';
  const DTN = self.DTN;
  const store = DTN.store;

  function editor(name, value) {
    const label = document.createElement('label');
    label.textContent = name;
    const isText = value === null || ['string', 'number', 'boolean'].includes(typeof value);
    const input = document.createElement(isText ? 'input' : 'textarea');
    input.name = name;
    input.value = isText ? (value === null ? '' : String(value)) : JSON.stringify(value);
    input.dataset.kind = value === null ? 'text' : (isText ? typeof value : 'json');
    label.appendChild(input);
    return label;
  }

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

  function render(list, records, words) {
    list.replaceChildren();
    if (!records.length) {
      const empty = document.createElement('li');
      empty.className = 'muted';
      empty.textContent = words.empty;
      list.appendChild(empty);
      return;
    }
    records.forEach(record => {
      const item = document.createElement('li');
      item.className = 'card attention-item';
      item.dataset.recordId = record.id;
      const title = document.createElement('p');
      title.innerHTML = '<strong></strong> · <span class="muted"></span>';
      title.querySelector('strong').textContent = (words.kinds[record.kind] || record.kind) +
        ' · ' + (words.statuses[record.status] || record.status);
      title.querySelector('span').textContent = record.created_at;
      const reason = document.createElement('p');
      reason.className = 'error';
      reason.textContent = record.reason;
      const form = document.createElement('form');
      form.className = 'stack';
      Object.keys(record.data).forEach(name => form.appendChild(editor(name, record.data[name])));
      const resend = document.createElement('button');
      resend.type = 'submit';
      resend.className = 'primary';
      resend.textContent = words.resend;
      const discard = document.createElement('button');
      discard.type = 'button';
      discard.className = 'discard';
      discard.textContent = words.discard;
      const confirmBox = document.createElement('p');
      confirmBox.hidden = true;
      confirmBox.className = 'confirm-discard';
      confirmBox.textContent = words.confirm + ' ';
      const yes = document.createElement('button');
      yes.type = 'button';
      yes.className = 'confirm-yes';
      yes.textContent = words.confirm_yes;
      const no = document.createElement('button');
      no.type = 'button';
      no.textContent = words.confirm_no;
      confirmBox.append(yes, ' ', no);
      form.append(resend, discard, confirmBox);
      form.addEventListener('submit', async event => {
        event.preventDefault();
        let data;
        try {
          data = readBack(form, record.data);
        } catch (error) {
          reason.textContent = String(error);
          return;
        }
        await store.resend(record.id, data);
        await refresh(list, words);
        await DTN.status.refresh();
        DTN.push();
      });
      discard.addEventListener('click', () => { confirmBox.hidden = false; });
      no.addEventListener('click', () => { confirmBox.hidden = true; });
      yes.addEventListener('click', async () => {
        await store.discard(record.id);
        await refresh(list, words);
        await DTN.status.refresh();
      });
      item.append(title, reason, form);
      list.appendChild(item);
    });
  }

  /* Draw the list again only when its records changed: a form being corrected, or a discard
     being confirmed, is never redrawn under the agent's finger. */
  async function refresh(list, words) {
    const user = DTN.session.user();
    const records = user ? await store.attention(user.id) : [];
    const ids = records.map(r => r.id).join(' ');
    if (list.dataset.shown === ids) return;
    list.dataset.shown = ids;
    render(list, records, words);
  }

  function renderQuestions(list, questions, answered, words) {
    list.replaceChildren();
    if (!questions.length) {
      const empty = document.createElement('li');
      empty.className = 'muted';
      empty.textContent = words.no_questions;
      list.appendChild(empty);
      return;
    }
    questions.forEach(q => {
      const item = document.createElement('li');
      item.className = 'card question-item';
      item.dataset.issueId = q.id;
      item.dataset.residentId = q.data.resident_id || q.data.id || '';
      const title = document.createElement('p');
      title.innerHTML = '<strong></strong> · <span class="muted"></span>';
      title.querySelector('strong').textContent = (words.kinds[q.kind] || q.kind) + ' · ' +
        (words.statuses[q.status] || q.status);
      title.querySelector('span').textContent = words.asked.replace('{who}', q.asked_by || '')
        .replace('{at}', (q.asked_at || '').slice(0, 10).split('-').reverse().join('/'));
      const asked = document.createElement('p');
      asked.className = 'question';
      asked.textContent = q.question || '';
      const reason = document.createElement('p');
      reason.className = 'error';
      reason.textContent = q.reason || '';
      item.append(title, asked, reason);
      if (answered.includes(q.id)) {
        const done = document.createElement('p');
        done.className = 'ok';
        done.textContent = words.answered;
        item.appendChild(done);
        list.appendChild(item);
        return;
      }
      const form = document.createElement('form');
      form.className = 'stack';
      const data = Object.assign({}, q.data);
      delete data.corrects;
      Object.keys(data).forEach(name => form.appendChild(editor(name, data[name])));
      const send = document.createElement('button');
      send.type = 'submit';
      send.className = 'primary';
      send.textContent = words.answer;
      form.appendChild(send);
      form.addEventListener('submit', async event => {
        event.preventDefault();
        let corrected;
        try {
          corrected = readBack(form, data);
        } catch (error) {
          reason.textContent = String(error);
          return;
        }
        const corrects = q.status === 'conflict' ? q.record_id : q.data.corrects;
        if (corrects) corrected.corrects = corrects;
        const user = DTN.session.user();
        await store.addRecords(user.id, [{kind: q.kind, data: corrected}]);
        const mark = (await store.getMeta('answered')) || {key: 'answered', ids: []};
        mark.ids.push(q.id);
        await store.putMeta(mark);
        await refreshQuestions(list, words, true);
        await DTN.status.refresh();
        DTN.push();
      });
      item.appendChild(form);
      list.appendChild(item);
    });
  }

  async function refreshQuestions(list, words, force) {
    const user = DTN.session.user();
    const state = await store.copyState();
    const questions = user && state && state.user_id === user.id ?
      Object.values(state.questions || {}).sort((a, b) => a.id - b.id) : [];
    const answered = ((await store.getMeta('answered')) || {ids: []}).ids;
    const shown = questions.map(q => q.id + (answered.includes(q.id) ? 'a' : '')).join(' ');
    if (!force && list.dataset.shown === shown) return;
    list.dataset.shown = shown;
    renderQuestions(list, questions, answered, words);
  }

  document.addEventListener('DOMContentLoaded', () => {
    const list = document.getElementById('attention-list');
    if (!list) return;
    const words = JSON.parse(document.getElementById('attention-text').textContent);
    const questions = document.getElementById('question-list');
    refresh(list, words);
    refreshQuestions(questions, words);
    DTN.sync.onChange(message => {
      if (message.type === 'pushed') refresh(list, words);
      if (message.type === 'pulled') refreshQuestions(questions, words);
    });
  });
})();
