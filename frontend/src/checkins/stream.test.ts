import { describe, expect, it, vi } from 'vitest';
import type { CheckIn } from '../api/types';
import type { Result } from '../api/problem';
import { manualTimers } from './manualTimers';
import { streamFeed, type BoardEvent, type Connect } from './stream';

function state(open: boolean): CheckIn {
  return { id: 'c1', sceneId: 's1', reason: 'r', requestedAt: '', expiresAt: '2099-01-01T00:00:00Z', open, outcome: null, responses: [] };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

/** A fake EventSource the test drives. */
function fakeStream() {
  const opened: { url: string; on: Parameters<Connect>[1]; closed: boolean }[] = [];
  const connect: Connect = (url, on) => {
    const s = { url, on, closed: false };
    opened.push(s);
    return () => {
      s.closed = true;
    };
  };
  return { opened, connect };
}

function setup(ticket: () => Promise<Result<string>> = async () => ({ ok: true, data: `t${Math.random()}` })) {
  const m = manualTimers();
  const s = fakeStream();
  const fetch = vi.fn(async (): Promise<Result<CheckIn>> => ({ ok: true, data: state(true) }));
  const tickets = vi.fn(ticket);
  const feed = streamFeed({ productionId: 'p 1', ticket: tickets, connect: s.connect, fetch, timers: m.timers, hidden: () => false });
  return { m, s, fetch, tickets, feed };
}

describe('the stream check-in feed', () => {
  it('connects with a ticket, reads at once on an answer, and polls only rarely while connected', async () => {
    const { m, s, fetch, feed } = setup();
    const stop = feed.watch('c1', { value: () => undefined, error: () => undefined });
    await flush();
    expect(s.opened).toHaveLength(1);
    expect(s.opened[0]!.url).toMatch(/^\/api\/v1\/productions\/p%201\/events\?ticket=t/);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(m.pending.map((p) => p.ms)).toEqual([3000]);
    s.opened[0]!.on.open();
    await flush();
    expect(feed.connected()).toBe(true);
    // Reconnecting rereads what is watched; from then on the safety poll is slow.
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(m.pending.map((p) => p.ms)).toEqual([15_000]);
    s.opened[0]!.on.event({ type: 'checkin.answered', data: { checkinId: 'c1', answer: 'stop' } });
    await flush();
    expect(fetch).toHaveBeenCalledTimes(3);
    s.opened[0]!.on.event({ type: 'checkin.answered', data: { checkinId: 'other' } });
    await flush();
    expect(fetch).toHaveBeenCalledTimes(3);
    stop();
    expect(s.opened[0]!.closed).toBe(true);
    expect(m.pending).toHaveLength(0);
  });

  it('polls every 3 s while the stream is down and reconnects with a new ticket', async () => {
    const { m, s, tickets, feed } = setup();
    feed.watch('c1', { value: () => undefined, error: () => undefined });
    await flush();
    s.opened[0]!.on.open();
    await flush();
    s.opened[0]!.on.error();
    expect(feed.connected()).toBe(false);
    expect(s.opened[0]!.closed).toBe(true);
    const retry = m.pending.find((p) => p.ms === 5000)!;
    expect(retry).toBeTruthy();
    m.pending.splice(m.pending.indexOf(retry), 1);
    retry.run();
    await flush();
    expect(tickets).toHaveBeenCalledTimes(2);
    expect(s.opened).toHaveLength(2);
  });

  it('stays with polling when the server refuses a ticket', async () => {
    const { m, s, feed } = setup(async () => ({ ok: false, problem: { status: 403, code: 'forbidden' } }));
    feed.watch('c1', { value: () => undefined, error: () => undefined });
    await flush();
    expect(s.opened).toHaveLength(0);
    expect(m.pending.map((p) => p.ms)).toEqual([3000]);
  });

  it('tells listeners when the stream goes down, and whether it will try again', async () => {
    const { s, feed } = setup();
    const seen: BoardEvent[] = [];
    feed.listen((e) => seen.push(e));
    await flush();
    s.opened[0]!.on.open();
    s.opened[0]!.on.event({ type: 'coverage.changed', data: { sceneId: 's1' } });
    s.opened[0]!.on.error();
    expect(seen).toEqual([
      { type: 'stream.open', data: {} },
      { type: 'coverage.changed', data: { sceneId: 's1' } },
      { type: 'stream.down', data: { final: false } },
    ]);
    const refused = setup(async () => ({ ok: false, problem: { status: 403, code: 'forbidden' } }));
    const seenRefused: BoardEvent[] = [];
    refused.feed.listen((e) => seenRefused.push(e));
    await flush();
    expect(seenRefused).toEqual([{ type: 'stream.down', data: { final: true } }]);
    expect(refused.m.pending).toHaveLength(0);
  });

  it('tells listeners about board events, and closes when nobody listens', async () => {
    const { s, feed } = setup();
    const seen: BoardEvent[] = [];
    const stop = feed.listen((e) => seen.push(e));
    await flush();
    s.opened[0]!.on.open();
    s.opened[0]!.on.event({ type: 'checkin.requested', data: { checkinId: 'c2', sceneId: 's1' } });
    expect(seen.map((e) => e.type)).toEqual(['stream.open', 'checkin.requested']);
    stop();
    expect(s.opened[0]!.closed).toBe(true);
    expect(feed.connected()).toBe(false);
  });
});
