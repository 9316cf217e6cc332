// The one way the app talks to the server: a typed openapi-fetch client whose
// middleware adds the access token and, on a 401, refreshes the session once
// (through the HttpOnly refresh cookie) and retries the request.
//
// Only a refresh the server answers 401 ends the session. A refresh that gets
// no answer, or a 5xx, 503, 429 or any other answer, says nothing about the
// session: it stays, the data on screen stays, and the app tries again later.
//
// The access token lives only in memory here; it is never written to storage.
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from './schema';
import type { Me } from './types';
import { REFRESH_LOCK } from './lock';
import { t } from '../i18n';

/** The typed client for the Closed Set API. */
export type Api = Client<paths>;

/** Options for createApi; tests pass a fake fetch and an absolute baseUrl. */
export interface ApiOptions {
  baseUrl?: string;
  fetch?: typeof globalThis.fetch;
  /** Called when a refresh is refused (401): the person is no longer signed in. */
  onSessionLost?: () => void;
  /** Called when a refresh could not be done just now (no answer, 5xx, 429…): the session stays. */
  onRefreshUnavailable?: () => void;
  /** Serialises refreshes across tabs (Web Locks); defaults to navigator.locks when present. */
  lock?: <T>(run: () => Promise<T>) => Promise<T>;
}

/** A client plus the session state its middleware keeps. */
export interface ApiSession {
  api: Api;
  getAccessToken(): string | null;
  setAccessToken(token: string | null): void;
  /** Exchanges the refresh cookie for a new access token; resolves false when it did not get one. */
  refresh(): Promise<boolean>;
  /** How the last refresh ended: a new token, refused by the server (401), or not possible just now. */
  lastRefresh: RefreshOutcome;
  /**
   * The person as the last successful refresh answered it (what GET /me
   * answers; null when it did not say), so that opening the app needs no
   * second round trip. Taken once: takeRefreshedMe clears it.
   */
  takeRefreshedMe(): Me | null;
  /** Whether the last refresh failed for a reason other than the server refusing it (offline, 5xx, 429…). */
  readonly lastRefreshUnreachable: boolean;
  /** Called when the session is lost (a refresh answered 401); replaceable so the app can react. */
  onSessionLost: (() => void) | undefined;
  /** Called when a refresh could not be done just now; replaceable so the app can try again later. */
  onRefreshUnavailable: (() => void) | undefined;
  /** Called just before a refresh request is sent (the app's first render waits for it when nothing is saved to show). */
  onRefreshSending: (() => void) | undefined;
}

/** How a refresh ended. Only 'refused' (the server answered 401) means signed out. */
export type RefreshOutcome = 'ok' | 'refused' | 'unavailable';

const AUTH_PREFIX = '/api/v1/auth/';

/**
 * The answer given to a request whose 401 could not be cured because the
 * refresh was not possible just now: a 503, so screens keep what they show and
 * try again, and nobody is signed out.
 */
function unavailableResponse(): Response {
  return new Response(
    JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503, code: 'session_unavailable', detail: t('session.unavailable') }),
    { status: 503, headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '5' } },
  );
}

function defaultLock<T>(run: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return run();
  return locks.request(REFRESH_LOCK, run) as Promise<T>;
}

/** Creates a client with its own in-memory session. */
export function createApi(options: ApiOptions = {}): ApiSession {
  let accessToken: string | null = null;
  let refreshing: Promise<boolean> | null = null;
  let refreshedMe: Me | null = null;
  const lock = options.lock ?? defaultLock;
  // Requests that may be retried after a refresh, keyed by middleware id: the
  // body of the original request is consumed when it is sent.
  const retryable = new Map<string, Request>();

  const api = createClient<paths>({
    baseUrl: options.baseUrl ?? '',
    fetch: options.fetch,
    credentials: 'same-origin',
  });

  const session: ApiSession = {
    api,
    getAccessToken: () => accessToken,
    setAccessToken(token) {
      accessToken = token;
    },
    refresh() {
      // One refresh at a time: concurrent 401s share it.
      refreshing ??= lock(async () => {
        let outcome: RefreshOutcome;
        refreshedMe = null;
        try {
          session.onRefreshSending?.();
          const { data, response } = await api.POST('/api/v1/auth/refresh', { credentials: 'same-origin' });
          if (response.ok && data?.accessToken) {
            accessToken = data.accessToken;
            refreshedMe = data.me ?? null;
            outcome = 'ok';
          } else if (response.status === 401) {
            accessToken = null;
            outcome = 'refused';
          } else {
            outcome = 'unavailable';
          }
        } catch {
          outcome = 'unavailable';
        }
        session.lastRefresh = outcome;
        return outcome === 'ok';
      }).finally(() => {
        refreshing = null;
        if (session.lastRefresh === 'unavailable') session.onRefreshUnavailable?.();
      });
      return refreshing;
    },
    lastRefresh: 'ok',
    takeRefreshedMe() {
      const me = refreshedMe;
      refreshedMe = null;
      return me;
    },
    get lastRefreshUnreachable() {
      return session.lastRefresh === 'unavailable';
    },
    onSessionLost: options.onSessionLost,
    onRefreshUnavailable: options.onRefreshUnavailable,
    onRefreshSending: undefined,
  };

  const auth: Middleware = {
    async onRequest({ request, schemaPath, id }) {
      // Opening the app: a request made while the session is being restored
      // waits for the new token rather than earning a 401 and a second trip.
      if (!accessToken && refreshing && !schemaPath.startsWith(AUTH_PREFIX)) await refreshing.catch(() => false);
      if (accessToken) request.headers.set('Authorization', `Bearer ${accessToken}`);
      if (!schemaPath.startsWith(AUTH_PREFIX)) retryable.set(id, request.clone());
      return request;
    },
    async onResponse({ response, options: fetchOptions, id }) {
      const original = retryable.get(id);
      retryable.delete(id);
      if (response.status !== 401 || !original) return undefined;
      const sentWith = original.headers.get('Authorization');
      // Another request may have refreshed already while this one was in flight.
      const fresh =
        accessToken && sentWith !== `Bearer ${accessToken}` ? true : await session.refresh();
      if (!fresh || !accessToken) {
        // Only a refused refresh ends the session; otherwise keep it and say "not now".
        if (session.lastRefresh === 'refused') {
          session.onSessionLost?.();
          return undefined;
        }
        return unavailableResponse();
      }
      original.headers.set('Authorization', `Bearer ${accessToken}`);
      const send = fetchOptions.fetch; // called unbound, as openapi-fetch does
      return send(original);
    },
    onError({ id }) {
      retryable.delete(id);
      return undefined;
    },
  };
  api.use(auth);
  return session;
}

/** The app's session and client. */
export const session = createApi();

/** The app's typed API client. */
export const api = session.api;
