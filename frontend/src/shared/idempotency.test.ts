import { describe, expect, it, vi } from 'vitest';
import type { Result } from '../api/problem';
import { createKeyHolder, fingerprint, isRecorded, isStillSending, sendKeyed } from './idempotency';

function counter() {
  let n = 0;
  return () => `k${++n}`;
}

const fail = (status: number, code?: string, retryAfter?: number): Result<never> => ({
  ok: false,
  problem: { status, ...(code ? { code } : {}), ...(retryAfter !== undefined ? { retryAfter } : {}) },
});

describe('key holder', () => {
  it('keeps one key for the same body and makes a new one when the body changes', () => {
    const keys = createKeyHolder(counter());
    expect(keys.keyFor({ reason: 'Reset' })).toBe('k1');
    expect(keys.keyFor({ reason: 'Reset' })).toBe('k1');
    expect(keys.keyFor({ reason: 'Reset the mark' })).toBe('k2');
    // Back to the first body: it is another request now, with its own key.
    expect(keys.keyFor({ reason: 'Reset' })).toBe('k3');
  });

  it('ignores the order of object members but not of arrays', () => {
    expect(fingerprint({ a: 1, b: { c: 2, d: 3 } })).toBe(fingerprint({ b: { d: 3, c: 2 }, a: 1 }));
    expect(fingerprint([1, 2])).not.toBe(fingerprint([2, 1]));
    const keys = createKeyHolder(counter());
    expect(keys.keyFor('/a', { x: 1, y: 2 })).toBe(keys.keyFor('/a', { y: 2, x: 1 }));
    expect(keys.keyFor('/b', { x: 1, y: 2 })).not.toBe('k1');
  });

  it('keeps the key after an unknown outcome, so an identical retry reuses it', () => {
    const keys = createKeyHolder(counter());
    for (const [status, code] of [[0], [408], [429], [500], [503], [409, 'idempotency_in_progress'], [401]] as const) {
      const key = keys.keyFor({ same: true });
      keys.settle(status, code);
      expect(keys.keyFor({ same: true }), `after ${status}`).toBe(key);
    }
  });

  it('spends the key after a definite answer: a retry after a 422 is a new request (no replayed refusal)', () => {
    const keys = createKeyHolder(counter());
    expect(keys.keyFor({ v: 1 })).toBe('k1');
    keys.settle(422, 'invalid');
    expect(keys.keyFor({ v: 1 })).toBe('k2');
    keys.settle(409, 'stale_version');
    expect(keys.keyFor({ v: 1 })).toBe('k3');
    keys.reset();
    expect(keys.current).toBeNull();
  });
});

describe('sendKeyed', () => {
  it('sends once and spends the key on success', async () => {
    const keys = createKeyHolder(counter());
    const send = vi.fn(async (key: string): Promise<Result<string>> => ({ ok: true, data: key }));
    expect(await sendKeyed(keys, { a: 1 }, send)).toEqual({ ok: true, data: 'k1' });
    expect(keys.current).toBeNull();
    expect(await sendKeyed(keys, { a: 1 }, send)).toEqual({ ok: true, data: 'k2' });
  });

  it('a corrected form after a 422 goes with a new key (never the old one with another body)', async () => {
    const keys = createKeyHolder(counter());
    const seen: string[] = [];
    const send = async (key: string): Promise<Result<string>> => (seen.push(key), seen.length === 1 ? fail(422, 'invalid') : { ok: true, data: 'ok' });
    expect((await sendKeyed(keys, { reason: '' }, send)).ok).toBe(false);
    expect((await sendKeyed(keys, { reason: 'Fixed' }, send)).ok).toBe(true);
    expect(seen).toEqual(['k1', 'k2']);
  });

  it('an identical retry after no answer reuses the key', async () => {
    const keys = createKeyHolder(counter());
    const seen: string[] = [];
    const send = async (key: string): Promise<Result<string>> => (seen.push(key), seen.length === 1 ? fail(0, 'network') : { ok: true, data: 'ok' });
    await sendKeyed(keys, { reason: 'x' }, send);
    await sendKeyed(keys, { reason: 'x' }, send);
    expect(seen).toEqual(['k1', 'k1']);
  });

  it('waits out 409 idempotency_in_progress with the same key, bounded, following Retry-After up to the cap', async () => {
    const keys = createKeyHolder(counter());
    const seen: string[] = [];
    const slept: number[] = [];
    const onWaiting = vi.fn();
    const answers = [fail(409, 'idempotency_in_progress', 1), fail(409, 'idempotency_in_progress', 30)];
    const send = async (key: string): Promise<Result<string>> => (seen.push(key), answers.shift() ?? { ok: true, data: 'done' });
    const r = await sendKeyed(keys, { a: 1 }, send, { onWaiting, sleep: async (ms) => void slept.push(ms) });
    expect(r).toEqual({ ok: true, data: 'done' });
    expect(seen).toEqual(['k1', 'k1', 'k1']);
    expect(slept).toEqual([1000, 4000]);
    expect(onWaiting).toHaveBeenCalledTimes(2);
  });

  it('hands back "still sending" after the bounded retries and keeps the key for the next identical try', async () => {
    const keys = createKeyHolder(counter());
    const send = vi.fn(async (): Promise<Result<string>> => fail(409, 'idempotency_in_progress'));
    const r = await sendKeyed(keys, { a: 1 }, send, { retries: 2, sleep: async () => {} });
    expect(send).toHaveBeenCalledTimes(3);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(isStillSending(r.problem)).toBe(true);
    expect(keys.current).toBe('k1');
  });

  it('sends once more with a new key after 422 idempotency_key_reused', async () => {
    const keys = createKeyHolder(counter());
    const seen: string[] = [];
    const send = async (key: string): Promise<Result<string>> =>
      (seen.push(key), seen.length === 1 ? fail(422, 'idempotency_key_reused') : { ok: true, data: 'ok' });
    expect((await sendKeyed(keys, { a: 1 }, send)).ok).toBe(true);
    expect(seen).toEqual(['k1', 'k2']);
  });

  it('tells a recorded first copy (409 idempotency_recorded) apart, and spends its key', async () => {
    const keys = createKeyHolder(counter());
    const r = await sendKeyed(keys, { a: 1 }, async () => fail(409, 'idempotency_recorded'));
    expect(!r.ok && isRecorded(r.problem)).toBe(true);
    expect(keys.current).toBeNull();
  });
});
