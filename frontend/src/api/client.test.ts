import { describe, expect, it, vi } from 'vitest';
import { createApi } from './client';
import { call, fieldErrors, problemMessage, toProblem } from './problem';

interface Seen {
  method: string;
  path: string;
  auth: string | null;
  body: string;
  credentials: RequestCredentials;
}

const json = (status: number, body: unknown, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });

const problem401 = () =>
  json(401, { type: 'about:blank', title: 'Unauthorized', status: 401, code: 'unauthorized' }, 'application/problem+json');

/**
 * A fake server: tokens "t1", "t2"… are valid in turn; the access token
 * becomes invalid when `expire()` is called; refresh succeeds while
 * `refreshable` is true.
 */
function fakeServer() {
  const seen: Seen[] = [];
  let valid = 't1';
  let next = 2;
  const state: { refreshable: boolean; refreshDelay: number; refreshAnswer: number | 'network' | null; refreshMe: unknown } = {
    refreshable: true,
    refreshDelay: 0,
    refreshAnswer: null,
    refreshMe: undefined,
  };
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = input instanceof Request ? input : new Request(input, init);
    const url = new URL(req.url);
    const body = await req.text();
    seen.push({
      method: req.method,
      path: url.pathname,
      auth: req.headers.get('Authorization'),
      body,
      credentials: req.credentials,
    });
    if (url.pathname === '/api/v1/auth/refresh') {
      if (state.refreshDelay) await new Promise((r) => setTimeout(r, state.refreshDelay));
      if (state.refreshAnswer === 'network') throw new TypeError('Failed to fetch');
      if (state.refreshAnswer !== null) {
        return json(state.refreshAnswer, { status: state.refreshAnswer, code: 'unavailable' }, 'application/problem+json');
      }
      if (!state.refreshable) return problem401();
      valid = `t${next++}`;
      return json(200, { accessToken: valid, expiresIn: 900, ...(state.refreshMe ? { me: state.refreshMe } : {}) });
    }
    if (url.pathname === '/api/v1/auth/login') return problem401();
    if (req.headers.get('Authorization') !== `Bearer ${valid}`) return problem401();
    if (url.pathname === '/api/v1/productions' && req.method === 'POST') {
      return json(201, { id: 'p1', ...JSON.parse(body), role: 'producer', createdAt: '2026-01-01T00:00:00Z' });
    }
    return json(200, { id: 'u1', email: 'a@example.com', displayName: 'A', pronouns: '', memberships: [] });
  });
  return {
    fetch,
    seen,
    state,
    expire() {
      valid = 'revoked';
    },
  };
}

function setup() {
  const server = fakeServer();
  const onSessionLost = vi.fn();
  const onRefreshUnavailable = vi.fn();
  const s = createApi({
    baseUrl: 'http://closedset.test',
    fetch: server.fetch as unknown as typeof fetch,
    onSessionLost,
    onRefreshUnavailable,
    lock: (run) => run(),
  });
  return { server, s, onSessionLost, onRefreshUnavailable };
}

describe('API client', () => {
  it('keeps the person a refresh answered, for the app opening to take once', async () => {
    const { server, s } = setup();
    const me = { id: 'u1', email: 'a@example.com', displayName: 'A', pronouns: '', memberships: [] };
    expect(await s.refresh()).toBe(true);
    expect(s.takeRefreshedMe()).toBeNull(); // an older server: nothing said, GET /me then
    server.state.refreshMe = me;
    expect(await s.refresh()).toBe(true);
    expect(s.takeRefreshedMe()).toEqual(me);
    expect(s.takeRefreshedMe()).toBeNull();
    server.state.refreshable = false;
    expect(await s.refresh()).toBe(false);
    expect(s.takeRefreshedMe()).toBeNull();
  });

  it('sends the access token as a bearer token', async () => {
    const { server, s } = setup();
    s.setAccessToken('t1');
    const { data } = await s.api.GET('/api/v1/me');
    expect(data?.email).toBe('a@example.com');
    expect(server.seen).toHaveLength(1);
    expect(server.seen[0]!.auth).toBe('Bearer t1');
  });

  it('refreshes once on a 401 and retries with the new token, body intact', async () => {
    const { server, s, onSessionLost } = setup();
    s.setAccessToken('t1');
    server.expire();
    const body = { title: 'Night Shoot', kind: 'film' as const, timezone: 'UTC', noticeHours: 48 };
    const { data, response } = await s.api.POST('/api/v1/productions', { body });
    expect(response.status).toBe(201);
    expect(data?.title).toBe('Night Shoot');
    expect(server.seen.map((r) => `${r.method} ${r.path} ${r.auth}`)).toEqual([
      'POST /api/v1/productions Bearer t1',
      'POST /api/v1/auth/refresh Bearer t1',
      'POST /api/v1/productions Bearer t2',
    ]);
    expect(JSON.parse(server.seen[2]!.body)).toEqual(body);
    expect(server.seen[1]!.credentials).toBe('same-origin');
    expect(s.getAccessToken()).toBe('t2');
    expect(onSessionLost).not.toHaveBeenCalled();
  });

  it('shares one refresh between concurrent 401s', async () => {
    const { server, s } = setup();
    s.setAccessToken('t1');
    server.expire();
    server.state.refreshDelay = 10;
    const results = await Promise.all([s.api.GET('/api/v1/me'), s.api.GET('/api/v1/me'), s.api.GET('/api/v1/me')]);
    expect(results.map((r) => r.response.status)).toEqual([200, 200, 200]);
    expect(server.seen.filter((r) => r.path === '/api/v1/auth/refresh')).toHaveLength(1);
  });

  it('gives up after a failed refresh and reports the lost session', async () => {
    const { server, s, onSessionLost } = setup();
    s.setAccessToken('t1');
    server.expire();
    server.state.refreshable = false;
    const { error, response } = await s.api.GET('/api/v1/me');
    expect(response.status).toBe(401);
    expect(error).toMatchObject({ code: 'unauthorized' });
    expect(server.seen.map((r) => r.path)).toEqual(['/api/v1/me', '/api/v1/auth/refresh']);
    expect(onSessionLost).toHaveBeenCalledTimes(1);
    expect(s.getAccessToken()).toBeNull();
  });

  for (const answer of [500, 502, 503, 429, 'network'] as const) {
    it(`keeps the session when a refresh answers ${answer}: no sign-out, a 503 to the screen, try again later`, async () => {
      const { server, s, onSessionLost, onRefreshUnavailable } = setup();
      s.setAccessToken('t1');
      server.expire();
      server.state.refreshAnswer = answer;
      const r = await call(s.api.GET('/api/v1/me'));
      expect(onSessionLost).not.toHaveBeenCalled();
      expect(onRefreshUnavailable).toHaveBeenCalledTimes(1);
      expect(s.lastRefresh).toBe('unavailable');
      expect(s.lastRefreshUnreachable).toBe(true);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.problem.status).toBe(503);
        expect(r.problem.code).toBe('session_unavailable');
        expect(r.problem.retryAfter).toBe(5);
      }
      // The server is back: the next request refreshes and goes through.
      server.state.refreshAnswer = null;
      const again = await s.api.GET('/api/v1/me');
      expect(again.response.status).toBe(200);
      expect(onSessionLost).not.toHaveBeenCalled();
      expect(s.lastRefresh).toBe('ok');
    });
  }

  it('signs out only after a refresh answered 401', async () => {
    const { server, s, onSessionLost } = setup();
    s.setAccessToken('t1');
    server.expire();
    server.state.refreshAnswer = 503;
    await s.api.GET('/api/v1/me');
    server.state.refreshAnswer = 'network';
    await s.api.GET('/api/v1/me');
    server.state.refreshAnswer = 429;
    await s.api.GET('/api/v1/me');
    expect(onSessionLost).not.toHaveBeenCalled();
    server.state.refreshAnswer = null;
    server.state.refreshable = false;
    await s.api.GET('/api/v1/me');
    expect(onSessionLost).toHaveBeenCalledTimes(1);
    expect(s.lastRefresh).toBe('refused');
  });

  it('a request made while the session is being restored waits for the token (no 401 first)', async () => {
    const { server, s } = setup();
    server.state.refreshDelay = 10;
    const restoring = s.refresh();
    const { response } = await s.api.GET('/api/v1/me');
    await restoring;
    expect(response.status).toBe(200);
    expect(server.seen.map((r) => `${r.path} ${r.auth}`)).toEqual(['/api/v1/auth/refresh null', '/api/v1/me Bearer t2']);
  });

  it('does not refresh for a 401 from the auth endpoints themselves', async () => {
    const { server, s, onSessionLost } = setup();
    const { response } = await s.api.POST('/api/v1/auth/login', { body: { email: 'a@example.com', password: 'x' } });
    expect(response.status).toBe(401);
    expect(server.seen.map((r) => r.path)).toEqual(['/api/v1/auth/login']);
    expect(onSessionLost).not.toHaveBeenCalled();
  });

  it('tells an unreachable server (offline) from a refused refresh', async () => {
    const refused = setup();
    refused.server.state.refreshable = false;
    expect(await refused.s.refresh()).toBe(false);
    expect(refused.s.lastRefreshUnreachable).toBe(false);
    expect(refused.s.lastRefresh).toBe('refused');
    const offline = createApi({
      baseUrl: 'http://localhost',
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
      lock: (run) => run(),
    });
    expect(await offline.refresh()).toBe(false);
    expect(offline.lastRefreshUnreachable).toBe(true);
  });

  it('restores a session from the refresh cookie alone', async () => {
    const { server, s } = setup();
    expect(s.getAccessToken()).toBeNull();
    expect(await s.refresh()).toBe(true);
    expect(s.getAccessToken()).toBe('t2');
    const { response } = await s.api.GET('/api/v1/me');
    expect(response.status).toBe(200);
    expect(server.seen.at(-1)!.auth).toBe('Bearer t2');
  });

  it('retries without a second refresh when another request already refreshed', async () => {
    const { server, s } = setup();
    s.setAccessToken('stale');
    const first = s.api.GET('/api/v1/me'); // sent with "stale" → 401
    s.setAccessToken('t1'); // meanwhile the session moved on
    const { response } = await first;
    expect(response.status).toBe(200);
    expect(server.seen.filter((r) => r.path === '/api/v1/auth/refresh')).toHaveLength(0);
  });

  it('runs refreshes under the cross-tab lock', async () => {
    const server = fakeServer();
    let locked = 0;
    const lock = <T,>(run: () => Promise<T>): Promise<T> => {
      locked++;
      return run();
    };
    const s = createApi({ baseUrl: 'http://closedset.test', fetch: server.fetch as unknown as typeof fetch, lock });
    await s.refresh();
    expect(locked).toBe(1);
  });
});

describe('problems', () => {
  it('reads RFC 9457 bodies with field errors', () => {
    const p = toProblem(
      {
        type: 'about:blank',
        title: 'Invalid',
        status: 422,
        detail: 'Check the form.',
        code: 'invalid',
        errors: [
          { field: 'email', message: 'bad e-mail' },
          { field: 'body.password', message: 'too short' },
          { field: 'email', message: 'second message' },
          { nonsense: true },
        ],
      },
      new Response(null, { status: 422 }),
    );
    expect(problemMessage(p)).toBe('Check the form.');
    expect(fieldErrors(p)).toEqual({ email: 'bad e-mail', password: 'too short' });
  });

  it('takes the wait from Retry-After, else from the problem body', () => {
    const header = toProblem({ status: 429, retryAfter: 99 }, new Response(null, { status: 429, headers: { 'Retry-After': '180' } }));
    expect(header.retryAfter).toBe(180);
    const body = toProblem({ status: 429, retryAfter: 40 }, new Response(null, { status: 429 }));
    expect(body.retryAfter).toBe(40);
    const neither = toProblem({ status: 429, retryAfter: 'soon' }, new Response(null, { status: 429 }));
    expect(neither.retryAfter).toBeUndefined();
  });

  it('falls back to the response status and a generic message for non-problem bodies', () => {
    const p = toProblem('Bad Gateway', new Response(null, { status: 502 }));
    expect(p.status).toBe(502);
    expect(problemMessage(p)).toMatch(/went wrong/);
    expect(fieldErrors(p)).toEqual({});
  });

  it('turns a network failure into a problem', async () => {
    const r = await call(Promise.reject(new TypeError('Failed to fetch')));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.status).toBe(0);
      expect(problemMessage(r.problem)).toMatch(/connection/);
    }
  });
});
