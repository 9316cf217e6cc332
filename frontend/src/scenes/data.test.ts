import { describe, expect, it } from 'vitest';
import createClient from 'openapi-fetch';
import type { paths } from '../api/schema';
import { loadSceneRows, myStateOf } from './data';

const BASE = 'http://closedset.test';

/** A client whose server answers from a table and records what was asked. */
function fakeServer(answers: Record<string, unknown>) {
  const asked: string[] = [];
  const client = createClient<paths>({
    baseUrl: BASE,
    fetch: async (req: Request) => {
      const path = new URL(req.url).pathname;
      asked.push(path);
      if (!(path in answers)) return new Response(JSON.stringify({ status: 404 }), { status: 404, headers: { 'Content-Type': 'application/problem+json' } });
      return new Response(JSON.stringify(answers[path]), { headers: { 'Content-Type': 'application/json' } });
    },
  });
  return { client, asked };
}

const scene = (id: string, extra: object = {}) => ({ id, productionId: 'p1', number: id, title: '', currentVersion: 1, cast: [], callTime: '2026-05-01T10:00:00Z', ...extra });

describe('the scene list', () => {
  it("takes a producer's or coordinator's counts from the list itself: one request, no per-person read", async () => {
    const counts = { confirmed: 1, pending: 1, declined: 0, withdrawn: 1 };
    const { client, asked } = fakeServer({ '/api/v1/productions/p1/scenes': [scene('s1', { consentCounts: counts }), scene('s2', { consentCounts: counts })] });
    const r = await loadSceneRows('p1', client);
    expect(r.ok && r.data.map((x) => x.counts)).toEqual([counts, counts]);
    expect(r.ok && r.data.every((x) => x.consents === null)).toBe(true);
    expect(asked).toEqual(['/api/v1/productions/p1/scenes']);
  });

  it("takes a performer's own state from the list when it carries one", async () => {
    const { client, asked } = fakeServer({
      '/api/v1/productions/p1/scenes': [scene('s1', { myConsent: 'confirmed' }), scene('s2', { myConsent: 'withdrawn' }), scene('s3', { myConsent: null })],
    });
    const r = await loadSceneRows('p1', client);
    expect(r.ok && r.data.map((x) => x.myState)).toEqual(['confirmed', 'withdrawn', null]);
    expect(asked).toEqual(['/api/v1/productions/p1/scenes']);
    expect(myStateOf({ myConsent: 'maybe' as never })).toBeNull();
    expect(myStateOf({})).toBeUndefined();
  });

  it('reads and counts the consents per scene when the list has neither (an older server)', async () => {
    const { client, asked } = fakeServer({
      '/api/v1/productions/p1/scenes': [scene('s1')],
      '/api/v1/scenes/s1/consents': [{ userId: 'u1', displayName: 'A', state: 'declined', version: 1, decidedAt: null, postPhotography: false }],
    });
    const r = await loadSceneRows('p1', client);
    expect(r.ok && r.data[0]!.counts).toEqual({ pending: 0, confirmed: 0, declined: 1, withdrawn: 0 });
    expect(asked).toEqual(['/api/v1/productions/p1/scenes', '/api/v1/scenes/s1/consents']);
  });
});
