import { describe, expect, it, vi } from 'vitest';
import { offlineMiddleware, offlineState, offlineUserMiddleware } from './status';
import { CACHED_HEADER, OFFLINE_USER_HEADER, SAVED_AT_HEADER } from './rules';

type OnResponse = NonNullable<typeof offlineMiddleware.onResponse>;
const respond = (response: Response) => (offlineMiddleware.onResponse as OnResponse)({ response } as Parameters<OnResponse>[0]);

describe('offline state from responses', () => {
  it('goes offline on a saved copy, keeps the oldest saved time, and comes back on a fresh answer', () => {
    offlineState.set({ offline: false, savedAt: null });
    const saved = (at: string) => new Response('{}', { headers: { [CACHED_HEADER]: '1', [SAVED_AT_HEADER]: at } });
    respond(saved('2026-05-01T10:05:00Z'));
    expect(offlineState.get()).toEqual({ offline: true, savedAt: Date.parse('2026-05-01T10:05:00Z') });
    respond(saved('2026-05-01T10:00:00Z'));
    respond(saved('2026-05-01T10:09:00Z'));
    expect(offlineState.get().savedAt).toBe(Date.parse('2026-05-01T10:00:00Z'));
    respond(new Response('{}', { status: 200 }));
    expect(offlineState.get()).toEqual({ offline: false, savedAt: null });
  });
});

describe('an answer that arrives after the device went offline', () => {
  it('does not bring the app back online while the browser says it is offline', () => {
    offlineState.set({ offline: true, savedAt: null });
    vi.stubGlobal('navigator', { onLine: false });
    try {
      respond(new Response('{}', { status: 200 }));
      expect(offlineState.get().offline).toBe(true);
    } finally {
      vi.unstubAllGlobals();
    }
    respond(new Response('{}', { status: 200 }));
    expect(offlineState.get()).toEqual({ offline: false, savedAt: null });
  });
});

describe('offline user header', () => {
  type OnRequest = NonNullable<ReturnType<typeof offlineUserMiddleware>['onRequest']>;
  const send = (user: string | null, headers: Record<string, string>) => {
    const request = new Request('http://x/api/v1/scenes/s1', { headers });
    const mw = offlineUserMiddleware(() => user);
    (mw.onRequest as OnRequest)({ request } as Parameters<OnRequest>[0]);
    return request.headers.get(OFFLINE_USER_HEADER);
  };

  it('names the person only on requests without a token', () => {
    expect(send('u1', {})).toBe('u1');
    expect(send('u1', { Authorization: 'Bearer t' })).toBeNull();
    expect(send(null, {})).toBeNull();
  });
});
