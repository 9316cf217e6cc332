// Whether the app is showing saved data: the service worker marks responses it
// served from its cache, a middleware notices them, and one quiet line says
// "Offline — showing what was saved …". Also clears the saved data on sign-out.
import type { Middleware } from 'openapi-fetch';
import { createStore } from '../shared/store';
import { API_CACHE_PREFIX, CACHED_HEADER, OFFLINE_USER_HEADER, SAVED_AT_HEADER } from './rules';

/** Offline state: whether the device is offline and the oldest saved copy shown since. */
export interface OfflineState {
  offline: boolean;
  /** Milliseconds since the epoch of the oldest cached response shown, or null. */
  savedAt: number | null;
}

/** The app's offline state. */
export const offlineState = createStore<OfflineState>({
  offline: typeof navigator !== 'undefined' && navigator.onLine === false,
  savedAt: null,
});

function cachedAt(response: Response): number | null {
  if (!response.headers.get(CACHED_HEADER)) return null;
  const at = Date.parse(response.headers.get(SAVED_AT_HEADER) ?? response.headers.get('Date') ?? '');
  return Number.isNaN(at) ? Date.now() : at;
}

function browserOffline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false;
}

/** Watches responses: a cached one means offline; a fresh one from the network means online again. */
export const offlineMiddleware: Middleware = {
  onResponse({ response }) {
    const at = cachedAt(response);
    const now = offlineState.get();
    if (at !== null) {
      offlineState.set({ offline: true, savedAt: now.savedAt === null ? at : Math.min(now.savedAt, at) });
    } else if (now.offline && response.status !== 0 && !browserOffline()) {
      // An answer that was already on its way when the device went offline
      // is not a sign of signal: only trust it when the browser agrees.
      offlineState.set({ offline: false, savedAt: null });
    }
    return undefined;
  },
};

/**
 * Names the signed-in person on requests sent without an access token (the
 * app opened offline), so the service worker can pick that person's saved
 * copies. The server never sees it used for anything: without a token it
 * answers 401, and the client refreshes the session first.
 */
export function offlineUserMiddleware(currentUser: () => string | null): Middleware {
  return {
    onRequest({ request }) {
      const user = currentUser();
      if (user && !request.headers.has('Authorization')) request.headers.set(OFFLINE_USER_HEADER, user);
      return request;
    },
  };
}

/** Follows the browser's online/offline events. */
export function installOfflineWatch(): void {
  window.addEventListener('offline', () => offlineState.set({ offline: true, savedAt: offlineState.get().savedAt }));
  window.addEventListener('online', () => offlineState.set({ offline: false, savedAt: null }));
}

/** Deletes every saved API response (on sign-out: the next person must not see them). */
export async function clearSavedData(): Promise<void> {
  if (typeof caches === 'undefined') return;
  try {
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith(API_CACHE_PREFIX)).map((n) => caches.delete(n)));
  } catch {
    // Cache storage may be unavailable; nothing was saved then.
  }
  offlineState.set({ offline: offlineState.get().offline, savedAt: null });
}
