/* "Cần xử lý": records the server answered "conflict" or "rejected". The agent corrects the
   fields and sends again (as a new record), or discards the record after confirming. */
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

  document.addEventListener('DOMContentLoaded', () => {
    const list = document.getElementById('attention-list');
    if (!list) return;
    const words = JSON.parse(document.getElementById('attention-text').textContent);
    refresh(list, words);
    DTN.sync.onChange(message => { if (message.type === 'pushed') refresh(list, words); });
  });
})();
