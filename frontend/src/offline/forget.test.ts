import { describe, expect, it } from 'vitest';
import { belongsTo, forgetSavedProduction, queuedFor, sceneIdsOf } from './forget';
import { createWithdrawalQueue, type KeyValueStorage } from './queue';
import { apiCacheName } from './rules';

const BASE = 'http://closedset.test/api/v1';

/** A Cache Storage as the service worker fills it: per person, URL → JSON body; deletions are recorded. */
function fakeCaches(saved: Record<string, Record<string, unknown>>) {
  const deleted: string[] = [];
  const open = async (name: string) =>
    ({
      keys: async () => Object.keys(saved[name] ?? {}).map((url) => new Request(url)),
      match: async (url: string) => (url in (saved[name] ?? {}) ? new Response(JSON.stringify(saved[name]![url])) : undefined),
      delete: async (req: Request | string) => {
        const url = typeof req === 'string' ? req : req.url;
        if (!(url in (saved[name] ?? {}))) return false;
        delete saved[name]![url];
        deleted.push(url);
        return true;
      },
    }) as unknown as Cache;
  const store = { has: async (name: string) => name in saved, open } as unknown as CacheStorage;
  return { store, deleted, saved };
}

function device() {
  return fakeCaches({
    [apiCacheName('u1')]: {
      [`${BASE}/productions/p1`]: { id: 'p1' },
      [`${BASE}/productions/p1/scenes`]: [{ id: 's1', productionId: 'p1' }],
      [`${BASE}/scenes/s1`]: { id: 's1', productionId: 'p1' },
      [`${BASE}/scenes/s1/choreography`]: { version: 1 },
      [`${BASE}/scenes/s1/choreography/versions/1`]: { version: 1 },
      [`${BASE}/scenes/s1/consents`]: [],
      [`${BASE}/scenes/s1/riders/u1`]: { version: 1 },
      // A scene of p1 that is no longer in its saved list, known by its own copy.
      [`${BASE}/scenes/s9`]: { id: 's9', productionId: 'p1' },
      [`${BASE}/scenes/s9/choreography`]: { version: 2 },
      [`${BASE}/me/boundaries?productionId=p1`]: [],
      // Another production the person still belongs to.
      [`${BASE}/productions/p2`]: { id: 'p2' },
      [`${BASE}/productions/p2/scenes`]: [{ id: 's2', productionId: 'p2' }],
      [`${BASE}/scenes/s2`]: { id: 's2', productionId: 'p2' },
      [`${BASE}/scenes/s2/consents`]: [],
      [`${BASE}/me/boundaries?productionId=p2`]: [],
    },
    [apiCacheName('u2')]: {
      [`${BASE}/productions/p1`]: { id: 'p1' },
    },
  });
}

describe('forgetting a production on this device (rule 13)', () => {
  it('knows its scenes from the saved scene list and from saved scenes that name it', () => {
    const ids = sceneIdsOf('p1', [
      { url: `${BASE}/productions/p1/scenes`, body: [{ id: 's1' }, { id: 's3' }, null, { id: 4 }] },
      { url: `${BASE}/scenes/s9`, body: { id: 's9', productionId: 'p1' } },
      { url: `${BASE}/scenes/s2`, body: { id: 's2', productionId: 'p2' } },
      { url: `${BASE}/productions/p2/scenes`, body: [{ id: 's2' }] },
    ]);
    expect([...ids].sort()).toEqual(['s1', 's3', 's9']);
  });

  it('tells which saved reads belong to it', () => {
    const scenes = new Set(['s1']);
    expect(belongsTo(`${BASE}/productions/p1`, 'p1', scenes)).toBe(true);
    expect(belongsTo(`${BASE}/productions/p1/scenes`, 'p1', scenes)).toBe(true);
    expect(belongsTo(`${BASE}/scenes/s1/riders/u1`, 'p1', scenes)).toBe(true);
    // The home across productions holds every production's scenes: it goes with any one of them.
    expect(belongsTo(`${BASE}/me/scenes`, 'p1', scenes)).toBe(true);
    expect(belongsTo(`${BASE}/me/boundaries?productionId=p1`, 'p1', scenes)).toBe(true);
    expect(belongsTo(`${BASE}/productions/p10`, 'p1', scenes)).toBe(false);
    expect(belongsTo(`${BASE}/scenes/s10`, 'p1', scenes)).toBe(false);
    expect(belongsTo(`${BASE}/me/boundaries?productionId=p2`, 'p1', scenes)).toBe(false);
    expect(belongsTo(`${BASE}/me/boundaries`, 'p1', scenes)).toBe(false);
    expect(belongsTo(`${BASE}/productions`, 'p1', scenes)).toBe(false);
  });

  it("deletes every saved copy of the production from the person's cache, and nothing else", async () => {
    const { store, deleted, saved } = device();
    const r = await forgetSavedProduction('p1', 'u1', store);
    expect([...r.sceneIds].sort()).toEqual(['s1', 's9']);
    expect(r.deleted).toBe(10);
    expect(deleted.every((u) => !u.includes('p2') && !u.includes('s2'))).toBe(true);
    expect(Object.keys(saved[apiCacheName('u1')]!).sort()).toEqual(
      [
        `${BASE}/me/boundaries?productionId=p2`,
        `${BASE}/productions/p2`,
        `${BASE}/productions/p2/scenes`,
        `${BASE}/scenes/s2`,
        `${BASE}/scenes/s2/consents`,
      ].sort(),
    );
    // Another person's copies on a shared device are theirs: untouched.
    expect(Object.keys(saved[apiCacheName('u2')]!)).toEqual([`${BASE}/productions/p1`]);
  });

  it('does nothing without a person, a cache or storage', async () => {
    const { store } = device();
    expect((await forgetSavedProduction('p1', null, store)).deleted).toBe(0);
    expect((await forgetSavedProduction('p1', 'u3', store)).deleted).toBe(0);
    expect((await forgetSavedProduction('p1', 'u1', undefined)).deleted).toBe(0);
  });

  it('drops queued withdrawals for its scenes (and only those)', () => {
    const data = new Map<string, string>();
    const storage: KeyValueStorage = { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
    const q = createWithdrawalQueue({ storage, send: async () => 200 });
    q.add({ userId: 'u1', sceneId: 's1', note: '' });
    q.add({ userId: 'u1', sceneId: 's7', productionId: 'p1', note: '' });
    q.add({ userId: 'u1', sceneId: 's2', productionId: 'p2', note: '' });
    q.add({ userId: 'u2', sceneId: 's1', note: '' });
    const scenes = new Set(['s1']);
    expect(q.drop((w) => w.userId === 'u1' && queuedFor(w, 'p1', scenes))).toBe(2);
    expect(q.list().map((w) => `${w.userId}/${w.sceneId}`)).toEqual(['u1/s2', 'u2/s1']);
    expect(q.drop(() => false)).toBe(0);
  });
});
