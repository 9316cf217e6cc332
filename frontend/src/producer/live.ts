// Keeps the coverage fresh: the production's event stream (checkins/stream.ts,
// shared with the coordinator's board: a single-use ticket, reconnecting with
// a new one) says that something changed — for producers `coverage.changed`
// with a scene id, for coordinators also consent and check-in events — and
// the coverage is read again, once per burst (debounced). While the stream is
// down the coverage is read every minute instead.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Timers } from '../checkins/feed';
import { streamFor, type BoardEvent } from '../checkins/stream';

/** Where live updates stand: connecting, live, down (retrying) or off (the server gave no stream). */
export type LiveStatus = 'connecting' | 'live' | 'down' | 'off';

/** A source of production events (the stream feed). */
export interface EventSourceLike {
  listen(listener: (e: BoardEvent) => void): () => void;
  connected(): boolean;
}

/** Options of the live coverage controller. */
export interface LiveOptions {
  source: EventSourceLike;
  /** Reads the coverage again. */
  refresh: () => void;
  /** Told whenever the status changes. */
  onStatus?: (s: LiveStatus) => void;
  timers?: Timers;
  now?: () => number;
  /** Quiet time after the last event before reading (default 500 ms). */
  debounceMs?: number;
  /** Longest a burst of events may delay the read (default 2 s). */
  maxWaitMs?: number;
  /** Between reads while the stream is down or off (default 60 s). */
  fallbackMs?: number;
  /** Whether the page is hidden (no fallback reads then). */
  hidden?: () => boolean;
}

const realTimers: Timers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Starts following a production's events; returns a function that stops. */
export function followCoverage(opts: LiveOptions): () => void {
  const timers = opts.timers ?? realTimers;
  const now = opts.now ?? Date.now;
  const debounce = opts.debounceMs ?? 500;
  const maxWait = opts.maxWaitMs ?? 2000;
  const fallback = opts.fallbackMs ?? 60_000;
  const hidden = opts.hidden ?? (() => typeof document !== 'undefined' && document.visibilityState === 'hidden');
  let status: LiveStatus = opts.source.connected() ? 'live' : 'connecting';
  let pending: unknown = null;
  let firstAt = 0;
  let poll: unknown = null;
  let stopped = false;

  const setStatus = (s: LiveStatus) => {
    if (s === status) return;
    status = s;
    opts.onStatus?.(s);
    schedulePoll();
  };

  const fire = () => {
    pending = null;
    if (!stopped) opts.refresh();
  };

  /** A trailing debounce that never waits longer than maxWait after the first event of a burst. */
  const soon = () => {
    const t = now();
    if (pending === null) firstAt = t;
    else timers.clear(pending);
    pending = timers.set(fire, Math.max(0, Math.min(debounce, firstAt + maxWait - t)));
  };

  function schedulePoll() {
    if (poll !== null) timers.clear(poll);
    poll = null;
    if (stopped || status === 'live' || status === 'connecting') return;
    poll = timers.set(() => {
      poll = null;
      if (!hidden()) opts.refresh();
      schedulePoll();
    }, fallback);
  }

  const stopListening = opts.source.listen((e) => {
    if (e.type === 'stream.down') {
      setStatus(e.data.final === true ? 'off' : 'down');
      return;
    }
    // On (re)connecting, anything missed meanwhile is read too.
    if (e.type === 'stream.open') setStatus('live');
    soon();
  });
  opts.onStatus?.(status);

  return () => {
    stopped = true;
    stopListening();
    if (pending !== null) timers.clear(pending);
    if (poll !== null) timers.clear(poll);
  };
}

/** Follows the production's events while the component is shown; refresh reads the coverage again. */
export function useLiveCoverage(productionId: string, refresh: () => void): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const latest = useRef(refresh);
  latest.current = refresh;
  useEffect(() => {
    // Without EventSource there is no stream: reading every minute is all there is.
    const source: EventSourceLike =
      typeof EventSource === 'undefined'
        ? {
            listen: (l) => {
              l({ type: 'stream.down', data: { final: true } });
              return () => undefined;
            },
            connected: () => false,
          }
        : streamFor(productionId);
    return followCoverage({ source, refresh: () => latest.current(), onStatus: setStatus });
  }, [productionId]);
  return status;
}
