// The one way the app talks to the server: a typed openapi-fetch client whose
// middleware adds the access token and, on a 401, refreshes the session once
// (through the HttpOnly refresh cookie) and retries the request.
//
// The access token lives only in memory here; it is never written to storage.
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from './schema';
import { REFRESH_LOCK } from './lock';

/** The typed client for the Closed Set API. */
export type Api = Client<paths>;

/** Options for createApi; tests pass a fake fetch and an absolute baseUrl. */
export interface ApiOptions {
  baseUrl?: string;
  fetch?: typeof globalThis.fetch;
  /** Called when a refresh fails: the person is no longer signed in. */
  onSessionLost?: () => void;
  /** Serialises refreshes across tabs (Web Locks); defaults to navigator.locks when present. */
  lock?: <T>(run: () => Promise<T>) => Promise<T>;
}

/** A client plus the session state its middleware keeps. */
export interface ApiSession {
  api: Api;
  getAccessToken(): string | null;
  setAccessToken(token: string | null): void;
  /** Exchanges the refresh cookie for a new access token; resolves false when signed out. */
  refresh(): Promise<boolean>;
  /** Whether the last refresh failed because the server could not be reached (offline), not because it refused. */
  lastRefreshUnreachable: boolean;
  /** Called when the session is lost; replaceable so the app can react. */
  onSessionLost: (() => void) | undefined;
}

const AUTH_PREFIX = '/api/v1/auth/';


function defaultLock<T>(run: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return run();
  return locks.request(REFRESH_LOCK, run) as Promise<T>;
}

/** Creates a client with its own in-memory session. */
export function createApi(options: ApiOptions = {}): ApiSession {
  let accessToken: string | null = null;
  let refreshing: Promise<boolean> | null = null;
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
        try {
          const { data } = await api.POST('/api/v1/auth/refresh', { credentials: 'same-origin' });
          accessToken = data?.accessToken ?? null;
          session.lastRefreshUnreachable = false;
        } catch {
          accessToken = null;
          session.lastRefreshUnreachable = true;
        }
        return accessToken !== null;
      }).finally(() => {
        refreshing = null;
      });
      return refreshing;
    },
    lastRefreshUnreachable: false,
    onSessionLost: options.onSessionLost,
  };

  const auth: Middleware = {
    onRequest({ request, schemaPath, id }) {
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
        session.onSessionLost?.();
        return undefined;
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
