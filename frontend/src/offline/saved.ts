// Saved first, network second: reads the copies the service worker saved on
// this device for the signed-in person straight from Cache Storage, without
// the network, so a screen can show them at once while its network load runs
// (ui.md: no spinner where saved data exists). The same loaders run against
// this client as against the network one, so the saved screen is the same
// screen. Nothing is written here; only the service worker saves (responses
// to a token, per person).
import createClient from 'openapi-fetch';
import type { Api } from '../api/client';
import type { paths } from '../api/schema';
import { networkProblem, type Result } from '../api/problem';
import { SAVED_AT_HEADER, apiCacheName, isOfflineRead, safeUserId } from './rules';

/** A load answered from saved copies: its result and when the oldest copy it used was saved. */
export interface Saved<T> {
  result: Result<T>;
  /** Milliseconds since the epoch of the oldest saved copy used, or null when none was. */
  savedAt: number | null;
}

let currentUser: () => string | null = () => null;

/** Names whose saved copies to read (the person signed in on this device). */
export function configureSavedReads(user: () => string | null): void {
  currentUser = user;
}

/** A fetch that answers GETs of offline reads from the person's cache and fails (like no signal) otherwise. */
export function savedFetch(userId: string, seen: { oldest: number | null }, store: CacheStorage | undefined = globalThis.caches): typeof fetch {
  return async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const name = apiCacheName(userId);
    if (request.method !== 'GET' || !store || !isOfflineRead(new URL(request.url).pathname) || !(await store.has(name))) {
      throw new TypeError('not saved');
    }
    const hit = await (await store.open(name)).match(request.url, { ignoreVary: true });
    if (!hit) throw new TypeError('not saved');
    const at = Date.parse(hit.headers.get(SAVED_AT_HEADER) ?? hit.headers.get('Date') ?? '');
    if (!Number.isNaN(at)) seen.oldest = seen.oldest === null ? at : Math.min(seen.oldest, at);
    return hit;
  };
}

/**
 * Runs a loader against the copies saved on this device for the signed-in
 * person. Resolves quickly; a result that is not ok means nothing usable was
 * saved.
 */
export async function readSaved<T>(
  load: (client: Api) => Promise<Result<T>>,
  opts: { userId?: string | null; baseUrl?: string; store?: CacheStorage } = {},
): Promise<Saved<T>> {
  const user = safeUserId(opts.userId === undefined ? currentUser() : opts.userId);
  const store = opts.store ?? globalThis.caches;
  if (!user || !store) return { result: { ok: false, problem: networkProblem() }, savedAt: null };
  const seen = { oldest: null as number | null };
  const baseUrl = opts.baseUrl ?? (typeof location !== 'undefined' ? location.origin : '');
  const client = createClient<paths>({ baseUrl, fetch: savedFetch(user, seen, store) });
  try {
    const result = await load(client);
    return { result, savedAt: result.ok ? seen.oldest : null };
  } catch {
    return { result: { ok: false, problem: networkProblem() }, savedAt: null };
  }
}
