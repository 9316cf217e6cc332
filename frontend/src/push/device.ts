// The real browser and server behind the push opt-in (optin.ts).
import { api } from '../api/client';
import { call } from '../api/problem';
import { newIdempotencyKey } from '../offline/queue';
import { turnOffPush, type PushEnv, type PushManagerLike, type PushServer } from './optin';

function isIos(nav: Navigator): boolean {
  const ua = nav.userAgent || '';
  if (/iPad|iPhone|iPod/.test(ua)) return true;
  // iPadOS asks for desktop pages and reports itself as a Mac with touch.
  return /Macintosh/.test(ua) && (nav.maxTouchPoints ?? 0) > 1;
}

function isStandalone(): boolean {
  const nav = navigator as Navigator & { standalone?: boolean };
  if (nav.standalone === true) return true;
  try {
    return window.matchMedia('(display-mode: standalone)').matches;
  } catch {
    return false;
  }
}

async function registration(): Promise<ServiceWorkerRegistration | null> {
  if (!('serviceWorker' in navigator)) return null;
  const now = await navigator.serviceWorker.getRegistration().catch(() => undefined);
  if (now) return now;
  // The worker is registered once the page has loaded; wait for it briefly.
  const timeout = new Promise<null>((resolve) => window.setTimeout(() => resolve(null), 4000));
  return Promise.race([navigator.serviceWorker.ready, timeout]);
}

/** This browser. */
export function browserPushEnv(): PushEnv {
  const hasNotification = typeof Notification !== 'undefined';
  return {
    notification: hasNotification
      ? {
          get permission() {
            return Notification.permission;
          },
          requestPermission: () => Notification.requestPermission(),
        }
      : null,
    pushApi: 'serviceWorker' in navigator && typeof PushManager !== 'undefined',
    ios: isIos(navigator),
    standalone: isStandalone(),
    async pushManager(): Promise<PushManagerLike | null> {
      const reg = await registration();
      return reg?.pushManager ?? null;
    },
  };
}

/** The Closed Set API's push endpoints. */
export const apiPushServer: PushServer = {
  async publicKey() {
    const r = await call(api.GET('/api/v1/push/vapid-public-key'));
    return r.ok ? { ok: true, data: r.data.publicKey } : r;
  },
  register(body) {
    return call(
      api.POST('/api/v1/push/subscriptions', {
        params: { header: { 'Idempotency-Key': newIdempotencyKey() } },
        body,
      }),
    );
  },
  unregister(endpoint) {
    return call(
      api.DELETE('/api/v1/push/subscriptions', {
        params: { query: { endpoint }, header: { 'Idempotency-Key': newIdempotencyKey() } },
      }),
    );
  },
};

/**
 * On sign-out: this device stops receiving the person's notifications (the
 * next person to sign in turns them on for themself). Never throws.
 */
export async function forgetPushOnSignOut(): Promise<void> {
  try {
    const env = browserPushEnv();
    if (!env.pushApi || !('serviceWorker' in navigator)) return;
    const reg = await navigator.serviceWorker.getRegistration();
    if (!reg || !(await reg.pushManager.getSubscription())) return;
    await turnOffPush(env, apiPushServer);
  } catch {
    // Best effort: the push service reports a dead subscription later.
  }
}

/**
 * Stops this device's push subscription without asking the server (after the
 * account was deleted, the server has already erased it). Never throws.
 */
export async function forgetPushLocally(): Promise<void> {
  try {
    if (!('serviceWorker' in navigator)) return;
    const reg = await navigator.serviceWorker.getRegistration();
    const sub = await reg?.pushManager.getSubscription();
    await sub?.unsubscribe();
  } catch {
    // Best effort: the push service reports a dead subscription later.
  }
}
