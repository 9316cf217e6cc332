// What the service worker keeps for offline use, shared by the worker and the
// page. Only the reads a performer needs on set are kept (scenes, a scene, its
// choreography and versions, consents, riders, own boundaries, and the
// production for its time zone); never auth endpoints. Each person's copies
// live in their own cache, named by the user id in their access token, and
// every API cache is deleted on sign-out.

/** Prefix of every API cache; bump API_CACHE_VERSION to drop old layouts. */
export const API_CACHE_PREFIX = 'closedset-api-';
/** The current cache layout version. */
export const API_CACHE_VERSION = 'v1';
/** Header the worker adds to a response served from its cache. */
export const CACHED_HEADER = 'X-Closedset-Cached';
/** Header naming the person on a request sent without a token (the app opened offline). */
export const OFFLINE_USER_HEADER = 'X-Closedset-User';
/** Header holding when a cached response was saved (RFC 3339). */
export const SAVED_AT_HEADER = 'X-Closedset-Saved-At';

const OFFLINE_READS: readonly RegExp[] = [
  /^\/api\/v1\/productions\/[^/]+$/,
  /^\/api\/v1\/productions\/[^/]+\/scenes$/,
  /^\/api\/v1\/scenes\/[^/]+$/,
  /^\/api\/v1\/scenes\/[^/]+\/choreography$/,
  /^\/api\/v1\/scenes\/[^/]+\/choreography\/versions$/,
  /^\/api\/v1\/scenes\/[^/]+\/choreography\/versions\/\d+$/,
  /^\/api\/v1\/scenes\/[^/]+\/consents$/,
  /^\/api\/v1\/scenes\/[^/]+\/riders\/[^/]+$/,
  /^\/api\/v1\/me\/boundaries$/,
  // issue 13 A: the performer's home across productions ("Needs you").
  /^\/api\/v1\/me\/scenes$/,
];

/** Whether a GET of this path is kept for offline use. */
export function isOfflineRead(pathname: string): boolean {
  if (pathname.startsWith('/api/v1/auth/')) return false;
  return OFFLINE_READS.some((re) => re.test(pathname));
}

/** The cache holding one person's offline copies. */
export function apiCacheName(userId: string): string {
  return `${API_CACHE_PREFIX}${API_CACHE_VERSION}-${userId}`;
}

/** Whether a cache name is an API cache of an older layout (to delete on activation). */
export function isOutdatedApiCache(name: string): boolean {
  return name.startsWith(API_CACHE_PREFIX) && !name.startsWith(`${API_CACHE_PREFIX}${API_CACHE_VERSION}-`);
}

/** A user id as the caches are named by it, or null when it does not look like one. */
export function safeUserId(id: string | null | undefined): string | null {
  return id && /^[\w-]{1,64}$/.test(id) ? id : null;
}

/**
 * The user id (JWT `sub`) in an "Authorization: Bearer" header, read without
 * verifying it: it only chooses which of the person's own caches to use, and
 * the server checks the token on every request that reaches it.
 */
export function userOfAuthorization(header: string | null | undefined): string | null {
  const m = /^Bearer\s+([^.\s]+)\.([^.\s]+)\.[^.\s]*$/.exec(header ?? '');
  if (!m) return null;
  try {
    const b64 = m[2]!.replace(/-/g, '+').replace(/_/g, '/');
    const json: unknown = JSON.parse(atob(b64.padEnd(Math.ceil(b64.length / 4) * 4, '=')));
    const sub = typeof json === 'object' && json !== null ? (json as { sub?: unknown }).sub : undefined;
    return typeof sub === 'string' ? safeUserId(sub) : null;
  } catch {
    return null;
  }
}

/**
 * Whether a saved copy goes when a read answers 404 or 403 (no longer this
 * person's to read): the refused read itself, and for a scene or a production
 * refused as a whole, everything saved under it.
 */
export function goesWithRefusal(refusedPath: string, savedPath: string): boolean {
  if (savedPath === refusedPath) return true;
  const whole = /^\/api\/v1\/(scenes|productions)\/[^/]+$/.test(refusedPath);
  return whole && savedPath.startsWith(`${refusedPath}/`);
}
