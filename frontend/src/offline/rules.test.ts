import { describe, expect, it } from 'vitest';
import { apiCacheName, isOfflineRead, isOutdatedApiCache, userOfAuthorization } from './rules';

const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const jwt = (claims: unknown) => `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(claims)}.c2lnbmF0dXJl`;

describe('offline cache rules', () => {
  it('keeps the reads a performer needs on set', () => {
    for (const p of [
      '/api/v1/productions/p1',
      '/api/v1/productions/p1/scenes',
      '/api/v1/scenes/s1',
      '/api/v1/scenes/s1/choreography',
      '/api/v1/scenes/s1/choreography/versions',
      '/api/v1/scenes/s1/choreography/versions/3',
      '/api/v1/scenes/s1/consents',
      '/api/v1/scenes/s1/riders/u1',
      '/api/v1/me/boundaries',
    ]) {
      expect(isOfflineRead(p), p).toBe(true);
    }
  });

  it('never keeps auth, profile or other reads', () => {
    for (const p of [
      '/api/v1/auth/refresh',
      '/api/v1/auth/login',
      '/api/v1/auth/password-reset',
      '/api/v1/auth/password-reset/confirm',
      '/api/v1/config',
      '/api/v1/me/notification-settings',
      '/api/v1/me',
      '/api/v1/productions',
      '/api/v1/productions/p1/members',
      '/api/v1/productions/p1/audit',
      '/api/v1/scenes/s1/boundaries',
      '/api/v1/notifications',
      '/index.html',
    ]) {
      expect(isOfflineRead(p), p).toBe(false);
    }
  });

  it('names caches per person and version', () => {
    expect(apiCacheName('u1')).toBe('closedset-api-v1-u1');
    expect(isOutdatedApiCache('closedset-api-v0-u1')).toBe(true);
    expect(isOutdatedApiCache('closedset-api-v1-u1')).toBe(false);
    expect(isOutdatedApiCache('workbox-precache-v2')).toBe(false);
  });

  it('reads the user id from a bearer token', () => {
    expect(userOfAuthorization(`Bearer ${jwt({ sub: '0196-abc', exp: 1 })}`)).toBe('0196-abc');
    expect(userOfAuthorization(null)).toBeNull();
    expect(userOfAuthorization('Bearer nonsense')).toBeNull();
    expect(userOfAuthorization(`Bearer ${jwt({ exp: 1 })}`)).toBeNull();
    expect(userOfAuthorization(`Bearer ${jwt({ sub: '../other' })}`)).toBeNull();
  });
});

describe('saved copies that go when a read is refused (rule 13)', () => {
  it('drops the refused read, and everything under a refused scene or production', async () => {
    const { goesWithRefusal } = await import('./rules');
    expect(goesWithRefusal('/api/v1/scenes/s1', '/api/v1/scenes/s1')).toBe(true);
    expect(goesWithRefusal('/api/v1/scenes/s1', '/api/v1/scenes/s1/choreography')).toBe(true);
    expect(goesWithRefusal('/api/v1/scenes/s1', '/api/v1/scenes/s1/riders/u1')).toBe(true);
    expect(goesWithRefusal('/api/v1/scenes/s1', '/api/v1/scenes/s10')).toBe(false);
    expect(goesWithRefusal('/api/v1/scenes/s1', '/api/v1/scenes/s10/consents')).toBe(false);
    expect(goesWithRefusal('/api/v1/productions/p1', '/api/v1/productions/p1/scenes')).toBe(true);
    expect(goesWithRefusal('/api/v1/scenes/s1/riders/u1', '/api/v1/scenes/s1/riders/u1')).toBe(true);
    // A part refused does not take its whole with it.
    expect(goesWithRefusal('/api/v1/scenes/s1/choreography', '/api/v1/scenes/s1')).toBe(false);
    expect(goesWithRefusal('/api/v1/scenes/s1/choreography', '/api/v1/scenes/s1/consents')).toBe(false);
  });
});
