// Idempotency-Keys for forms. The rule: one key per request body. Sending the
// same body again after an unknown outcome (no answer, a timeout, server
// trouble, the first copy still running) reuses the key, so the server does
// the work at most once; any other body — a corrected form, another answer —
// gets a new key, so the server never replays an old refusal for it (nor
// answers 422 idempotency_key_reused). After a definite answer (success or a
// refusal) the key is spent and the next send gets a new one.
//
// sendKeyed also waits out 409 idempotency_in_progress (the first copy is
// still running on the server) a few times before handing it back; screens
// show it as "Still sending…", never as a failure.
import { useRef } from 'preact/hooks';
import { IN_PROGRESS, KEY_REUSED, RECORDED, isTemporary, type Problem, type Result } from '../api/problem';
import { newIdempotencyKey } from '../offline/queue';

/** Holds the key of the request a form is sending, keyed by what it sends. */
export interface KeyHolder {
  /** The key for this request (path, body…): the held one for the same request, a new one for any other. */
  keyFor(...request: unknown[]): string;
  /** Records the answer: the key is kept only when the outcome is unknown (an identical retry must reuse it). */
  settle(status: number, code?: string): void;
  /** Forgets the key: the next send gets a new one. */
  reset(): void;
  /** The key held now, if any (for tests and diagnostics). */
  readonly current: string | null;
}

/** A stable text for a request: JSON with object keys sorted, undefined members left out. */
export function fingerprint(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** Creates a key holder (newKey is injectable for tests). */
export function createKeyHolder(newKey: () => string = newIdempotencyKey): KeyHolder {
  let held: { key: string; print: string } | null = null;
  return {
    keyFor(...request) {
      const print = fingerprint(request);
      if (!held || held.print !== print) held = { key: newKey(), print };
      return held.key;
    },
    settle(status, code) {
      if (!isTemporary(status, code) && status !== 401) held = null;
    },
    reset() {
      held = null;
    },
    get current() {
      return held?.key ?? null;
    },
  };
}

/** A key holder that lives as long as the component. */
export function useKeyHolder(): KeyHolder {
  const ref = useRef<KeyHolder | null>(null);
  ref.current ??= createKeyHolder();
  return ref.current;
}

/** How sendKeyed waits for a first copy still running. */
export interface SendOptions {
  /** How many times to send again after 409 idempotency_in_progress (default 3). */
  retries?: number;
  /** The longest wait between tries, in ms (default 4000); the server's Retry-After is followed up to it. */
  maxDelayMs?: number;
  /** Called before each wait, so the screen can say "Still sending…". */
  onWaiting?: () => void;
  /** Waits ms (injectable for tests). */
  sleep?: (ms: number) => Promise<void>;
}

const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Sends a request with the key for its body (see KeyHolder): on 409
 * idempotency_in_progress it sends the same request again after a short,
 * bounded wait; on 422 idempotency_key_reused (which the rule above should
 * make impossible) it sends once more with a new key. The key is then
 * settled by the answer.
 */
export async function sendKeyed<T>(
  keys: KeyHolder,
  request: unknown,
  send: (key: string) => Promise<Result<T>>,
  opts: SendOptions = {},
): Promise<Result<T>> {
  const retries = opts.retries ?? 3;
  const maxDelay = opts.maxDelayMs ?? 4000;
  const sleep = opts.sleep ?? wait;
  let rekeyed = false;
  for (let attempt = 0; ; attempt++) {
    const r = await send(keys.keyFor(request));
    if (r.ok) {
      keys.reset();
      return r;
    }
    const p = r.problem;
    if (p.status === 409 && p.code === IN_PROGRESS && attempt < retries) {
      opts.onWaiting?.();
      const hinted = p.retryAfter !== undefined ? p.retryAfter * 1000 : 1000 * 2 ** attempt;
      await sleep(Math.min(maxDelay, Math.max(250, hinted)));
      continue;
    }
    if (p.status === 422 && p.code === KEY_REUSED && !rekeyed) {
      rekeyed = true;
      keys.reset();
      continue;
    }
    keys.settle(p.status, p.code);
    return r;
  }
}

/** Whether a problem says the request is still being handled (show "Still sending…", not an error). */
export function isStillSending(problem: Problem): boolean {
  return problem.status === 409 && problem.code === IN_PROGRESS;
}

/** Whether a problem says the first copy was recorded and only its answer was lost: it is done; reload the state. */
export function isRecorded(problem: Problem): boolean {
  return problem.status === 409 && problem.code === RECORDED;
}
