// Forgetting a production on this device (rule 13): when the server answers
// 404 for a production (the person was removed, left, or it is gone), or the
// person leaves it, the copies the service worker saved of it are deleted from
// the person's cache, and withdrawals still queued for its scenes are dropped
// (the server would refuse them now). What belongs to a production: the
// production itself, its scene list, every saved read under one of its scenes
// (scene, choreography and versions, consents, riders) and the boundaries
// saved for it. Its scenes are known from the saved scene list and from saved
// scenes that name it.
import { apiCacheName, safeUserId } from './rules';
import type { QueuedWithdrawal } from './queue';

/** A saved copy: its URL and, for the reads that name scenes, its parsed body. */
export interface SavedEntry {
  url: string;
  body?: unknown;
}

const PRODUCTION = /^\/api\/v1\/productions\/([^/]+)(?:\/scenes)?$/;
const SCENE_LIST = /^\/api\/v1\/productions\/([^/]+)\/scenes$/;
const SCENE = /^\/api\/v1\/scenes\/([^/]+)(?:\/.*)?$/;
const SCENE_ITSELF = /^\/api\/v1\/scenes\/([^/]+)$/;
const BOUNDARIES = /^\/api\/v1\/me\/boundaries$/;
// The performer's scenes across productions hold every production's: forgetting any one deletes it (saved again online).
const MY_SCENES = /^\/api\/v1\/me\/scenes$/;

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

function pathOf(url: string): URL | null {
  try {
    return new URL(url, 'http://device.invalid');
  } catch {
    return null;
  }
}

/** Whether a saved read needs its body to tell which scenes a production has. */
export function namesScenes(url: string): boolean {
  const u = pathOf(url);
  return !!u && (SCENE_LIST.test(u.pathname) || SCENE_ITSELF.test(u.pathname));
}

/** The production's scene ids, from its saved scene list and saved scenes that name it. */
export function sceneIdsOf(productionId: string, entries: readonly SavedEntry[]): Set<string> {
  const ids = new Set<string>();
  for (const e of entries) {
    const u = pathOf(e.url);
    if (!u) continue;
    const list = SCENE_LIST.exec(u.pathname);
    if (list && decode(list[1]!) === productionId && Array.isArray(e.body)) {
      for (const s of e.body) if (s && typeof s === 'object' && typeof (s as { id?: unknown }).id === 'string') ids.add((s as { id: string }).id);
    }
    const one = SCENE_ITSELF.exec(u.pathname);
    const body = e.body as { id?: unknown; productionId?: unknown } | undefined;
    if (one && body && body.productionId === productionId) ids.add(decode(one[1]!));
  }
  return ids;
}

/** Whether a saved read belongs to the production whose scenes are sceneIds. */
export function belongsTo(url: string, productionId: string, sceneIds: ReadonlySet<string>): boolean {
  const u = pathOf(url);
  if (!u) return false;
  const p = PRODUCTION.exec(u.pathname);
  if (p) return decode(p[1]!) === productionId;
  const s = SCENE.exec(u.pathname);
  if (s) return sceneIds.has(decode(s[1]!));
  if (BOUNDARIES.test(u.pathname)) return u.searchParams.get('productionId') === productionId;
  if (MY_SCENES.test(u.pathname)) return true;
  return false;
}

/** Whether a queued withdrawal is for one of the production's scenes. */
export function queuedFor(w: QueuedWithdrawal, productionId: string, sceneIds: ReadonlySet<string>): boolean {
  return w.productionId === productionId || sceneIds.has(w.sceneId);
}

/**
 * Deletes what the person's cache saved of the production; returns the scene
 * ids it knew of (for the outbox) and how many copies were deleted.
 */
export async function forgetSavedProduction(
  productionId: string,
  userId: string | null,
  store: CacheStorage | undefined = globalThis.caches,
): Promise<{ sceneIds: Set<string>; deleted: number }> {
  const user = safeUserId(userId);
  if (!user || !store) return { sceneIds: new Set(), deleted: 0 };
  try {
    const name = apiCacheName(user);
    if (!(await store.has(name))) return { sceneIds: new Set(), deleted: 0 };
    const cache = await store.open(name);
    const requests = await cache.keys();
    const entries: SavedEntry[] = [];
    for (const r of requests) {
      if (!namesScenes(r.url)) {
        entries.push({ url: r.url });
        continue;
      }
      const hit = await cache.match(r.url, { ignoreVary: true });
      let body: unknown;
      try {
        body = hit ? await hit.json() : undefined;
      } catch {
        body = undefined;
      }
      entries.push({ url: r.url, body });
    }
    const sceneIds = sceneIdsOf(productionId, entries);
    let deleted = 0;
    for (const r of requests) {
      if (belongsTo(r.url, productionId, sceneIds) && (await cache.delete(r, { ignoreVary: true }))) deleted++;
    }
    return { sceneIds, deleted };
  } catch {
    // Cache storage may be unavailable: nothing could be read from it either.
    return { sceneIds: new Set(), deleted: 0 };
  }
}
