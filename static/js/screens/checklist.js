/* The village checklist's view model on the phone: agent_app/screens/checklist.py, line for
   line (tests/vectors/checklist.json holds the two to the same output). */
(function (root) {
  'use strict';
  const DTN = root.DTN = root.DTN || {};
  const FILTERS = ['all', 'todo', 'due', 'enrolled', 'renew', 'lapsed'];
  const PAGE_HOUSEHOLDS = 100;
  const DIGITS = /^[\d\s.+()-]+$/;
  const SCHEME_BADGES = {bhxh_tn: 'BHXH', bhyt_hgd: 'BHYT'};

  function passes(r, choice, today, marks) {
    if (choice === 'renew' || choice === 'lapsed') {
      const state = choice === 'renew' ? 'due' : 'lapsed';
      return (marks[r.id] || []).some(e => e.state === state);
    }
    if (choice === 'todo') return r.last_outcome === null && !r.schemes && r.list_status === 'on_list';
    if (choice === 'due') {
      return r.follow_up_on !== null && r.follow_up_on <= today && !r.schemes &&
        r.list_status === 'on_list';
    }
    if (choice === 'enrolled') return Boolean(r.schemes);
    return true;
  }

  /* agent_app/identifiers.clean_phone */
  function cleanPhone(value) {
    let digits = String(value || '').replace(/[\s.\-()]/g, '');
    if (digits.startsWith('+84')) digits = '0' + digits.slice(3);
    else if (digits.startsWith('84') && digits.length === 11) digits = '0' + digits.slice(2);
    return digits;
  }

  function matcher(query) {
    if (!query) return () => true;
    if (DIGITS.test(query)) {
      const digits = query.replace(/\D/g, '');
      const phone = cleanPhone(query);
      return r => (r.cccd || '').includes(digits) || (r.phone || '').includes(phone);
    }
    const key = DTN.names.searchKey(query);
    return r => !key || (' ' + r.search_key).includes(' ' + key);
  }

  const dayMonth = day => day.slice(8, 10) + '/' + day.slice(5, 7);

  function badges(r, data) {
    const t = data.t;
    const schemes = r.schemes ? r.schemes.split(',').sort() : [];
    const found = [];
    if (!['on_list', 'enrolled', r.last_outcome].includes(r.list_status)) {
      found.push({class: 'c-off', text: t.list_statuses[r.list_status]});
    }
    schemes.forEach(s => found.push({class: 'c-ok', text: SCHEME_BADGES[s] || 'BHYT'}));
    if (r.last_outcome) {
      found.push({class: r.last_outcome === r.list_status ? 'c-off' : '',
        text: t.outcomes[r.last_outcome] + ' ' + dayMonth(r.last_visited_on)});
    } else if (!schemes.length) {
      found.push({class: 'c-new', text: t.not_visited});
    }
    (data.marks[r.id] || []).forEach(e => {
      const due = e.state === 'due';
      found.push({class: 'c-renew ' + (due ? 'c-due' : 'c-off'),
        text: e.scheme.toUpperCase() + ' ' + (due ? dayMonth(e.ends) : t.stopped)});
    });
    if (r.follow_up_on && !schemes.length) {
      found.push({class: r.follow_up_on <= data.today ? 'c-due' : 'c-later',
        text: t.follow_up + ' ' + dayMonth(r.follow_up_on)});
    }
    const mark = data.pending[r.id];
    if (mark) found.push({class: 'sync-badge c-' + mark, text: t[mark + '_badge']});
    return found;
  }

  function member(r, data) {
    return {id: r.id, name: r.full_name, birth_year: r.birth_year ? String(r.birth_year) : '',
      href: (data.writes ? '/visits/new?resident=' : '/residents/') + r.id,
      badges: badges(r, data)};
  }

  function household(members, data) {
    const first = members[0];
    const hid = first.household_id;
    const add = hid && data.writes ?
      {url: '/people/new?village=' + data.village.id + '&household=' + hid} : null;
    return {id: hid || '', head: first.head_name || data.t.unknown_household, add,
      members: members.map(r => member(r, data))};
  }

  function view(data) {
    const choice = FILTERS.includes(data.filter) ? data.filter : 'all';
    const query = data.query.trim();
    const page = Math.max(data.page, 1);
    const matches = matcher(query);
    const found = data.people.filter(r => passes(r, choice, data.today, data.marks) && matches(r));
    const households = [];
    found.forEach(r => {
      const last = households[households.length - 1];
      if (last && last[0].household_id === r.household_id) last.push(r);
      else households.push([r]);
    });
    const start = (page - 1) * PAGE_HOUSEHOLDS;
    const village = data.village;
    const url = '/villages/' + village.id;
    let more = null;
    if (start + PAGE_HOUSEHOLDS < households.length) {
      const params = Object.assign({filter: choice}, query ? {q: query} : {}, {page: page + 1});
      more = {url: url + '?' + DTN.screens.urlencode(params)};
    }
    const t = data.t;
    const count = t[found.length === 1 ? 'people_one' : 'people_many']
      .replace('{n}', String(found.length));
    return {
      t, title: village.name + ' · ' + t.app, village, url, query, writes: data.writes,
      add_url: '/people/new?village=' + village.id,
      filters: FILTERS.map(c => ({code: c, label: t.filters[c], checked: c === choice})),
      found_text: count,
      households: households.slice(start, start + PAGE_HOUSEHOLDS).map(m => household(m, data)),
      more,
    };
  }

  DTN.screens = DTN.screens || {};
  DTN.screens.checklist = {view, FILTERS};
})(self);
