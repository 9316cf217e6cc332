// The outbox for withdrawals made without signal. A withdrawal is written here
// first, then sent with its Idempotency-Key; if the phone is offline it stays
// until the next flush (back online, or the app starting signed in) and is
// sent again with the same key, so the server records it exactly once.
//
// Each entry has its own key and its body never changes (a second withdrawal
// of the same scene keeps the first entry), so the server never sees one key
// with two bodies. Answers about the key itself: 409 idempotency_in_progress
// (the first copy is still running) keeps the entry for later; 409
// idempotency_recorded (the first copy was recorded, its answer lost) counts
// as delivered; 422 idempotency_key_reused, which should never happen, gets
// the entry a new key and keeps it — a withdrawal is never dropped for it.
//
// Storage and sending are injected so the queue is testable without a browser.

/** A withdrawal waiting to be delivered. */
export interface QueuedWithdrawal {
  userId: string;
  sceneId: string;
  /** The scene's production, when known (entries queued before it was kept have none). */
  productionId?: string;
  note: string;
  idempotencyKey: string;
  queuedAt: string;
}

/** The part of the Web Storage API the queue uses. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** An answer to one send: the HTTP status (0 when there was no answer) and the problem's code, if any. */
export interface SendAnswer {
  status: number;
  code?: string;
}

/** Sends one withdrawal; resolves to the HTTP status (0 when the request never got an answer) or status and code. */
export type SendWithdrawal = (w: QueuedWithdrawal) => Promise<number | SendAnswer>;

/** What happened to one entry in a flush. */
export type FlushOutcome = 'delivered' | 'kept' | 'rejected';

/** The withdrawal outbox. */
export interface WithdrawalQueue {
  /** Queues a withdrawal (one per person and scene: a second one keeps the first's key). */
  add(w: { userId: string; sceneId: string; productionId?: string; note: string; idempotencyKey?: string }): QueuedWithdrawal;
  /** Everything queued, or only a person's entries. */
  list(userId?: string): QueuedWithdrawal[];
  /** The person's queued withdrawal for a scene, if any. */
  find(userId: string, sceneId: string): QueuedWithdrawal | undefined;
  /** Drops every entry that matches (a production the person no longer belongs to); returns how many. */
  drop(match: (w: QueuedWithdrawal) => boolean): number;
  /** Sends the person's queued withdrawals; delivered and rejected ones leave the queue. */
  flush(userId: string): Promise<Map<QueuedWithdrawal, FlushResult>>;
}

/** One entry's result in a flush. */
export interface FlushResult {
  outcome: FlushOutcome;
  status: number;
  code?: string;
}

/** The storage key of the outbox. */
export const OUTBOX_KEY = 'closedset.outbox.v1';

/** Answers worth trying again later: no answer, timeouts, rate limits, server trouble, lost session, the first copy still running. */
export function isRetryable(status: number, code?: string): boolean {
  return (
    status === 0 || status === 401 || status === 408 || status === 429 || status >= 500 || (status === 409 && code === 'idempotency_in_progress')
  );
}

/** What an answer means for a queued withdrawal. */
export function outcomeOf(status: number, code?: string): FlushOutcome {
  if (status >= 200 && status < 300) return 'delivered';
  // The first copy was recorded; only its answer was lost.
  if (status === 409 && code === 'idempotency_recorded') return 'delivered';
  if (isRetryable(status, code)) return 'kept';
  // Never drop a withdrawal over its key: it is re-keyed and kept.
  if (status === 422 && code === 'idempotency_key_reused') return 'kept';
  return 'rejected';
}

function newKey(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  const bytes = new Uint8Array(16);
  c.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Creates the outbox over storage, sending with send. */
export function createWithdrawalQueue(opts: {
  storage: KeyValueStorage;
  send: SendWithdrawal;
  now?: () => Date;
  key?: string;
}): WithdrawalQueue {
  const storeKey = opts.key ?? OUTBOX_KEY;
  const now = opts.now ?? (() => new Date());
  const flushing = new Map<string, Promise<Map<QueuedWithdrawal, FlushResult>>>();

  function read(): QueuedWithdrawal[] {
    try {
      const raw = opts.storage.getItem(storeKey);
      const value: unknown = raw ? JSON.parse(raw) : [];
      return Array.isArray(value)
        ? value.filter(
            (w): w is QueuedWithdrawal =>
              typeof w === 'object' &&
              w !== null &&
              typeof w.userId === 'string' &&
              typeof w.sceneId === 'string' &&
              typeof w.idempotencyKey === 'string',
          )
        : [];
    } catch {
      return [];
    }
  }

  function write(items: QueuedWithdrawal[]): void {
    if (items.length === 0) opts.storage.removeItem(storeKey);
    else opts.storage.setItem(storeKey, JSON.stringify(items));
  }

  const same = (a: QueuedWithdrawal, b: QueuedWithdrawal) => a.idempotencyKey === b.idempotencyKey && a.userId === b.userId;

  async function sendOnce(w: QueuedWithdrawal): Promise<SendAnswer> {
    try {
      const answer = await opts.send(w);
      return typeof answer === 'number' ? { status: answer } : answer;
    } catch {
      return { status: 0 };
    }
  }

  async function run(userId: string) {
    const results = new Map<QueuedWithdrawal, FlushResult>();
    for (const queued of read().filter((x) => x.userId === userId)) {
      let w = queued;
      let answer = await sendOnce(w);
      if (answer.status === 422 && answer.code === 'idempotency_key_reused') {
        // Should never happen (one key per entry, one body per entry); if it does, a new key and one more try.
        const rekeyed: QueuedWithdrawal = { ...w, idempotencyKey: newKey() };
        write(read().map((x) => (same(x, w) ? rekeyed : x)));
        w = rekeyed;
        answer = await sendOnce(w);
      }
      const outcome = outcomeOf(answer.status, answer.code);
      if (outcome !== 'kept') write(read().filter((x) => !same(x, w)));
      results.set(w, { outcome, status: answer.status, ...(answer.code ? { code: answer.code } : {}) });
      // Without signal the rest would fail the same way; try them next time.
      if (answer.status === 0) break;
    }
    return results;
  }

  return {
    add(w) {
      const items = read();
      const existing = items.find((x) => x.userId === w.userId && x.sceneId === w.sceneId);
      if (existing) return existing;
      const entry: QueuedWithdrawal = {
        userId: w.userId,
        sceneId: w.sceneId,
        ...(w.productionId ? { productionId: w.productionId } : {}),
        note: w.note,
        idempotencyKey: w.idempotencyKey ?? newKey(),
        queuedAt: now().toISOString(),
      };
      write([...items, entry]);
      return entry;
    },
    list(userId) {
      const items = read();
      return userId === undefined ? items : items.filter((x) => x.userId === userId);
    },
    find(userId, sceneId) {
      return read().find((x) => x.userId === userId && x.sceneId === sceneId);
    },
    drop(match) {
      const items = read();
      const kept = items.filter((x) => !match(x));
      if (kept.length !== items.length) write(kept);
      return items.length - kept.length;
    },
    flush(userId) {
      // One flush per person at a time: the online event and app start may race.
      const running = flushing.get(userId);
      if (running) return running;
      const p = run(userId).finally(() => flushing.delete(userId));
      flushing.set(userId, p);
      return p;
    },
  };
}

export { newKey as newIdempotencyKey };
