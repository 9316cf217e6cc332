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

/** The last problem per person and scene, for the screen that withdrew. */
const problems = new Map<string, Problem>();
const sceneKey = (userId: string, sceneId: string) => `${userId}\n${sceneId}`;
/** Withdrawals on the wire now (person and scene). */
const inFlight = new Set<string>();

/** The outbox. */
export const outbox = createWithdrawalQueue({
  storage: storage(),
  async send(w) {
    inFlight.add(sceneKey(w.userId, w.sceneId));
    publish();
    try {
      const r = await call(
        api.POST('/api/v1/scenes/{sceneId}/consent/withdraw', {
          params: { path: { sceneId: w.sceneId }, header: { 'Idempotency-Key': w.idempotencyKey } },
          body: w.note.trim() ? { note: w.note.trim() } : {},
        }),
      );
      if (r.ok) return 200;
      problems.set(sceneKey(w.userId, w.sceneId), r.problem);
      return { status: r.problem.status, code: r.problem.code };
    } finally {
      inFlight.delete(sceneKey(w.userId, w.sceneId));
      // The caller publishes the outcome right after; until then the entry still reads as waiting, never as confirmed.
    }
  },
});

/** What the outbox last did, for screens to react to. */
export interface OutboxState {
  queued: QueuedWithdrawal[];
  /** Queued withdrawals being sent right now, as "userId\nsceneId". */
  sending: string[];
  /** Scenes whose queued withdrawal was delivered, with when (newest last). */
  delivered: { sceneId: string; at: number }[];
}

/** The outbox's state for screens. */
export const outboxState = createStore<OutboxState>({ queued: outbox.list(), sending: [], delivered: [] });

function publish(delivered: string[] = []): void {
  const prev = outboxState.get();
  outboxState.set({
    queued: outbox.list(),
    sending: [...inFlight],
    delivered: [...prev.delivered, ...delivered.map((sceneId) => ({ sceneId, at: Date.now() }))].slice(-20),
  });
}

/** Where a person's withdrawal of a scene stands on this device: waiting to send, being sent, or nothing pending. */
export type PendingWithdrawal = 'queued' | 'sending' | null;

/** The pending withdrawal of a scene in an outbox state. */
export function pendingWithdrawal(state: OutboxState, userId: string, sceneId: string): PendingWithdrawal {
  if (state.sending.includes(sceneKey(userId, sceneId))) return 'sending';
  return state.queued.some((w) => w.userId === userId && w.sceneId === sceneId) ? 'queued' : null;
}

/** When a withdrawal of the scene was last delivered from this device (ms since the epoch), or null. */
export function deliveredAt(state: OutboxState, sceneId: string): number | null {
  const hits = state.delivered.filter((d) => d.sceneId === sceneId);
  return hits.length ? hits[hits.length - 1]!.at : null;
}

/** Drops queued withdrawals that match (a production the person lost access to) and tells the screens. */
export function dropQueued(match: (w: QueuedWithdrawal) => boolean): number {
  const n = outbox.drop(match);
  if (n) publish();
  return n;
}

/** The result of withdrawing. */
export type WithdrawResult = { kind: 'delivered' } | { kind: 'queued' } | { kind: 'failed'; problem: Problem };

const online = () => typeof navigator === 'undefined' || navigator.onLine !== false;

/** Retries while online but unanswered (server trouble, the first copy still running): 2, 4, 8, 16, then every 30 s. */
let retryAttempt = 0;
let retryTimer: number | undefined;
let retryNow: (() => void) | null = null;

function scheduleRetry(): void {
  if (!retryNow || retryTimer !== undefined || typeof window === 'undefined') return;
  const delay = Math.min(30, 2 ** ++retryAttempt) * 1000;
  retryTimer = window.setTimeout(() => {
    retryTimer = undefined;
    retryNow?.();
  }, delay);
}

/** Sends the person's queued withdrawals; returns the scenes delivered. */
export async function flushOutbox(userId: string): Promise<string[]> {
  if (outbox.list(userId).length === 0) return [];
  const results = await outbox.flush(userId);
  const delivered = [...results].filter(([, r]) => r.outcome === 'delivered').map(([w]) => w.sceneId);
  publish(delivered);
  if (delivered.length) retryAttempt = 0;
  // Kept although there is signal: the server had trouble or is still on the first copy; try again soon.
  if ([...results.values()].some((r) => r.outcome === 'kept' && r.status !== 0) && online()) scheduleRetry();
  return delivered;
}

/**
 * Withdraws consent: the withdrawal is queued first, then sent. Without
 * signal it stays queued and goes out when the device is back online.
 */
export async function withdraw(userId: string, sceneId: string, note: string, productionId?: string): Promise<WithdrawResult> {
  outbox.add({ userId, sceneId, note, ...(productionId ? { productionId } : {}) });
  publish();
  if (!online()) return { kind: 'queued' };
  const results = await outbox.flush(userId);
  const mine = [...results].find(([w]) => w.userId === userId && w.sceneId === sceneId)?.[1];
  publish(mine?.outcome === 'delivered' ? [sceneId] : []);
  if (!mine || mine.outcome === 'kept') {
    if (mine && mine.status !== 0 && online()) scheduleRetry();
    return { kind: 'queued' };
  }
  if (mine.outcome === 'delivered') return { kind: 'delivered' };
  const problem = problems.get(sceneKey(userId, sceneId)) ?? networkProblem();
  problems.delete(sceneKey(userId, sceneId));
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
  retryNow = () => void resumeAndFlush(RESUME_RETRIES);
  // Some networks come back without an online event; try again now and then while something waits.
  window.setInterval(() => {
    if (waiting()) void resumeAndFlush(RESUME_RETRIES);
  }, 30_000);
}

/** How many quick retries follow an online event whose session could not be restored. */
const RESUME_RETRIES = 4;
