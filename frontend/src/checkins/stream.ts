// The coordinator's live feed: the production's server-sent event stream
// (GET /api/v1/productions/{id}/events with a single-use ticket) says when a
// check-in was requested, answered or closed; watched check-ins are then read
// at once. While the stream is up the feed polls only every 15 s as a safety
// net; when it is down (or refused) it polls every 3 s and reconnects with a
// new ticket. The stream carries ids and states only, never notes. Other
// screens (the coverage dashboard) listen to the same stream.
import { api } from '../api/client';
import { call, type Result } from '../api/problem';
import type { CheckIn, Role } from '../api/types';
import { checkinFeed, getCheckin, pollingFeed, type CheckinFeed, type Timers } from './feed';

/** Events the stream sends: the board's (coordinators) and coverage changes (producers and coordinators). */
export const STREAM_EVENTS = ['checkin.requested', 'checkin.answered', 'checkin.closed', 'consent.changed', 'coverage.changed'] as const;
/**
 * A board event: its type and its ids and states. "stream.open" and
 * "stream.down" are the feed's own: the stream (re)connected, so anything
 * missed should be reread; or it went down (data.final is true when the
 * server refused a ticket and the feed will not try again).
 */
export interface BoardEvent {
  type: (typeof STREAM_EVENTS)[number] | 'stream.open' | 'stream.down';
  data: Record<string, unknown>;
}

/** Opens an event stream; returns a function that closes it. Injectable for tests. */
export type Connect = (url: string, on: { open(): void; event(e: BoardEvent): void; error(): void }) => () => void;

/** A feed driven by a production's event stream. */
export interface StreamFeed extends CheckinFeed {
  /** Listens to every board event (for example to notice new check-ins); returns a function that stops. */
  listen(listener: (e: BoardEvent) => void): () => void;
  /** Whether the stream is connected now. */
  connected(): boolean;
}

/** Options of the stream feed. */
export interface StreamOptions {
  productionId: string;
  ticket: () => Promise<Result<string>>;
  connect: Connect;
  fetch?: (checkinId: string) => Promise<Result<CheckIn>>;
  timers?: Timers;
  hidden?: () => boolean;
  /** Safety poll while connected (default 15 s). */
  connectedIntervalMs?: number;
  /** Poll while not connected (default 3 s). */
  fallbackIntervalMs?: number;
  /** Wait before reconnecting (default 5 s, doubling to 60 s). */
  retryMs?: number;
}

const realTimers: Timers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** A stream-driven feed for one production. */
export function streamFeed(opts: StreamOptions): StreamFeed {
  const timers = opts.timers ?? realTimers;
  let open = false;
  let users = 0;
  let close: (() => void) | null = null;
  let retry: unknown = null;
  let delay = opts.retryMs ?? 5000;
  let generation = 0;
  const listeners = new Set<(e: BoardEvent) => void>();
  const poller = pollingFeed({
    fetch: opts.fetch ?? getCheckin,
    timers,
    hidden: opts.hidden,
    intervalMs: () => (open ? (opts.connectedIntervalMs ?? 15_000) : (opts.fallbackIntervalMs ?? 3000)),
  });

  const onEvent = (e: BoardEvent) => {
    const id = typeof e.data.checkinId === 'string' ? e.data.checkinId : null;
    if (id && (e.type === 'checkin.answered' || e.type === 'checkin.closed')) poller.poke(id);
    for (const l of [...listeners]) l(e);
  };

  const disconnect = () => {
    generation++;
    open = false;
    close?.();
    close = null;
    if (retry !== null) timers.clear(retry);
    retry = null;
  };

  const connect = async () => {
    const mine = ++generation;
    const ticket = await opts.ticket();
    if (mine !== generation || users === 0) return;
    if (!ticket.ok) {
      // Not allowed (no stream for this role here): polling only, no retries.
      const final = ticket.problem.status === 401 || ticket.problem.status === 403 || ticket.problem.status === 404;
      onEvent({ type: 'stream.down', data: { final } });
      if (!final) scheduleRetry();
      return;
    }
    const url = `/api/v1/productions/${encodeURIComponent(opts.productionId)}/events?ticket=${encodeURIComponent(ticket.data)}`;
    close = opts.connect(url, {
      open: () => {
        if (mine !== generation) return;
        open = true;
        delay = opts.retryMs ?? 5000;
        // Anything missed while connecting is read now.
        poller.pokeAll();
        onEvent({ type: 'stream.open', data: {} });
      },
      event: (e) => mine === generation && onEvent(e),
      error: () => {
        if (mine !== generation) return;
        open = false;
        close?.();
        close = null;
        onEvent({ type: 'stream.down', data: { final: false } });
        scheduleRetry();
      },
    });
  };

  const scheduleRetry = () => {
    if (users === 0 || retry !== null) return;
    retry = timers.set(() => {
      retry = null;
      void connect();
    }, delay);
    delay = Math.min(delay * 2, 60_000);
  };

  const use = () => {
    users++;
    if (users === 1) void connect();
    return () => {
      users--;
      if (users === 0) disconnect();
    };
  };

  return {
    watch(checkinId, on) {
      const release = use();
      const stop = poller.watch(checkinId, on);
      return () => {
        stop();
        release();
      };
    },
    listen(listener) {
      listeners.add(listener);
      const release = use();
      return () => {
        listeners.delete(listener);
        release();
      };
    },
    connected: () => open,
  };
}

function parse(data: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(data);
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The browser's EventSource. It is closed on the first error (a ticket works once); the feed reconnects. */
export const eventSourceConnect: Connect = (url, on) => {
  const es = new EventSource(url);
  es.onopen = () => on.open();
  es.onerror = () => {
    es.close();
    on.error();
  };
  for (const type of STREAM_EVENTS) {
    es.addEventListener(type, (e) => on.event({ type, data: parse((e as MessageEvent<string>).data) }));
  }
  return () => es.close();
};

const feeds = new Map<string, StreamFeed>();

/** The feed for someone holding role in a production: the stream for coordinators, polling for everyone else. */
export function feedFor(productionId: string, role: Role | null): CheckinFeed {
  if (role !== 'coordinator' || typeof EventSource === 'undefined') return checkinFeed;
  return streamFor(productionId);
}

/** The production's stream feed (one per production, shared by the screens). */
export function streamFor(productionId: string): StreamFeed {
  let f = feeds.get(productionId);
  if (!f) {
    f = streamFeed({
      productionId,
      connect: eventSourceConnect,
      ticket: async () => {
        const r = await call(api.POST('/api/v1/productions/{productionId}/events/ticket', { params: { path: { productionId } } }));
        return r.ok ? { ok: true, data: r.data.ticket } : r;
      },
    });
    feeds.set(productionId, f);
  }
  return f;
}
