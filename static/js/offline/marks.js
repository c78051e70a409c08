/* What is still on the phone, marked where a person appears on a page the server rendered (a
   checklist before the copy is complete, the home page's lists): "đã ghi, chờ đồng bộ" for a
   record waiting, "cần xử lý" for one the server refused, and people added on the phone on
   their village's checklist. Screens rendered from the copy show these themselves. */
(function () {
  'use strict';
  const DTN = self.DTN;

  function badge(text, className) {
    const mark = document.createElement('b');
    mark.className = 'sync-badge ' + className;
    mark.textContent = text;
    return mark;
  }

  function overlay(records, text) {
    if (document.querySelector('main[data-from-copy]')) return;   // its screen shows them
    document.querySelectorAll('.sync-badge, [data-added-here]').forEach(el => el.remove());
    const byResident = new Map();
    records.forEach(record => {
      const id = record.data && (record.kind === 'resident' ? record.data.id : record.data.resident_id);
      if (!id) return;
      const mark = record.status ? 'attention' : 'pending';
      if (byResident.get(id) !== 'attention') byResident.set(id, mark);
    });
    const onChecklist = location.pathname.match(/^\/villages\/(\d+)$/);
    const list = document.querySelector('#checklist ul.households');
    if (onChecklist && list) {
      records.filter(r => r.kind === 'resident' && String(r.data.village_id) === onChecklist[1])
        .forEach(record => {
          if (document.querySelector('[data-resident-id="' + record.data.id + '"]')) return;
          const item = document.createElement('li');
          item.dataset.addedHere = '';
          item.dataset.residentId = record.data.id;
          const link = document.createElement('a');
          link.href = '/visits/new?resident=' + record.data.id;
          link.textContent = record.data.full_name || '';
          item.appendChild(link);
          const group = document.createElement('li');
          group.dataset.addedHere = '';
          const inner = document.createElement('ul');
          inner.appendChild(item);
          group.appendChild(inner);
          list.prepend(group);
        });
    }
    document.querySelectorAll('[data-resident-id]').forEach(el => {
      const mark = byResident.get(el.dataset.residentId);
      if (mark === 'pending') el.appendChild(badge(text.pending_badge, 'c-pending'));
      if (mark === 'attention') el.appendChild(badge(text.attention_badge, 'c-attention'));
    });
  }

  DTN.marks = {overlay};
})();
