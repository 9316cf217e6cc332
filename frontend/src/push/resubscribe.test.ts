import { describe, expect, it, vi } from 'vitest';
import { resubscribe, type ResubscribeDeps } from './resubscribe';
import type { PushSubscriptionLike } from './optin';
import { urlBase64ToUint8Array } from './vapid';

const KEY = 'BEl62iUYgUivxIkv69yViEuiBIa-Ib9-SkvMeAtA3LFgDzkrxZJjSgSnfckjBJuBkr3qBUYIHBQFLXYp5Nksh8U';

function sub(endpoint: string, key?: Uint8Array): PushSubscriptionLike {
  return {
    endpoint,
    options: { applicationServerKey: key ? (key.slice().buffer as ArrayBuffer) : null },
    toJSON: () => ({ endpoint, expirationTime: null, keys: { p256dh: 'BNEW', auth: 'AUTHNEW' } }),
    unsubscribe: async () => true,
  };
}

function deps(over: Partial<ResubscribeDeps> = {}): ResubscribeDeps & { register: ReturnType<typeof vi.fn>; unregister: ReturnType<typeof vi.fn> } {
  return {
    newSubscription: null,
    oldSubscription: null,
    pushManager: { getSubscription: async () => null, subscribe: vi.fn(async () => sub('https://push.example/fresh')) },
    publicKey: vi.fn(async () => KEY),
    accessToken: vi.fn(async () => 'token'),
    register: vi.fn(async () => 201),
    unregister: vi.fn(async () => 204),
    ...over,
  } as never;
}

describe('pushsubscriptionchange', () => {
  it('posts the new subscription in the shape the API takes, then drops the old endpoint', async () => {
    const d = deps({ newSubscription: sub('https://push.example/new'), oldSubscription: sub('https://push.example/old') });
    expect(await resubscribe(d)).toBe('registered');
    expect(d.register).toHaveBeenCalledWith('token', {
      endpoint: 'https://push.example/new',
      expirationTime: null,
      keys: { p256dh: 'BNEW', auth: 'AUTHNEW' },
    });
    expect(d.unregister).toHaveBeenCalledWith('token', 'https://push.example/old');
  });

  it('subscribes again with the old key, or the server key, when the browser gave none', async () => {
    const key = urlBase64ToUint8Array(KEY);
    const withOld = deps({ oldSubscription: sub('https://push.example/old', key) });
    expect(await resubscribe(withOld)).toBe('registered');
    const call = (withOld.pushManager.subscribe as ReturnType<typeof vi.fn>).mock.calls[0]![0];
    expect(call.userVisibleOnly).toBe(true);
    expect([...call.applicationServerKey]).toEqual([...key]);
    expect(withOld.publicKey).not.toHaveBeenCalled();

    const fresh = deps();
    expect(await resubscribe(fresh)).toBe('registered');
    expect(fresh.publicKey).toHaveBeenCalled();
  });

  it('accepts 200 for a subscription the server knows', async () => {
    expect(await resubscribe(deps({ newSubscription: sub('https://push.example/x'), register: vi.fn(async () => 200) }))).toBe('registered');
  });

  it('does nothing more when nobody is signed in, and reports refusals', async () => {
    const out = deps({ newSubscription: sub('https://push.example/x'), accessToken: vi.fn(async () => null) });
    expect(await resubscribe(out)).toBe('signed-out');
    expect(out.register).not.toHaveBeenCalled();
    expect(await resubscribe(deps({ newSubscription: sub('https://push.example/x'), register: vi.fn(async () => 422) }))).toBe('failed');
    expect(await resubscribe(deps({ publicKey: vi.fn(async () => null) }))).toBe('failed');
  });
});
