/* The push loop, shared by the pages and the service worker (Background Sync).

   A small state machine whose states the status bar shows as they are:
     idle        nothing waiting, or everything sent
     pushing     a batch is on its way
     offline     no network: waiting for it (retried on "online" and on a timer)
     needs_login the session expired, or belongs to another user: records kept, log in to resume
     error       the server failed (5xx) or refused the body: retried with backoff
   Oldest records first, in batches; a record leaves the outbox only on the server's word
   (accepted or duplicate). A body is gzip-compressed (CompressionStream) and a batch is as many
   records as fit in BATCH_BYTES compressed (at most BATCH records, the server's limit), so a
   thousand visits go in one request. 413 halves the batch. One push at a time per device,
   across tabs, through a Web Lock. */
(function (root) {
  'use strict';
  const DTN = root.DTN = root.DTN || {};
  const store = DTN.store;
  const BATCH = 2000;
  const BATCH_BYTES = 256 * 1024;
  const LOCK = 'den-tung-nha-push';
  const channel = 'BroadcastChannel' in root ? new BroadcastChannel('den-tung-nha-sync') : null;
  const listeners = [];

  function announce(message) {
    listeners.forEach(fn => fn(message));
    if (channel) channel.postMessage(message);
  }
  if (channel) channel.onmessage = event => listeners.forEach(fn => fn(event.data));

  async function setState(state, message) {
    const value = {key: 'sync', state, message: message || '', at: Date.now()};
    await store.putMeta(value);
    if (root.console) root.console.info('[sync]', state, message || '');
    announce({type: 'state', state, message: value.message});
    return state;
  }

  function envelope(record) {
    return {id: record.id, seq: record.seq, kind: record.kind, created_at: record.created_at,
      data: record.data};
  }

  async function errorMessage(response) {
    try {
      const body = await response.json();
      return body.message || String(response.status);
    } catch (_ignored) {
      return 'HTTP ' + response.status;
    }
  }

  /* The body gzip-compressed, where the browser can (else as it is). */
  async function compressed(text) {
    if (!('CompressionStream' in root)) return {body: text, size: text.length, headers: {}};
    const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
    const body = new Uint8Array(await new Response(stream).arrayBuffer());
    return {body, size: body.length, headers: {'Content-Encoding': 'gzip'}};
  }

  /* The oldest waiting records that fit in BATCH_BYTES once compressed (at least one), as a
     request body: {records, body, headers}. */
  async function nextBatch(device, userId, appVersion, limit) {
    let take = limit;
    for (;;) {
      const records = await store.waiting(userId, take);
      if (!records.length) return null;
      const pending = await store.countWaiting(userId);
      const packed = await compressed(JSON.stringify({device_id: device.device_id,
        app_version: appVersion, pending, user_id: userId, records: records.map(envelope)}));
      if (packed.size <= BATCH_BYTES || records.length === 1) {
        return Object.assign(packed, {records, pending});
      }
      take = Math.max(1, Math.floor(records.length * BATCH_BYTES / packed.size * 0.9));
    }
  }

  async function pushAll(userId, appVersion) {
    const device = await store.device();
    let batch = BATCH;
    for (;;) {
      const next = await nextBatch(device, userId, appVersion, batch);
      if (!next) return setState('idle');
      const records = next.records;
      await setState('pushing', String(next.pending));
      let response;
      try {
        response = await fetch('/api/sync/push', {
          method: 'POST', credentials: 'same-origin', body: next.body,
          headers: Object.assign({'Content-Type': 'application/json',
            'Accept': 'application/json'}, next.headers),
        });
      } catch (_networkFailure) {
        return setState('offline');
      }
      if (response.status === 401 || response.status === 409) {
        return setState('needs_login', await errorMessage(response));
      }
      if (response.status === 413) {
        if (batch === 1) return setState('error', await errorMessage(response));
        batch = Math.max(1, Math.floor(Math.min(batch, records.length) / 2));
        continue;
      }
      if (!response.ok) return setState('error', await errorMessage(response));
      let body;
      try {
        body = await response.json();
      } catch (_notJson) {
        return setState('error', 'HTTP ' + response.status);
      }
      const counts = await store.settle(records, body.results || []);
      await store.putMeta({key: 'last-sync:' + userId, at: Date.now(),
        server_time: body.server_time});
      announce({type: 'pushed', counts});
    }
  }

  /* Push userId's records; while another tab (or the worker) pushes, wait for it to finish,
     then send whatever is still waiting. */
  function run(userId, appVersion) {
    if (!userId) return Promise.resolve('idle');
    if (root.navigator && root.navigator.locks) {
      return root.navigator.locks.request(LOCK, () => pushAll(userId, appVersion));
    }
    return pushAll(userId, appVersion);
  }

  DTN.sync = {
    run,
    note: setState,
    onChange: fn => listeners.push(fn),
    state: () => store.getMeta('sync'),
    announce,
  };
})(self);
