import { describe, expect, it } from 'vitest';
import { call } from '../api/problem';
import { loadSceneRows } from '../scenes/data';
import { loadPerformerScene } from '../performer/decide';
import { readSaved } from './saved';
import { SAVED_AT_HEADER, apiCacheName } from './rules';

const BASE = 'http://closedset.test';

/** A Cache Storage holding responses by URL, per cache name, as the service worker saves them. */
function fakeCaches(saved: Record<string, Record<string, { body: unknown; at: string }>>): CacheStorage {
  const open = async (name: string) =>
    ({
      match: async (url: string) => {
        const hit = saved[name]?.[url];
        return hit ? new Response(JSON.stringify(hit.body), { headers: { 'Content-Type': 'application/json', [SAVED_AT_HEADER]: hit.at } }) : undefined;
      },
    }) as unknown as Cache;
  return { has: async (name: string) => name in saved, open } as unknown as CacheStorage;
}

const scene = { id: 's1', productionId: 'p1', number: '14', title: 'Corridor', currentVersion: 1, cast: [], callTime: '2026-05-01T10:00:00Z' };
const consents = [{ userId: 'u1', displayName: 'Alex', state: 'confirmed', version: 1, decidedAt: '2026-04-01T10:00:00Z', postPhotography: false }];
const choreo = { sceneId: 's1', version: 1, summary: '', steps: [], publishedAt: '2026-04-01T09:00:00Z' };

describe('saved first', () => {
  const store = fakeCaches({
    [apiCacheName('u1')]: {
      [`${BASE}/api/v1/productions/p1/scenes`]: { body: [scene], at: '2026-05-01T08:00:00Z' },
      [`${BASE}/api/v1/scenes/s1/consents`]: { body: consents, at: '2026-05-01T08:00:05Z' },
      [`${BASE}/api/v1/scenes/s1`]: { body: scene, at: '2026-05-01T07:59:00Z' },
      [`${BASE}/api/v1/scenes/s1/choreography`]: { body: choreo, at: '2026-05-01T08:00:00Z' },
    },
  });

  it('reads the scene list from what this device saved, with the oldest saved time', async () => {
    const s = await readSaved((c) => loadSceneRows('p1', c), { userId: 'u1', baseUrl: BASE, store });
    expect(s.result).toEqual({ ok: true, data: [{ scene, consents, counts: { pending: 0, confirmed: 1, declined: 0, withdrawn: 0 } }] });
    expect(s.savedAt).toBe(Date.parse('2026-05-01T08:00:00Z'));
  });

  it('reads a performer scene and its choreography (no saved rider is no rider)', async () => {
    const s = await readSaved((c) => loadPerformerScene('s1', 'u1', c), { userId: 'u1', baseUrl: BASE, store });
    expect(s.result.ok).toBe(true);
    if (s.result.ok) {
      expect(s.result.data.scene.title).toBe('Corridor');
      expect(s.result.data.consent?.state).toBe('confirmed');
      expect(s.result.data.current?.version).toBe(1);
      expect(s.result.data.rider).toBeNull();
    }
    expect(s.savedAt).toBe(Date.parse('2026-05-01T07:59:00Z'));
  });

  it("never reads another person's copies, and says nothing was saved when nothing was", async () => {
    const other = await readSaved((c) => loadSceneRows('p1', c), { userId: 'u2', baseUrl: BASE, store });
    expect(other.result.ok).toBe(false);
    expect(other.savedAt).toBeNull();
    const nobody = await readSaved((c) => loadSceneRows('p1', c), { userId: null, baseUrl: BASE, store });
    expect(nobody.result.ok).toBe(false);
    const missing = await readSaved((c) => loadSceneRows('p2', c), { userId: 'u1', baseUrl: BASE, store });
    expect(missing.result.ok).toBe(false);
    if (!missing.result.ok) expect(missing.result.problem.status).toBe(0);
  });

  it('reads only what the service worker keeps (never other paths, never writes)', async () => {
    const s = await readSaved((c) => call(c.GET('/api/v1/me')), { userId: 'u1', baseUrl: BASE, store });
    expect(s.result.ok).toBe(false);
  });
});
