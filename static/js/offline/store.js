/* The phone's own storage (IndexedDB), shared by the pages and the service worker.

   outbox     records waiting to be sent: {id, seq, kind, created_at, data, user_id}
   attention  records the server answered "conflict" or "rejected": "Cần xử lý"
   meta       the device (id, next seq), the session's user, last sync, the offline copy
   villages   the offline copy of each assigned village list (compact rows)

   A record's seq is taken in the same transaction that stores it, so two tabs never share one
   and a number is never reused. */
(function (root) {
  'use strict';
  const DTN = root.DTN = root.DTN || {};
  const NAME = 'den-tung-nha';
  const VERSION = 1;
  let opening = null;

  function open() {
    if (!opening) {
      opening = new Promise((resolve, reject) => {
        const request = indexedDB.open(NAME, VERSION);
        request.onupgradeneeded = () => {
          const db = request.result;
          db.createObjectStore('outbox', {keyPath: 'id'}).createIndex('user_seq', ['user_id', 'seq']);
          db.createObjectStore('attention', {keyPath: 'id'}).createIndex('user', 'user_id');
          db.createObjectStore('meta', {keyPath: 'key'});
          db.createObjectStore('villages', {keyPath: 'id'});
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

    /* userId's records the server would not take, oldest first. */
    attention: userId => run(['attention'], 'readonly', async tx =>
      (await result(tx.objectStore('attention').index('user').getAll(userId)))
        .sort((a, b) => a.seq - b.seq)),

    /* Apply the server's answer: delete what it has, set aside what it would not take. */
    settle: (sent, results) => run(['outbox', 'attention'], 'readwrite', async tx => {
      const outbox = tx.objectStore('outbox');
      const counts = {accepted: 0, duplicate: 0, conflict: 0, rejected: 0};
      sent.forEach((record, i) => {
        const answer = results[i];
        if (!answer || answer.id !== record.id || !(answer.status in counts)) return;
        counts[answer.status] += 1;
        outbox.delete(record.id);
        if (answer.status === 'conflict' || answer.status === 'rejected') {
          tx.objectStore('attention').put(Object.assign({}, record, {
            status: answer.status, reason: answer.reason || '', answered_at: Date.now()}));
        }
      });
      return counts;
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

    putMeta: value => run(['meta'], 'readwrite', tx => { tx.objectStore('meta').put(value); }),

    putVillage: village => run(['villages'], 'readwrite', tx => {
      tx.objectStore('villages').put(village);
    }),

    villages: () => run(['villages'], 'readonly', tx => result(tx.objectStore('villages').getAll())),

    villageIds: () => run(['villages'], 'readonly', tx =>
      result(tx.objectStore('villages').getAllKeys())),

    /* The offline copy belongs to the user who made it: gone at logout. */
    forgetOfflineCopy: () => run(['villages', 'meta'], 'readwrite', tx => {
      tx.objectStore('villages').clear();
      tx.objectStore('meta').delete('offline-copy');
    }),
  };

  DTN.store = store;
})(self);
