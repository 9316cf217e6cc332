import { describe, expect, it, vi } from 'vitest';
import type { Result } from '../api/problem';
import {
  detectPush,
  syncPush,
  turnOffPush,
  turnOnPush,
  type PushEnv,
  type PushServer,
  type PushSubscriptionLike,
  type SubscriptionBody,
} from './optin';
import { urlBase64ToUint8Array } from './vapid';

const KEY = 'BEl62iUYgUivxIkv69yViEuiBIa-Ib9-SkvMeAtA3LFgDzkrxZJjSgSnfckjBJuBkr3qBUYIHBQFLXYp5Nksh8U';
const OTHER_KEY = 'BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4';

/** A fake browser: Notification permission, a PushManager and its subscription. */
function fakeBrowser(opts: { permission?: NotificationPermission; answer?: NotificationPermission; ios?: boolean; standalone?: boolean; pushApi?: boolean; noRegistration?: boolean; failSubscribe?: boolean } = {}) {
  let permission: NotificationPermission = opts.permission ?? 'default';
  let current: (PushSubscriptionLike & { key: Uint8Array }) | null = null;
  let n = 0;
  const requestPermission = vi.fn(async () => {
    if (permission === 'default') permission = opts.answer ?? 'granted';
    return permission;
  });
  const makeSub = (key: Uint8Array): PushSubscriptionLike & { key: Uint8Array } => {
    n += 1;
    const endpoint = `https://push.example/send/${n}`;
    const sub = {
      endpoint,
      key,
      options: { applicationServerKey: key.slice().buffer as ArrayBuffer },
      toJSON: () => ({ endpoint, expirationTime: null, keys: { p256dh: 'BP256', auth: 'AUTH' } }),
      unsubscribe: vi.fn(async () => {
        if (current === sub) current = null;
        return true;
      }),
    };
    return sub;
  };
  const subscribe = vi.fn(async (o: { userVisibleOnly: boolean; applicationServerKey: Uint8Array }) => {
    if (opts.failSubscribe) throw new DOMException('no push service', 'AbortError');
    current = makeSub(o.applicationServerKey);
    return current;
  });
  const env: PushEnv = {
    notification: opts.pushApi === false ? null : { get permission() { return permission; }, requestPermission },
    pushApi: opts.pushApi ?? true,
    ios: opts.ios ?? false,
    standalone: opts.standalone ?? false,
    pushManager: async () => (opts.noRegistration ? null : { getSubscription: async () => current, subscribe }),
  };
  return {
    env,
    requestPermission,
    subscribe,
    get subscription() {
      return current;
    },
    setSubscription(key: Uint8Array) {
      current = makeSub(key);
    },
  };
}

/** A fake server that keeps subscriptions by endpoint, as the API does. */
function fakeServer(opts: { refuse?: boolean } = {}) {
  const stored = new Map<string, SubscriptionBody>();
  const ok = <T>(data: T): Result<T> => ({ ok: true, data });
  const server: PushServer = {
    publicKey: vi.fn(async () => ok(KEY)),
    register: vi.fn(async (body: SubscriptionBody): Promise<Result<unknown>> => {
      if (opts.refuse) return { ok: false, problem: { status: 422, code: 'validation_failed', detail: 'This push service is not allowed.' } };
      const known = stored.has(body.endpoint);
      stored.set(body.endpoint, body);
      return ok({ status: known ? 200 : 201 });
    }),
    unregister: vi.fn(async (endpoint: string) =>
      stored.delete(endpoint) ? ok(null) : { ok: false as const, problem: { status: 404, code: 'not_found' } },
    ),
  };
  return { server, stored };
}

describe('detecting where push stands', () => {
  it('names each state without asking anything', async () => {
    expect(await detectPush(fakeBrowser({ pushApi: false }).env)).toBe('unsupported');
    expect(await detectPush(fakeBrowser({ pushApi: false, ios: true }).env)).toBe('needs-home-screen');
    expect(await detectPush(fakeBrowser({ pushApi: false, ios: true, standalone: true }).env)).toBe('unsupported');
    expect(await detectPush(fakeBrowser({ permission: 'default' }).env)).toBe('not-asked');
    expect(await detectPush(fakeBrowser({ permission: 'denied' }).env)).toBe('blocked');
    expect(await detectPush(fakeBrowser({ permission: 'granted' }).env)).toBe('off');
    expect(await detectPush(fakeBrowser({ permission: 'granted', noRegistration: true }).env)).toBe('unsupported');
    const on = fakeBrowser({ permission: 'granted' });
    on.setSubscription(urlBase64ToUint8Array(KEY));
    expect(await detectPush(on.env)).toBe('on');
  });

  it('never requests permission while detecting', async () => {
    const b = fakeBrowser();
    await detectPush(b.env);
    expect(b.requestPermission).not.toHaveBeenCalled();
  });
});

describe('turning push on', () => {
  it('asks for permission, subscribes with the VAPID key and registers toJSON()', async () => {
    const b = fakeBrowser();
    const s = fakeServer();
    expect(await turnOnPush(b.env, s.server)).toEqual({ status: 'on' });
    expect(b.requestPermission).toHaveBeenCalledTimes(1);
    const options = b.subscribe.mock.calls[0]![0];
    expect(options.userVisibleOnly).toBe(true);
    expect([...options.applicationServerKey]).toEqual([...urlBase64ToUint8Array(KEY)]);
    expect([...s.stored.values()]).toEqual([
      { endpoint: 'https://push.example/send/1', expirationTime: null, keys: { p256dh: 'BP256', auth: 'AUTH' } },
    ]);
    expect(await detectPush(b.env)).toBe('on');
  });

  it('stays "not asked" when the prompt is dismissed, and blocked when refused', async () => {
    const dismissed = fakeBrowser({ answer: 'default' });
    expect((await turnOnPush(dismissed.env, fakeServer().server)).status).toBe('not-asked');
    const refused = fakeBrowser({ answer: 'denied' });
    const s = fakeServer();
    expect((await turnOnPush(refused.env, s.server)).status).toBe('blocked');
    expect(refused.subscribe).not.toHaveBeenCalled();
    expect(s.server.register).not.toHaveBeenCalled();
  });

  it('does not prompt again once allowed, and reuses a subscription made with the same key', async () => {
    const b = fakeBrowser({ permission: 'granted' });
    b.setSubscription(urlBase64ToUint8Array(KEY));
    const s = fakeServer();
    expect((await turnOnPush(b.env, s.server)).status).toBe('on');
    expect(b.requestPermission).not.toHaveBeenCalled();
    expect(b.subscribe).not.toHaveBeenCalled();
    expect(s.stored.size).toBe(1);
  });

  it('replaces a subscription made with an older server key', async () => {
    const b = fakeBrowser({ permission: 'granted' });
    b.setSubscription(urlBase64ToUint8Array(OTHER_KEY));
    const old = b.subscription!;
    expect((await turnOnPush(b.env, fakeServer().server)).status).toBe('on');
    expect(old.unsubscribe).toHaveBeenCalled();
    expect(b.subscribe).toHaveBeenCalledTimes(1);
  });

  it('undoes the browser subscription when the server refuses it, and says why', async () => {
    const b = fakeBrowser();
    const r = await turnOnPush(b.env, fakeServer({ refuse: true }).server);
    expect(r.status).toBe('off');
    expect(r.problem?.status).toBe(422);
    expect(b.subscription).toBeNull();
  });

  it('reports a browser that cannot subscribe', async () => {
    const r = await turnOnPush(fakeBrowser({ failSubscribe: true }).env, fakeServer().server);
    expect(r.status).toBe('off');
    expect(r.problem?.detail).toBeTruthy();
  });

  it('explains instead of asking where push cannot work', async () => {
    const ios = fakeBrowser({ pushApi: false, ios: true });
    expect(await turnOnPush(ios.env, fakeServer().server)).toEqual({ status: 'needs-home-screen' });
    expect(ios.requestPermission).not.toHaveBeenCalled();
  });
});

describe('turning push off', () => {
  it('deletes the subscription on the server and unsubscribes the browser', async () => {
    const b = fakeBrowser();
    const s = fakeServer();
    await turnOnPush(b.env, s.server);
    const sub = b.subscription!;
    expect(await turnOffPush(b.env, s.server)).toEqual({ status: 'off' });
    expect(s.server.unregister).toHaveBeenCalledWith(sub.endpoint);
    expect(s.stored.size).toBe(0);
    expect(sub.unsubscribe).toHaveBeenCalled();
  });

  it('still ends the browser subscription when the server does not know it', async () => {
    const b = fakeBrowser({ permission: 'granted' });
    b.setSubscription(urlBase64ToUint8Array(KEY));
    expect((await turnOffPush(b.env, fakeServer().server)).status).toBe('off');
    expect(b.subscription).toBeNull();
  });
});

describe('keeping the server in step', () => {
  it('registers the existing subscription again, and nothing when there is none', async () => {
    const b = fakeBrowser({ permission: 'granted' });
    const s = fakeServer();
    await syncPush(b.env, s.server);
    expect(s.server.register).not.toHaveBeenCalled();
    b.setSubscription(urlBase64ToUint8Array(KEY));
    await syncPush(b.env, s.server);
    expect(s.server.register).toHaveBeenCalledTimes(1);
  });
});
