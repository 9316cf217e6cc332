// The app's withdrawal outbox: the queue over localStorage, sending through
// the API client with each entry's Idempotency-Key, flushed when the device
// comes back online and when someone is signed in (app start).
import { api } from '../api/client';
import { call, networkProblem, type Problem } from '../api/problem';
import { createStore } from '../shared/store';
import { createWithdrawalQueue, type KeyValueStorage, type QueuedWithdrawal } from './queue';

function storage(): KeyValueStorage {
  try {
    if (typeof localStorage !== 'undefined') return localStorage;
  } catch {
    // Private mode may refuse storage: keep the queue in memory for this visit.
  }
  const mem = new Map<string, string>();
  return { getItem: (k) => mem.get(k) ?? null, setItem: (k, v) => void mem.set(k, v), removeItem: (k) => void mem.delete(k) };
}

const problems = new Map<string, Problem>();

/** The outbox. */
export const outbox = createWithdrawalQueue({
  storage: storage(),
  async send(w) {
    const r = await call(
      api.POST('/api/v1/scenes/{sceneId}/consent/withdraw', {
        params: { path: { sceneId: w.sceneId }, header: { 'Idempotency-Key': w.idempotencyKey } },
        body: w.note.trim() ? { note: w.note.trim() } : {},
      }),
    );
    if (r.ok) return 200;
    problems.set(w.idempotencyKey, r.problem);
    return r.problem.status;
  },
});

/** What the outbox last did, for screens to react to. */
export interface OutboxState {
  queued: QueuedWithdrawal[];
  /** Scenes whose queued withdrawal was delivered, with when (newest last). */
  delivered: { sceneId: string; at: number }[];
}

/** The outbox's state for screens. */
export const outboxState = createStore<OutboxState>({ queued: outbox.list(), delivered: [] });

function publish(delivered: string[] = []): void {
  const prev = outboxState.get();
  outboxState.set({
    queued: outbox.list(),
    delivered: [...prev.delivered, ...delivered.map((sceneId) => ({ sceneId, at: Date.now() }))].slice(-20),
  });
}

/** The result of withdrawing. */
export type WithdrawResult = { kind: 'delivered' } | { kind: 'queued' } | { kind: 'failed'; problem: Problem };

/** Sends the person's queued withdrawals; returns the scenes delivered. */
export async function flushOutbox(userId: string): Promise<string[]> {
  if (outbox.list(userId).length === 0) return [];
  const results = await outbox.flush(userId);
  const delivered = [...results].filter(([, r]) => r.outcome === 'delivered').map(([w]) => w.sceneId);
  publish(delivered);
  return delivered;
}

/**
 * Withdraws consent: the withdrawal is queued first, then sent. Without
 * signal it stays queued and goes out when the device is back online.
 */
export async function withdraw(userId: string, sceneId: string, note: string): Promise<WithdrawResult> {
  const entry = outbox.add({ userId, sceneId, note });
  publish();
  if (typeof navigator !== 'undefined' && navigator.onLine === false) return { kind: 'queued' };
  const results = await outbox.flush(userId);
  const mine = [...results].find(([w]) => w.idempotencyKey === entry.idempotencyKey)?.[1];
  publish();
  if (!mine || mine.outcome === 'kept') return { kind: 'queued' };
  if (mine.outcome === 'delivered') return { kind: 'delivered' };
  const problem = problems.get(entry.idempotencyKey) ?? networkProblem();
  problems.delete(entry.idempotencyKey);
  return { kind: 'failed', problem };
}

/**
 * Flushes the outbox when the device comes back online (after `beforeFlush`,
 * which restores a session opened offline) and, while something waits, every
 * 30 s, for whoever is signed in with a live session then. When the session
 * cannot be restored at once (the network is often not quite back when the
 * online event fires), it tries again after 1, 2, 4 and 8 s, and every 30 s
 * after that while something waits.
 */
export function installOutbox(currentUser: () => string | null, beforeFlush: () => Promise<void> = async () => {}): void {
  const waiting = () => outbox.list().length > 0 && navigator.onLine !== false;
  const resumeAndFlush = async (retry: number) => {
    await beforeFlush();
    const user = currentUser();
    if (user) void flushOutbox(user);
    else if (retry < RESUME_RETRIES && waiting()) window.setTimeout(() => void resumeAndFlush(retry + 1), 1000 * 2 ** retry);
  };
  window.addEventListener('online', () => void resumeAndFlush(0));
  // Some networks come back without an online event; try again now and then while something waits.
  window.setInterval(() => {
    if (waiting()) void resumeAndFlush(RESUME_RETRIES);
  }, 30_000);
}

/** How many quick retries follow an online event whose session could not be restored. */
const RESUME_RETRIES = 4;
