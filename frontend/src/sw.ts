// The service worker: precaches the app shell, serves it for in-app
// navigations, keeps the reads a performer needs on set for offline use
// (network first, the saved copy when there is no signal), shows push
// notifications, opens the app where a notification points, and re-subscribes
// when the browser rotates a push subscription.
//
// Notifications stay discreet: the server's title and body are shown as sent
// (they name only the production and scene numbers), with a neutral fallback.
// A tap focuses a window already on the notification's page (or any window of
// the app, sent there) or opens one, with the notification's id so the app
// marks it read. A check-in request also offers "OK" and "Stop" buttons that
// answer without opening the app (push/actions.ts).
/// <reference lib="webworker" />
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { clientsClaim } from 'workbox-core';
import createClient from 'openapi-fetch';
import type { paths } from './api/schema';
import { REFRESH_LOCK } from './api/lock';
import { core } from './i18n/core';
import { fill, type MessageVars } from './i18n/fill';
import { resubscribe } from './push/resubscribe';
import { NOTIFICATION_ANSWERS, answerOfClick, type NotificationAnswer } from './push/actions';
import {
  CACHED_HEADER,
  OFFLINE_USER_HEADER,
  SAVED_AT_HEADER,
  apiCacheName,
  goesWithRefusal,
  isOfflineRead,
  isOutdatedApiCache,
  safeUserId,
  userOfAuthorization,
} from './offline/rules';

// The worker's words come from the first screens' messages (i18n/core.ts): one bundle, no chunks.
const t = (key: keyof typeof core, vars?: MessageVars): string => fill(core[key], vars);

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
  // No longer this person's to read (removed, uncast, or gone): the saved copy goes too (rule 13).
  if (user && (response.status === 404 || response.status === 403) && (await caches.has(apiCacheName(user)))) {
    const cache = await caches.open(apiCacheName(user));
    const refused = new URL(request.url).pathname;
    for (const saved of await cache.keys().catch(() => [] as readonly Request[])) {
      if (goesWithRefusal(refused, new URL(saved.url).pathname)) await cache.delete(saved, { ignoreVary: true }).catch(() => false);
    }
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
  sceneId?: string | null;
  createdAt?: string;
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

const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

// The app badge: the app tells the worker the unread count whenever it knows
// it; each push adds one until the app next looks. Kept in a tiny cache so a
// restarted worker still knows it. Best effort throughout.
const BADGE_CACHE = 'closedset-badge-v1';
const BADGE_KEY = '/__closedset/badge';

type BadgeNavigator = WorkerNavigator & { setAppBadge?: (n?: number) => Promise<void>; clearAppBadge?: () => Promise<void> };

async function storedBadge(): Promise<number> {
  const saved = await (await caches.open(BADGE_CACHE)).match(BADGE_KEY);
  const n = saved ? Number(await saved.text()) : 0;
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

async function setBadge(count: number): Promise<void> {
  await (await caches.open(BADGE_CACHE)).put(BADGE_KEY, new Response(String(count)));
  const nav = self.navigator as BadgeNavigator;
  if (count > 0) await nav.setAppBadge?.(count);
  else await nav.clearAppBadge?.();
}

/** Tells open windows, so the inbox, its count and open check-ins refresh. */
async function tellWindows(message: { type: 'push'; id?: string; kind?: string }): Promise<void> {
  const windows = await self.clients.matchAll({ type: 'window' });
  for (const w of windows) w.postMessage(message);
}

self.addEventListener('push', (event: PushEvent) => {
  const data = readPayload(event);
  const title = text(data.title) ?? t('push.fallbackTitle');
  const body = text(data.body) ?? t('push.fallbackBody');
  const id = text(data.id);
  const type = text(data.type);
  const sceneId = text(data.sceneId);
  const options: NotificationOptions & { renotify?: boolean; timestamp?: number } = {
    body,
    icon: '/icons/icon-192.png',
    badge: '/icons/favicon-32.png',
    data: { url: appUrl(data.url), id, type },
  };
  // A newer notification of the same kind for the same scene replaces the
  // older one, and still alerts. Check-in alerts never replace each other:
  // one person's "need a moment" must not hide another's "stop".
  if (type && sceneId) {
    options.tag = type === 'checkin.alert' && id ? `${type}:${sceneId}:${id}` : `${type}:${sceneId}`;
    options.renotify = true;
  }
  // A check-in waits on screen until it is dealt with.
  if (type === 'checkin.requested' || type === 'checkin.alert') options.requireInteraction = true;
  // A check-in request can be answered from the lock screen: OK or Stop.
  if (type === 'checkin.requested') {
    (options as NotificationOptions & { actions?: { action: string; title: string }[] }).actions = NOTIFICATION_ANSWERS.map((a) => ({
      action: a,
      title: t(ANSWER_LABEL[a]),
    }));
  }
  const at = Date.parse(text(data.createdAt) ?? '');
  if (!Number.isNaN(at)) options.timestamp = at;
  // A push must always show a notification, whatever arrived; the badge and
  // the windows are told on the side.
  event.waitUntil(
    Promise.all([
      self.registration.showNotification(title, options),
      storedBadge()
        .then((n) => setBadge(n + 1))
        .catch(() => undefined),
      tellWindows({ type: 'push', id, kind: type }).catch(() => undefined),
    ]).then(() => undefined),
  );
});

self.addEventListener('message', (event: ExtendableMessageEvent) => {
  const data = event.data as { type?: string; count?: unknown } | null;
  if (data?.type === 'badge' && typeof data.count === 'number' && data.count >= 0) {
    event.waitUntil(setBadge(Math.floor(data.count)).catch(() => undefined));
  }
});

/** The url with the notification's id, so the app marks it read when it opens. */
function withNotification(url: string, id: string | undefined): string {
  if (!id) return url;
  const u = new URL(url, self.location.origin);
  u.searchParams.set('notification', id);
  return u.pathname + u.search + u.hash;
}

const ANSWER_LABEL = { ok: 'checkin.answer.ok', stop: 'checkin.answer.stop' } as const;

/**
 * Sends a performer's answer from a notification button with a token borrowed
 * through the refresh cookie (under the pages' lock), then says it was sent.
 * False when it could not be sent: the caller opens the check-in instead.
 */
async function answerFromNotification(n: Notification, checkinId: string, answer: NotificationAnswer): Promise<boolean> {
  try {
    const token = await withRefreshLock(async () => (await api.POST('/api/v1/auth/refresh')).data?.accessToken ?? null);
    if (!token) return false;
    const r = await api.POST('/api/v1/checkins/{checkinId}/response', {
      params: { path: { checkinId }, header: { 'Idempotency-Key': crypto.randomUUID() } },
      headers: { Authorization: `Bearer ${token}` },
      body: { answer },
    });
    if (!r.response.ok) return false;
    await self.registration.showNotification(n.title, {
      body: t('push.answerSent', { answer: t(ANSWER_LABEL[answer]) }),
      tag: n.tag || undefined,
      silent: true,
      icon: '/icons/icon-192.png',
      badge: '/icons/favicon-32.png',
      data: { ...(n.data as object), type: 'checkin.answered' },
    });
    await tellWindows({ type: 'push', kind: 'checkin.answered' });
    return true;
  } catch {
    return false;
  }
}

/** Focuses a window already on the url's page (or any window of the app, sent there), or opens one. */
async function openApp(url: string, target: string): Promise<void> {
  const windows = (await self.clients.matchAll({ type: 'window', includeUncontrolled: true })).filter(
    (c) => new URL(c.url).origin === self.location.origin,
  );
  const path = new URL(url, self.location.origin).pathname;
  const chosen = windows.find((c) => new URL(c.url).pathname === path) ?? windows[0];
  if (chosen) {
    try {
      const focused = await chosen.focus();
      focused.postMessage({ type: 'navigate', url: target });
      return;
    } catch {
      // Not allowed to focus it: open a new window instead.
    }
  }
  await self.clients.openWindow(target);
}

self.addEventListener('notificationclick', (event: NotificationEvent) => {
  const n = event.notification;
  n.close();
  const data = n.data as { url?: unknown; id?: unknown; type?: unknown } | null;
  const url = appUrl(data?.url);
  const target = withNotification(url, text(data?.id));
  const button = answerOfClick(text(data?.type), url, event.action);
  event.waitUntil(
    (async () => {
      if (button && (await answerFromNotification(n, button.checkinId, button.answer))) return;
      await openApp(url, target);
    })(),
  );
});

/** The subscription change event (not yet in TypeScript's lib). */
interface PushSubscriptionChangeEvent extends ExtendableEvent {
  readonly newSubscription?: PushSubscription | null;
  readonly oldSubscription?: PushSubscription | null;
}

const api = createClient<paths>({ baseUrl: self.location.origin, credentials: 'same-origin' });

/** Shares the page's lock so a refresh here never races one in a tab. */
function withRefreshLock<T>(run: () => Promise<T>): Promise<T> {
  const locks = self.navigator.locks;
  return locks ? (locks.request(REFRESH_LOCK, run) as Promise<T>) : run();
}

self.addEventListener('pushsubscriptionchange', (event: Event) => {
  const e = event as PushSubscriptionChangeEvent;
  // Best effort: a failure here leaves the old subscription to expire.
  e.waitUntil(
    resubscribe({
      newSubscription: e.newSubscription,
      oldSubscription: e.oldSubscription,
      pushManager: self.registration.pushManager,
      publicKey: async () => (await api.GET('/api/v1/push/vapid-public-key')).data?.publicKey ?? null,
      // The worker has no access token of its own: it borrows one through the
      // refresh cookie, under the same lock the pages use.
      accessToken: () => withRefreshLock(async () => (await api.POST('/api/v1/auth/refresh')).data?.accessToken ?? null),
      register: async (token, body) =>
        (await api.POST('/api/v1/push/subscriptions', { headers: { Authorization: `Bearer ${token}` }, body })).response.status,
      unregister: async (token, endpoint) =>
        (
          await api.DELETE('/api/v1/push/subscriptions', {
            headers: { Authorization: `Bearer ${token}` },
            params: { query: { endpoint } },
          })
        ).response.status,
    }).then(() => undefined),
  );
});
