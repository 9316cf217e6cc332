import { describe, expect, it, vi } from 'vitest';
import type { CheckIn } from '../api/types';
import type { Problem, Result } from '../api/problem';
import { pollingFeed } from './feed';
import { manualTimers } from './manualTimers';

function state(open: boolean, answer: 'ok' | 'stop' | null = null): CheckIn {
  return {
    id: 'c1',
    sceneId: 's1',
    reason: 'before take 4',
    requestedAt: '2026-03-01T10:00:00Z',
    expiresAt: '2026-03-01T10:05:00Z',
    open,
    outcome: open ? null : (answer ?? 'no_response'),
    responses: [{ userId: 'alex', displayName: 'Alex', answer, answeredAt: null }],
  };
}

describe('the polling check-in feed', () => {
  it('polls at once, then every 3 s while open, and stops once the server says closed', async () => {
    const answers: Result<CheckIn>[] = [
      { ok: true, data: state(true) },
      { ok: true, data: state(true, 'stop') },
      { ok: true, data: state(false, 'stop') },
    ];
    const fetch = vi.fn(async () => answers.shift()!);
    const m = manualTimers();
    const seen: CheckIn[] = [];
    pollingFeed({ fetch, timers: m.timers, hidden: () => false }).watch('c1', { value: (c) => seen.push(c), error: () => undefined });
    await m.flush();
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(m.pending.map((p) => p.ms)).toEqual([3000]);
    await m.tick();
    expect(seen.map((c) => c.responses?.[0]?.answer)).toEqual([null, 'stop']);
    await m.tick();
    expect(seen.at(-1)!.open).toBe(false);
    expect(m.pending).toHaveLength(0);
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it('keeps trying through a lost connection, and stops on a refusal', async () => {
    const offline: Problem = { status: 0, code: 'network' };
    const gone: Problem = { status: 404, code: 'not_found' };
    const answers: Result<CheckIn>[] = [{ ok: false, problem: offline }, { ok: true, data: state(true) }, { ok: false, problem: gone }];
    const m = manualTimers();
    const errors: [number, boolean][] = [];
    pollingFeed({ fetch: async () => answers.shift()!, timers: m.timers, hidden: () => false }).watch('c1', {
      value: () => undefined,
      error: (p, final) => errors.push([p.status, final]),
    });
    await m.flush();
    await m.tick();
    await m.tick();
    expect(errors).toEqual([
      [0, false],
      [404, true],
    ]);
    expect(m.pending).toHaveLength(0);
  });

  it('polls slower while the page is hidden, and stops when the screen goes', async () => {
    let hidden = true;
    const m = manualTimers();
    const fetch = vi.fn(async (): Promise<Result<CheckIn>> => ({ ok: true, data: state(true) }));
    const stop = pollingFeed({ fetch, timers: m.timers, hidden: () => hidden }).watch('c1', { value: () => undefined, error: () => undefined });
    await m.flush();
    expect(m.pending[0]!.ms).toBe(15_000);
    hidden = false;
    await m.tick();
    expect(m.pending[0]!.ms).toBe(3000);
    stop();
    expect(m.pending).toHaveLength(0);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('never reports after the screen has gone', async () => {
    let resolve!: (r: Result<CheckIn>) => void;
    const value = vi.fn();
    const m = manualTimers();
    const stop = pollingFeed({ fetch: () => new Promise((r) => (resolve = r)), timers: m.timers }).watch('c1', { value, error: vi.fn() });
    stop();
    resolve({ ok: true, data: state(true) });
    await m.flush();
    expect(value).not.toHaveBeenCalled();
    expect(m.pending).toHaveLength(0);
  });
});
