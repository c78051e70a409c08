/* The phone's own storage (IndexedDB), shared by the pages and the service worker.

   outbox     records waiting to be sent: {id, seq, kind, created_at, data, user_id}
   attention  records the server answered "conflict" or "rejected": "Cần xử lý"
   meta       the device (id, next seq), the session's user, last sync, and under "copy" the
              state of the local copy: whose it is, its cursor, when it was last pulled, the
              premium rules, the supervisors' questions, the agents' names, the day's tally,
              the week's campaign days
   copy       the local copy, one entry per village: {id, user_id, village, households,
              residents, visits, enrolments}, the last four keyed by id (docs/sync.md, "The pull")

   A record's seq is taken in the same transaction that stores it, so two tabs never share one
   and a number is never reused. */
(function (root) {
  'use strict';
  const DTN = root.DTN = root.DTN || {};
  const NAME = 'den-tung-nha';
  const VERSION = 2;
  const TABLES = ['households', 'residents', 'visits', 'enrolments'];
  let opening = null;

  function open() {
    if (!opening) {
      opening = new Promise((resolve, reject) => {
        const request = indexedDB.open(NAME, VERSION);
        request.onupgradeneeded = event => {
          const db = request.result;
          if (event.oldVersion < 1) {
            db.createObjectStore('outbox', {keyPath: 'id'})
              .createIndex('user_seq', ['user_id', 'seq']);
            db.createObjectStore('attention', {keyPath: 'id'}).createIndex('user', 'user_id');
            db.createObjectStore('meta', {keyPath: 'key'});
          }
          if (event.oldVersion === 1) {
            db.deleteObjectStore('villages');   // the snapshot the pull replaced
            request.transaction.objectStore('meta').delete('offline-copy');
          }
          db.createObjectStore('copy', {keyPath: 'id'});
        };
        request.onsuccess = () => {
          const db = request.result;
          db.onversionchange = () => { db.close(); opening = null; };
          resolve(db);
        };
        request.onerror = () => { opening = null; reject(request.error); };
      });
    }
    return opening;
  }

  function result(request) {
    return new Promise((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  /* Run fn(tx) in one transaction; resolves with fn's value once the transaction commits. */
  async function run(stores, mode, fn) {
    const db = await open();
    const tx = db.transaction(stores, mode);
    const committed = new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error || new Error('IndexedDB transaction aborted'));
    });
    const value = await fn(tx);
    await committed;
    return value;
  }

  function uuidv7() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    let ms = Date.now();
    for (let i = 5; i >= 0; i--) { bytes[i] = ms % 256; ms = Math.floor(ms / 256); }
    bytes[6] = (bytes[6] & 0x0f) | 0x70;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20),
      hex.slice(20)].join('-');
  }

  /* The phone's clock with its offset: 2026-11-23T09:30:00+07:00. */
  function localStamp(date) {
    const pad = n => String(Math.floor(Math.abs(n))).padStart(2, '0');
    const offset = -date.getTimezoneOffset();
    return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate()) +
      'T' + pad(date.getHours()) + ':' + pad(date.getMinutes()) + ':' + pad(date.getSeconds()) +
      (offset >= 0 ? '+' : '-') + pad(offset / 60) + ':' + pad(offset % 60);
  }

  async function takeDevice(tx) {
    const meta = tx.objectStore('meta');
    const device = await result(meta.get('device'));
    return device || {key: 'device', device_id: uuidv7(), next_seq: 1};
  }

  function userRange(userId) {
    return IDBKeyRange.bound([userId, 0], [userId, Infinity]);
  }

  const store = {
    uuidv7,

    device: () => run(['meta'], 'readwrite', async tx => {
      const device = await takeDevice(tx);
      tx.objectStore('meta').put(device);
      return device;
    }),

    /* Store drafts [{kind, data}] as records of userId, each with the next seq. */
    addRecords: (userId, drafts) => run(['outbox', 'meta'], 'readwrite', async tx => {
      const device = await takeDevice(tx);
      const createdAt = localStamp(new Date());
      const records = drafts.map(draft => ({
        id: uuidv7(), seq: device.next_seq++, kind: draft.kind, created_at: createdAt,
        data: draft.data, user_id: userId,
      }));
      records.forEach(record => tx.objectStore('outbox').add(record));
      tx.objectStore('meta').put(device);
      return records;
    }),

    /* The oldest records of userId still to send, at most limit. */
    waiting: (userId, limit) => run(['outbox'], 'readonly', tx =>
      result(tx.objectStore('outbox').index('user_seq').getAll(userRange(userId), limit))),

    countWaiting: userId => run(['outbox'], 'readonly', tx =>
      result(tx.objectStore('outbox').index('user_seq').count(userRange(userId)))),

    /* Everything not yet on the server, every user: for overlays and the logout check. */
    unsent: () => run(['outbox', 'attention'], 'readonly', async tx => ({
      outbox: await result(tx.objectStore('outbox').getAll()),
      attention: await result(tx.objectStore('attention').getAll()),
    })),

    /* Records the server took that the copy may not hold yet. */
    sent: () => run(['meta'], 'readonly', async tx =>
      ((await result(tx.objectStore('meta').get('sent'))) || {records: []}).records),

    /* userId's records the server would not take, oldest first. */
    attention: userId => run(['attention'], 'readonly', async tx =>
      (await result(tx.objectStore('attention').index('user').getAll(userId)))
        .sort((a, b) => a.seq - b.seq)),

    /* Apply the server's answer: delete what it has, set aside what it would not take. What
       it has is kept under meta "sent" until the next pull brings it into the copy, so the
       screens never miss it in between. */
    settle: (sent, results) => run(['outbox', 'attention', 'meta'], 'readwrite', async tx => {
      const outbox = tx.objectStore('outbox');
      const meta = tx.objectStore('meta');
      const counts = {accepted: 0, duplicate: 0, conflict: 0, rejected: 0};
      const kept = (await result(meta.get('sent'))) || {key: 'sent', records: []};
      sent.forEach((record, i) => {
        const answer = results[i];
        if (!answer || answer.id !== record.id || !(answer.status in counts)) return;
        counts[answer.status] += 1;
        outbox.delete(record.id);
        if (answer.status === 'conflict' || answer.status === 'rejected') {
          tx.objectStore('attention').put(Object.assign({}, record, {
            status: answer.status, reason: answer.reason || '', answered_at: Date.now()}));
        } else {
          kept.records.push(Object.assign({}, record, {sent_at: Date.now()}));
        }
      });
      meta.put(kept);
      return counts;
    }),

    /* Records the server took before a pull that is now complete are in the copy. */
    dropSent: before => run(['meta'], 'readwrite', async tx => {
      const meta = tx.objectStore('meta');
      const kept = await result(meta.get('sent'));
      if (!kept) return;
      kept.records = kept.records.filter(r => r.sent_at >= before);
      meta.put(kept);
    }),

    /* A corrected record goes back to the outbox as a new record (new id, next seq). */
    resend: (id, data) => run(['outbox', 'attention', 'meta'], 'readwrite', async tx => {
      const old = await result(tx.objectStore('attention').get(id));
      if (!old) return null;
      const device = await takeDevice(tx);
      const record = {id: uuidv7(), seq: device.next_seq++, kind: old.kind,
        created_at: old.created_at, data, user_id: old.user_id};
      tx.objectStore('outbox').add(record);
      tx.objectStore('attention').delete(id);
      tx.objectStore('meta').put(device);
      return record;
    }),

    discard: id => run(['attention'], 'readwrite', tx => { tx.objectStore('attention').delete(id); }),

    getMeta: key => run(['meta'], 'readonly', tx => result(tx.objectStore('meta').get(key))),

    dropMeta: key => run(['meta'], 'readwrite', tx => { tx.objectStore('meta').delete(key); }),

    putMeta: value => run(['meta'], 'readwrite', tx => { tx.objectStore('meta').put(value); }),

    /* The copy's state (whose, cursor, rules, questions…), or undefined before a first pull. */
    copyState: () => run(['meta'], 'readonly', tx => result(tx.objectStore('meta').get('copy'))),

    /* Every village of the copy, if it is userId's: another account never reads it. */
    copyVillages: userId => run(['copy'], 'readonly', async tx =>
      (await result(tx.objectStore('copy').getAll())).filter(v => v.user_id === userId)),

    /* One village of the copy, if it is userId's. */
    copyVillage: (userId, id) => run(['copy'], 'readonly', async tx => {
      const village = await result(tx.objectStore('copy').get(id));
      return village && village.user_id === userId ? village : null;
    }),

    /* One page of a pull, applied in one transaction (docs/sync.md, "The pull"). */
    applyPull: (userId, page) => run(['copy', 'meta'], 'readwrite', async tx => {
      const copy = tx.objectStore('copy');
      const meta = tx.objectStore('meta');
      let state = await result(meta.get('copy'));
      if (page.replace || !state || state.user_id !== userId) {
        copy.clear();
        state = {key: 'copy', user_id: userId, cursor: null, complete: false, rules: null,
          questions: {}, users: {}, shell: state && state.user_id === userId ? state.shell : null};
      }
      const held = new Map((await result(copy.getAll())).map(v => [v.id, v]));
      const assigned = new Set(page.villages.map(v => v.id));
      held.forEach((v, id) => { if (!assigned.has(id)) held.delete(id); });
      page.villages.forEach(info => {
        if (!held.has(info.id)) {
          held.set(info.id, {id: info.id, user_id: userId, households: {}, residents: {},
            visits: {}, enrolments: {}});
        }
        held.get(info.id).village = info;
      });
      TABLES.forEach(table => {
        (page.removed[table] || []).forEach(key => held.forEach(v => { delete v[table][key]; }));
        const part = page[table];
        if (!part) return;
        const keyName = part.fields[0];
        part.rows.forEach(values => {
          const item = {};
          part.fields.forEach((name, i) => { item[name] = values[i]; });
          const key = String(item[keyName]);
          if (table === 'residents') {
            item.search_key = DTN.names.searchKey(item.full_name);
            item.sort_key = DTN.names.sortKey(item.full_name);
          }
          held.forEach(v => { if (v.id !== item.village_id) delete v[table][key]; });
          const village = held.get(item.village_id);
          if (village) village[table][key] = item;
        });
      });
      (page.removed.questions || []).forEach(id => { delete state.questions[id]; });
      if (page.questions) {
        page.questions.rows.forEach(values => {
          const item = {};
          page.questions.fields.forEach((name, i) => { item[name] = values[i]; });
          state.questions[String(item.id)] = item;
        });
      }
      if (page.rules) state.rules = page.rules;
      Object.assign(state.users, page.users || {});
      state.villages = page.villages;
      state.tally = page.tally;
      if (page.campaigns) state.campaigns = page.campaigns;
      if (!page.next) {
        state.cursor = page.cursor;
        state.complete = true;
        state.pulled_at = Date.now();
      }
      const ids = new Set(held.keys());
      (await result(copy.getAllKeys())).forEach(id => { if (!ids.has(id)) copy.delete(id); });
      held.forEach(v => copy.put(v));
      meta.put(state);
      return state;
    }),

    /* The page around the screens and their words (GET /api/offline/shell), kept with
       userId's copy and gone with it. */
    putShell: (userId, shell) => run(['meta'], 'readwrite', async tx => {
      const meta = tx.objectStore('meta');
      const state = await result(meta.get('copy'));
      if (state && state.user_id === userId) meta.put(Object.assign(state, {shell}));
    }),

    /* The villages the copy holds (whoever's it is). */
    villageIds: () => run(['copy'], 'readonly', tx => result(tx.objectStore('copy').getAllKeys())),

    /* The copy belongs to one user: gone at logout, or when another account logs in. */
    forgetCopy: () => run(['copy', 'meta'], 'readwrite', tx => {
      tx.objectStore('copy').clear();
      tx.objectStore('meta').delete('copy');
      tx.objectStore('meta').delete('sent');
      tx.objectStore('meta').delete('answered');
    }),
  };

  DTN.store = store;
})(self);
