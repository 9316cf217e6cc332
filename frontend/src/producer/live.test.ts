import { describe, expect, it, vi } from 'vitest';
import type { BoardEvent } from '../checkins/stream';
import type { Timers } from '../checkins/feed';
import { followCoverage, type LiveStatus } from './live';

/** Timers driven by a fake clock. */
function clock() {
  let now = 0;
  let seq = 0;
  const pending = new Map<number, { at: number; run: () => void }>();
  const timers: Timers = {
    set: (run, ms) => {
      const id = ++seq;
      pending.set(id, { at: now + ms, run });
      return id;
    },
    clear: (h) => void pending.delete(h as number),
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const next = [...pending.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!next) break;
      pending.delete(next[0]);
      now = next[1].at;
      next[1].run();
    }
    now = end;
  };
  return { timers, advance, now: () => now, pending };
}

function source(connected = false) {
  const listeners = new Set<(e: BoardEvent) => void>();
  return {
    listen: (l: (e: BoardEvent) => void) => {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
    connected: () => connected,
    emit: (type: BoardEvent['type'], data: Record<string, unknown> = {}) => {
      for (const l of [...listeners]) l({ type, data });
    },
    listeners,
  };
}

function setup(connected = false) {
  const c = clock();
  const s = source(connected);
  const refresh = vi.fn();
  const statuses: LiveStatus[] = [];
  const stop = followCoverage({ source: s, refresh, onStatus: (x) => statuses.push(x), timers: c.timers, now: c.now, hidden: () => false });
  return { c, s, refresh, statuses, stop };
}

describe('live coverage', () => {
  it('reads the coverage once, 500 ms after a burst of events', () => {
    const { c, s, refresh } = setup(true);
    s.emit('coverage.changed', { sceneId: 's1' });
    c.advance(200);
    s.emit('coverage.changed', { sceneId: 's2' });
    c.advance(200);
    s.emit('consent.changed', { sceneId: 's1' });
    c.advance(499);
    expect(refresh).not.toHaveBeenCalled();
    c.advance(1);
    expect(refresh).toHaveBeenCalledTimes(1);
    c.advance(10_000);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('never lets a steady stream of events hold the read back more than 2 s', () => {
    const { c, s, refresh } = setup(true);
    for (let i = 0; i < 10; i++) {
      s.emit('coverage.changed', { sceneId: `s${i}` });
      c.advance(300);
    }
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(c.now()).toBe(3000);
  });

  it('is live once the stream opens and rereads then (anything missed while connecting)', () => {
    const { c, s, refresh, statuses } = setup(false);
    expect(statuses).toEqual(['connecting']);
    s.emit('stream.open');
    expect(statuses).toEqual(['connecting', 'live']);
    c.advance(500);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('reads every minute while the stream is down, and stops when it is back', () => {
    const { c, s, refresh, statuses } = setup(true);
    s.emit('stream.down', { final: false });
    expect(statuses.at(-1)).toBe('down');
    c.advance(60_000);
    expect(refresh).toHaveBeenCalledTimes(1);
    c.advance(60_000);
    expect(refresh).toHaveBeenCalledTimes(2);
    s.emit('stream.open');
    c.advance(500);
    expect(refresh).toHaveBeenCalledTimes(3);
    c.advance(180_000);
    expect(refresh).toHaveBeenCalledTimes(3);
  });

  it('says "off" when the server gives no stream, and keeps reading every minute', () => {
    const { c, s, refresh, statuses } = setup(false);
    s.emit('stream.down', { final: true });
    expect(statuses.at(-1)).toBe('off');
    c.advance(120_000);
    expect(refresh).toHaveBeenCalledTimes(2);
  });

  it('stops listening and reading when stopped', () => {
    const { c, s, refresh, stop } = setup(true);
    s.emit('coverage.changed');
    s.emit('stream.down', { final: false });
    stop();
    expect(s.listeners.size).toBe(0);
    c.advance(300_000);
    expect(refresh).not.toHaveBeenCalled();
    expect(c.pending.size).toBe(0);
  });
});
