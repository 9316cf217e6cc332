// Where a live check-in's updates come from. Screens watch a check-in through
// a CheckinFeed and never know how the updates arrive. The polling feed reads
// GET /api/v1/checkins/{id} every 3 s while the check-in is open; the stream
// feed (stream.ts, for coordinators) polls rarely and reads at once when the
// production's event stream says an answer arrived, falling back to polling
// every 3 s whenever the stream is down.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import { call, type Problem, type Result } from '../api/problem';
import type { CheckIn } from '../api/types';

/** Receives a watched check-in's states. */
export interface CheckinWatcher {
  /** Each state as it arrives (the last one has open = false). */
  value(c: CheckIn): void;
  /** A failed update; `final` when watching has stopped because of it. */
  error(problem: Problem, final: boolean): void;
}

/** A source of live check-in states. */
export interface CheckinFeed {
  /** Starts watching a check-in; returns a function that stops. */
  watch(checkinId: string, on: CheckinWatcher): () => void;
}

/** Timers, injectable for tests. */
export interface Timers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Options of the polling feed. */
export interface PollingOptions {
  fetch: (checkinId: string) => Promise<Result<CheckIn>>;
  /** Between polls while the screen is shown (default 3 s); read before every wait. */
  intervalMs?: number | (() => number);
  /** Between polls while the screen is hidden (default 15 s). */
  hiddenIntervalMs?: number;
  /** Whether the page is hidden (default: document.visibilityState). */
  hidden?: () => boolean;
  timers?: Timers;
}

/** Whether a failed poll is worth repeating (no answer, rate limit, server trouble). */
function retryable(p: Problem): boolean {
  return p.status === 0 || p.status === 408 || p.status === 429 || p.status >= 500;
}

/** A feed whose watchers can be asked to read at once. */
export interface PokableFeed extends CheckinFeed {
  /** Reads a watched check-in now (after the read in flight, if any). */
  poke(checkinId: string): void;
  /** Reads every watched check-in now. */
  pokeAll(): void;
}

/**
 * A feed that polls: at once, then every intervalMs until the server says the
 * check-in is closed. Polls never overlap. A refusal (403, 404…) stops it.
 */
export function pollingFeed(opts: PollingOptions): PokableFeed {
  const timers = opts.timers ?? realTimers;
  const interval = typeof opts.intervalMs === 'function' ? opts.intervalMs : () => (opts.intervalMs as number | undefined) ?? 3000;
  const hiddenInterval = opts.hiddenIntervalMs ?? 15_000;
  const hidden = opts.hidden ?? (() => typeof document !== 'undefined' && document.visibilityState === 'hidden');
  const pokes = new Map<string, Set<() => void>>();
  return {
    watch(checkinId, on) {
      let stopped = false;
      let done = false;
      let handle: unknown = null;
      let inFlight = false;
      let again = false;
      const poll = async () => {
        if (stopped || done) return;
        if (inFlight) {
          again = true;
          return;
        }
        if (handle !== null) timers.clear(handle);
        handle = null;
        inFlight = true;
        const r = await opts.fetch(checkinId);
        inFlight = false;
        if (stopped) return;
        if (r.ok) {
          on.value(r.data);
          done = !r.data.open;
        } else {
          const final = !retryable(r.problem);
          on.error(r.problem, final);
          done = final;
        }
        if (done) return;
        if (again) {
          again = false;
          void poll();
          return;
        }
        handle = timers.set(() => void poll(), hidden() ? Math.max(hiddenInterval, interval()) : interval());
      };
      const poke = () => void poll();
      const set = pokes.get(checkinId) ?? new Set<() => void>();
      set.add(poke);
      pokes.set(checkinId, set);
      void poll();
      return () => {
        stopped = true;
        if (handle !== null) timers.clear(handle);
        set.delete(poke);
        if (set.size === 0) pokes.delete(checkinId);
      };
    },
    poke(checkinId) {
      for (const p of pokes.get(checkinId) ?? []) p();
    },
    pokeAll() {
      for (const set of pokes.values()) for (const p of set) p();
    },
  };
}

/** Reads one check-in. */
export function getCheckin(checkinId: string): Promise<Result<CheckIn>> {
  return call(api.GET('/api/v1/checkins/{checkinId}', { params: { path: { checkinId } } }));
}

/** The app's feed. */
export const checkinFeed: CheckinFeed = pollingFeed({ fetch: getCheckin });

/** A watched check-in as a screen uses it. */
export interface LiveCheckin {
  checkin: CheckIn | null;
  /** The last failure (cleared by the next update). */
  problem: Problem | null;
  /** Watching stopped because the server refused (not found, not allowed). */
  gone: boolean;
}

/** Watches a check-in while the component is shown; `initial` is shown until the first update. */
export function useLiveCheckin(checkinId: string, initial: CheckIn | null = null, feed: CheckinFeed = checkinFeed): LiveCheckin {
  const [state, setState] = useState<LiveCheckin>({ checkin: initial, problem: null, gone: false });
  useEffect(() => {
    setState({ checkin: initial, problem: null, gone: false });
    return feed.watch(checkinId, {
      value: (c) => setState({ checkin: c, problem: null, gone: false }),
      error: (problem, final) => setState((s) => ({ ...s, problem, gone: final })),
    });
  }, [checkinId, feed]);
  return state;
}
