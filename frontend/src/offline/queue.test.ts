import { describe, expect, it, vi } from 'vitest';
import { createWithdrawalQueue, outcomeOf, OUTBOX_KEY, type KeyValueStorage, type QueuedWithdrawal } from './queue';

function fakeStorage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

/** A fake network: offline until told otherwise; records what reached the server. */
function fakeNetwork() {
  const received: { sceneId: string; key: string; note: string }[] = [];
  const net = { online: false, status: 200 };
  const send = vi.fn(async (w: QueuedWithdrawal) => {
    if (!net.online) throw new TypeError('Failed to fetch');
    received.push({ sceneId: w.sceneId, key: w.idempotencyKey, note: w.note });
    return net.status;
  });
  return { net, send, received };
}

describe('withdrawal outbox', () => {
  it('keeps a withdrawal made offline and sends it once, with the same key, when back online', async () => {
    const storage = fakeStorage();
    const { net, send, received } = fakeNetwork();
    const q = createWithdrawalQueue({ storage, send, now: () => new Date('2026-05-01T10:00:00Z') });

    const entry = q.add({ userId: 'u1', sceneId: 's1', note: 'Private word' });
    expect(entry.idempotencyKey).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(JSON.parse(storage.data.get(OUTBOX_KEY)!)).toEqual([
      { userId: 'u1', sceneId: 's1', note: 'Private word', idempotencyKey: entry.idempotencyKey, queuedAt: '2026-05-01T10:00:00.000Z' },
    ]);

    // Offline: a network error keeps it queued.
    const first = await q.flush('u1');
    expect([...first.values()]).toEqual([{ outcome: 'kept', status: 0 }]);
    expect(q.find('u1', 's1')).toEqual(entry);
    expect(received).toEqual([]);

    // Back online: sent with the same key, then removed.
    net.online = true;
    const second = await q.flush('u1');
    expect([...second.values()]).toEqual([{ outcome: 'delivered', status: 200 }]);
    expect(received).toEqual([{ sceneId: 's1', key: entry.idempotencyKey, note: 'Private word' }]);
    expect(q.list()).toEqual([]);
    expect(storage.data.has(OUTBOX_KEY)).toBe(false);

    // Nothing is sent twice.
    await q.flush('u1');
    expect(received).toHaveLength(1);
  });

  it('runs one flush at a time, so a reconnect and an app start do not double-send', async () => {
    const { net, send, received } = fakeNetwork();
    net.online = true;
    const q = createWithdrawalQueue({ storage: fakeStorage(), send });
    q.add({ userId: 'u1', sceneId: 's1', note: '' });
    await Promise.all([q.flush('u1'), q.flush('u1')]);
    expect(received).toHaveLength(1);
  });

  it('keeps one entry per scene: withdrawing again reuses the first key', () => {
    const q = createWithdrawalQueue({ storage: fakeStorage(), send: async () => 200 });
    const a = q.add({ userId: 'u1', sceneId: 's1', note: 'first' });
    const b = q.add({ userId: 'u1', sceneId: 's1', note: 'second' });
    expect(b.idempotencyKey).toBe(a.idempotencyKey);
    expect(q.list('u1')).toHaveLength(1);
  });

  it('reuses a key given by a send that already failed once', () => {
    const q = createWithdrawalQueue({ storage: fakeStorage(), send: async () => 200 });
    expect(q.add({ userId: 'u1', sceneId: 's1', note: '', idempotencyKey: 'k-1' }).idempotencyKey).toBe('k-1');
  });

  it('keeps entries on server trouble, drops ones the server refuses', async () => {
    let status = 503;
    const q = createWithdrawalQueue({ storage: fakeStorage(), send: async () => status });
    q.add({ userId: 'u1', sceneId: 's1', note: '' });
    expect([...(await q.flush('u1')).values()]).toEqual([{ outcome: 'kept', status: 503 }]);
    status = 401;
    expect([...(await q.flush('u1')).values()]).toEqual([{ outcome: 'kept', status: 401 }]);
    status = 404;
    expect([...(await q.flush('u1')).values()]).toEqual([{ outcome: 'rejected', status: 404 }]);
    expect(q.list()).toEqual([]);
  });

  it('keeps a withdrawal whose first copy is still running (409 idempotency_in_progress) and sends it again with the same key', async () => {
    const sent: { key: string; note: string }[] = [];
    let answer: { status: number; code?: string } = { status: 409, code: 'idempotency_in_progress' };
    const q = createWithdrawalQueue({ storage: fakeStorage(), send: async (w) => (sent.push({ key: w.idempotencyKey, note: w.note }), answer) });
    const entry = q.add({ userId: 'u1', sceneId: 's1', note: 'n' });
    expect([...(await q.flush('u1')).values()]).toEqual([{ outcome: 'kept', status: 409, code: 'idempotency_in_progress' }]);
    expect(q.find('u1', 's1')).toEqual(entry);
    answer = { status: 200 };
    expect([...(await q.flush('u1')).values()]).toEqual([{ outcome: 'delivered', status: 200 }]);
    expect(sent).toEqual([
      { key: entry.idempotencyKey, note: 'n' },
      { key: entry.idempotencyKey, note: 'n' },
    ]);
    expect(q.list()).toEqual([]);
  });

  it('counts 409 idempotency_recorded (recorded, answer lost) as delivered', async () => {
    const q = createWithdrawalQueue({ storage: fakeStorage(), send: async () => ({ status: 409, code: 'idempotency_recorded' }) });
    q.add({ userId: 'u1', sceneId: 's1', note: '' });
    expect([...(await q.flush('u1')).values()]).toEqual([{ outcome: 'delivered', status: 409, code: 'idempotency_recorded' }]);
    expect(q.list()).toEqual([]);
  });

  it('drops other 409s (a real conflict) as refused', async () => {
    const q = createWithdrawalQueue({ storage: fakeStorage(), send: async () => ({ status: 409, code: 'conflict' }) });
    q.add({ userId: 'u1', sceneId: 's1', note: '' });
    expect([...(await q.flush('u1')).values()]).toEqual([{ outcome: 'rejected', status: 409, code: 'conflict' }]);
  });

  it('never drops a withdrawal over 422 idempotency_key_reused: it gets a new key and is sent again', async () => {
    const keys: string[] = [];
    const answers = [{ status: 422, code: 'idempotency_key_reused' }, { status: 0 }, { status: 200 }];
    const q = createWithdrawalQueue({ storage: fakeStorage(), send: async (w) => (keys.push(w.idempotencyKey), answers.shift()!) });
    const entry = q.add({ userId: 'u1', sceneId: 's1', note: '' });
    expect([...(await q.flush('u1')).values()]).toEqual([{ outcome: 'kept', status: 0 }]);
    const kept = q.find('u1', 's1')!;
    expect(kept.idempotencyKey).not.toBe(entry.idempotencyKey);
    expect(keys).toEqual([entry.idempotencyKey, kept.idempotencyKey]);
    // The new key stays with the entry for its retries.
    expect([...(await q.flush('u1')).values()]).toEqual([{ outcome: 'delivered', status: 200 }]);
    expect(keys).toEqual([entry.idempotencyKey, kept.idempotencyKey, kept.idempotencyKey]);
  });

  it('maps answers to outcomes', () => {
    expect(outcomeOf(200)).toBe('delivered');
    expect(outcomeOf(409, 'idempotency_recorded')).toBe('delivered');
    for (const s of [0, 401, 408, 429, 500, 503]) expect(outcomeOf(s)).toBe('kept');
    expect(outcomeOf(409, 'idempotency_in_progress')).toBe('kept');
    expect(outcomeOf(422, 'idempotency_key_reused')).toBe('kept');
    expect(outcomeOf(404)).toBe('rejected');
    expect(outcomeOf(422, 'invalid')).toBe('rejected');
  });

  it("sends only the signed-in person's withdrawals", async () => {
    const sent: string[] = [];
    const q = createWithdrawalQueue({ storage: fakeStorage(), send: async (w) => (sent.push(w.userId), 200) });
    q.add({ userId: 'u1', sceneId: 's1', note: '' });
    q.add({ userId: 'u2', sceneId: 's1', note: '' });
    await q.flush('u2');
    expect(sent).toEqual(['u2']);
    expect(q.list().map((w) => w.userId)).toEqual(['u1']);
  });

  it('survives corrupt storage', () => {
    const storage = fakeStorage();
    storage.setItem(OUTBOX_KEY, '{not json');
    const q = createWithdrawalQueue({ storage, send: async () => 200 });
    expect(q.list()).toEqual([]);
    q.add({ userId: 'u1', sceneId: 's1', note: '' });
    expect(q.list()).toHaveLength(1);
  });
});
