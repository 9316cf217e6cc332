// Push opt-in as a small state machine. The browser is asked for permission
// only by turnOnPush (after the person taps "Turn on notifications"); the
// subscription is registered with the server, and turning off unsubscribes
// and deletes it there. The browser and the server are injected, so the
// states can be tested without either.
import { t } from '../i18n';
import type { Problem, Result } from '../api/problem';
import { urlBase64ToUint8Array } from './vapid';

/** Where push stands on this device. */
export type PushStatus =
  /** Not known yet. */
  | 'checking'
  /** This browser cannot receive push messages. */
  | 'unsupported'
  /** iPhone or iPad in Safari: push works only once the app is on the Home Screen. */
  | 'needs-home-screen'
  /** The browser has not asked yet. */
  | 'not-asked'
  /** Allowed, but not turned on on this device. */
  | 'off'
  /** Turned on and registered with the server. */
  | 'on'
  /** The browser blocks notifications for this site; only its settings can change that. */
  | 'blocked';

/** What turning on or off led to. */
export interface PushOutcome {
  status: PushStatus;
  problem?: Problem;
}

/** The parts of a PushSubscription used here. */
export interface PushSubscriptionLike {
  readonly endpoint: string;
  readonly options?: { readonly applicationServerKey?: ArrayBuffer | null };
  toJSON(): PushSubscriptionJSON;
  unsubscribe(): Promise<boolean>;
}

/** The parts of a PushManager used here. */
export interface PushManagerLike {
  getSubscription(): Promise<PushSubscriptionLike | null>;
  subscribe(options: { userVisibleOnly: boolean; applicationServerKey: Uint8Array<ArrayBuffer> }): Promise<PushSubscriptionLike>;
}

/** The browser, as far as push is concerned. */
export interface PushEnv {
  /** The Notification API, or null when the browser has none. */
  notification: { readonly permission: NotificationPermission; requestPermission(): Promise<NotificationPermission> } | null;
  /** Whether the browser has service workers and a PushManager. */
  pushApi: boolean;
  /** An iPhone, iPod or iPad (iPadOS reports itself as a Mac with touch). */
  ios: boolean;
  /** Opened from the Home Screen (navigator.standalone or display-mode standalone). */
  standalone: boolean;
  /** The service worker registration's push manager, or null when there is no registration. */
  pushManager(): Promise<PushManagerLike | null>;
}

/** The subscription as the server takes it (the browser's toJSON()). */
export type SubscriptionBody = {
  endpoint: string;
  expirationTime?: number | null;
  keys: { p256dh: string; auth: string };
};

/** The server's push endpoints. */
export interface PushServer {
  publicKey(): Promise<Result<string>>;
  register(body: SubscriptionBody): Promise<Result<unknown>>;
  unregister(endpoint: string): Promise<Result<unknown>>;
}

function localProblem(detail: string): Problem {
  return { status: 0, code: 'push_unavailable', detail };
}

/** The subscription's JSON in the server's shape, or null when it lacks keys. */
export function subscriptionBody(sub: PushSubscriptionLike): SubscriptionBody | null {
  const json = sub.toJSON();
  const p256dh = json.keys?.p256dh;
  const auth = json.keys?.auth;
  if (!json.endpoint || !p256dh || !auth) return null;
  return { endpoint: json.endpoint, expirationTime: json.expirationTime ?? null, keys: { p256dh, auth } };
}

function sameKey(a: ArrayBuffer | null | undefined, b: Uint8Array): boolean {
  if (!a) return true; // unknown: keep the subscription
  const x = new Uint8Array(a);
  return x.length === b.length && x.every((v, i) => v === b[i]);
}

/** What the device can do before anything is asked. */
function capability(env: PushEnv): PushStatus | null {
  if (env.pushApi && env.notification) return null;
  return env.ios && !env.standalone ? 'needs-home-screen' : 'unsupported';
}

/** Reads the current state without asking the person anything. */
export async function detectPush(env: PushEnv): Promise<PushStatus> {
  const limited = capability(env);
  if (limited) return limited;
  const permission = env.notification!.permission;
  if (permission === 'denied') return 'blocked';
  if (permission === 'default') return 'not-asked';
  const pm = await env.pushManager().catch(() => null);
  if (!pm) return 'unsupported';
  const sub = await pm.getSubscription().catch(() => null);
  return sub ? 'on' : 'off';
}

/**
 * Turns push on: asks for permission when it has not been asked (this is the
 * only place that does), subscribes with the server's VAPID key and registers
 * the subscription. A subscription the server refuses is undone, so the state
 * shown is always the true one.
 */
export async function turnOnPush(env: PushEnv, server: PushServer): Promise<PushOutcome> {
  const limited = capability(env);
  if (limited) return { status: limited };
  let permission = env.notification!.permission;
  if (permission === 'default') {
    try {
      permission = await env.notification!.requestPermission();
    } catch {
      permission = env.notification!.permission;
    }
  }
  if (permission === 'denied') return { status: 'blocked' };
  if (permission !== 'granted') return { status: 'not-asked' };

  const pm = await env.pushManager().catch(() => null);
  if (!pm) return { status: 'off', problem: localProblem(t('push.notReady')) };
  const key = await server.publicKey();
  if (!key.ok) return { status: 'off', problem: key.problem };
  let applicationServerKey: Uint8Array<ArrayBuffer>;
  try {
    applicationServerKey = urlBase64ToUint8Array(key.data);
  } catch {
    return { status: 'off', problem: localProblem(t('push.subscribeFailed')) };
  }

  let sub: PushSubscriptionLike | null = null;
  try {
    sub = await pm.getSubscription();
    // A subscription made with an older server key cannot be used any more.
    if (sub && !sameKey(sub.options?.applicationServerKey, applicationServerKey)) {
      await sub.unsubscribe().catch(() => false);
      sub = null;
    }
    sub ??= await pm.subscribe({ userVisibleOnly: true, applicationServerKey });
  } catch {
    return { status: 'off', problem: localProblem(t('push.subscribeFailed')) };
  }
  const body = subscriptionBody(sub);
  if (!body) {
    await sub.unsubscribe().catch(() => false);
    return { status: 'off', problem: localProblem(t('push.subscribeFailed')) };
  }
  const registered = await server.register(body);
  if (!registered.ok) {
    await sub.unsubscribe().catch(() => false);
    return { status: 'off', problem: registered.problem };
  }
  return { status: 'on' };
}

/**
 * Turns push off on this device: deletes the subscription on the server and
 * unsubscribes the browser. The browser subscription ends even when the server
 * cannot be reached (the push service then reports it gone and the server
 * drops it).
 */
export async function turnOffPush(env: PushEnv, server: PushServer): Promise<PushOutcome> {
  const pm = await env.pushManager().catch(() => null);
  const sub = pm ? await pm.getSubscription().catch(() => null) : null;
  if (sub) {
    await server.unregister(sub.endpoint);
    await sub.unsubscribe().catch(() => false);
  }
  return { status: await detectPush(env) };
}

/**
 * Registers an existing subscription again (the server answers 200 when it
 * knows it): keeps the server in step when the app opens with push on.
 */
export async function syncPush(env: PushEnv, server: PushServer): Promise<void> {
  if (capability(env) || env.notification?.permission !== 'granted') return;
  const pm = await env.pushManager().catch(() => null);
  const sub = pm ? await pm.getSubscription().catch(() => null) : null;
  const body = sub ? subscriptionBody(sub) : null;
  if (body) await server.register(body);
}
