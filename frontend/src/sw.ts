// The service worker: precaches the app shell, serves it for in-app
// navigations, keeps the reads a performer needs on set for offline use
// (network first, the saved copy when there is no signal), shows push
// notifications, opens the app where a notification points, and re-subscribes
// when the browser rotates a push subscription.
//
// Notifications stay discreet: the server's title and body are shown as sent
// (they name only the app and scene numbers), with a neutral fallback.
/// <reference lib="webworker" />
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { clientsClaim } from 'workbox-core';
import createClient from 'openapi-fetch';
import type { paths } from './api/schema';
import { REFRESH_LOCK } from './api/lock';
import { t } from './i18n';
import {
  CACHED_HEADER,
  OFFLINE_USER_HEADER,
  SAVED_AT_HEADER,
  apiCacheName,
  isOfflineRead,
  isOutdatedApiCache,
  safeUserId,
  userOfAuthorization,
} from './offline/rules';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: Array<{ url: string; revision: string | null } | string>;
};

self.skipWaiting();
clientsClaim();
cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST);

// In-app routes get the app shell; the server's own paths never do.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('/index.html'), {
    denylist: [/^\/api\//, /^\/healthz$/, /^\/readyz$/, /^\/metrics$/],
  }),
);

// API reads a performer needs on set: network first; without signal, the copy
// saved for the same person (by the user id in their token, or, when the app
// opened offline without a token, the id it names), marked as cached so the
// app can say how old it is. Only responses to a token are ever saved.
async function networkFirst(request: Request): Promise<Response> {
  const user = userOfAuthorization(request.headers.get('Authorization'));
  let response: Response;
  try {
    response = await fetch(request);
  } catch (err) {
    const owner = user ?? safeUserId(request.headers.get(OFFLINE_USER_HEADER));
    const saved = owner ? await (await caches.open(apiCacheName(owner))).match(request.url, { ignoreVary: true }) : undefined;
    if (!saved) throw err;
    const headers = new Headers(saved.headers);
    headers.set(CACHED_HEADER, '1');
    return new Response(saved.body, { status: saved.status, statusText: saved.statusText, headers });
  }
  if (user && response.status === 200) {
    const headers = new Headers(response.headers);
    headers.set(SAVED_AT_HEADER, new Date().toISOString());
    const copy = new Response(await response.clone().blob(), { status: 200, statusText: response.statusText, headers });
    await (await caches.open(apiCacheName(user))).put(request.url, copy).catch(() => undefined);
  }
  return response;
}

registerRoute(
  ({ url, request }) => request.method === 'GET' && url.origin === self.location.origin && isOfflineRead(url.pathname),
  ({ request }) => networkFirst(request),
);

self.addEventListener('activate', (event: ExtendableEvent) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter(isOutdatedApiCache).map((n) => caches.delete(n))))
      .then(() => undefined),
  );
});

/** The payload the server sends (the Notification JSON without readAt). */
interface PushPayload {
  id?: string;
  type?: string;
  title?: string;
  body?: string;
  url?: string;
  sceneId?: string;
}

/** Keeps a notification's url inside this app; anything else opens the start page. */
function appUrl(url: unknown): string {
  if (typeof url !== 'string' || url === '') return '/';
  try {
    const u = new URL(url, self.location.origin);
    return u.origin === self.location.origin ? u.pathname + u.search + u.hash : '/';
  } catch {
    return '/';
  }
}

function readPayload(event: PushEvent): PushPayload {
  if (!event.data) return {};
  try {
    const value: unknown = event.data.json();
    return typeof value === 'object' && value !== null ? (value as PushPayload) : {};
  } catch {
    return {};
  }
}

self.addEventListener('push', (event: PushEvent) => {
  const data = readPayload(event);
  const title = typeof data.title === 'string' && data.title ? data.title : t('push.fallbackTitle');
  const body = typeof data.body === 'string' && data.body ? data.body : t('push.fallbackBody');
  const options: NotificationOptions = {
    body,
    icon: '/icons/icon-192.png',
    badge: '/icons/favicon-32.png',
    data: { url: appUrl(data.url) },
  };
  if (data.type && data.sceneId) options.tag = `${data.type}:${data.sceneId}`;
  // A push must always show a notification, whatever arrived.
  event.waitUntil(self.registration.showNotification(title, options));
});

self.addEventListener('notificationclick', (event: NotificationEvent) => {
  event.notification.close();
  const url = appUrl((event.notification.data as { url?: unknown } | null)?.url);
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const open = windows.find((c) => new URL(c.url).origin === self.location.origin);
      if (open) {
        const focused = await open.focus();
        focused.postMessage({ type: 'navigate', url });
        return;
      }
      await self.clients.openWindow(url);
    })(),
  );
});

/** The subscription change event (not yet in TypeScript's lib). */
interface PushSubscriptionChangeEvent extends ExtendableEvent {
  readonly newSubscription?: PushSubscription | null;
  readonly oldSubscription?: PushSubscription | null;
}

const api = createClient<paths>({ baseUrl: self.location.origin, credentials: 'same-origin' });

function base64UrlToBytes(value: string): Uint8Array<ArrayBuffer> {
  const b64 = value.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(value.length / 4) * 4, '=');
  const raw = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

/** Shares the page's lock so a refresh here never races one in a tab. */
function withRefreshLock<T>(run: () => Promise<T>): Promise<T> {
  const locks = self.navigator.locks;
  return locks ? (locks.request(REFRESH_LOCK, run) as Promise<T>) : run();
}

async function resubscribe(event: PushSubscriptionChangeEvent): Promise<void> {
  let subscription = event.newSubscription ?? null;
  if (!subscription) {
    const key = await api.GET('/api/v1/push/vapid-public-key');
    if (!key.data) return;
    subscription = await self.registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: base64UrlToBytes(key.data.publicKey),
    });
  }
  // The worker has no access token of its own: it borrows one through the
  // refresh cookie, under the same lock the pages use.
  const token = await withRefreshLock(async () => (await api.POST('/api/v1/auth/refresh')).data?.accessToken);
  if (!token) return;
  const json = subscription.toJSON();
  if (!json.endpoint || !json.keys?.p256dh || !json.keys.auth) return;
  await api.POST('/api/v1/push/subscriptions', {
    headers: { Authorization: `Bearer ${token}` },
    body: { endpoint: json.endpoint, keys: { p256dh: json.keys.p256dh, auth: json.keys.auth } },
  });
}

self.addEventListener('pushsubscriptionchange', (event: Event) => {
  const e = event as PushSubscriptionChangeEvent;
  // Best effort: a failure here leaves the old subscription to expire.
  e.waitUntil(resubscribe(e).catch(() => undefined));
});
