import { describe, expect, it, vi } from 'vitest';
import { goneProductionOf, productionGoneMiddleware } from './gone';
import { LAST_PRODUCER, canManage, canRevoke, membershipProblem } from './membership';
import { en } from '../i18n/en';

const U = 'http://closedset.test';

describe('a 404 for a production (rule 13)', () => {
  it("means the person can no longer see it only for the production's own reads", () => {
    expect(goneProductionOf('GET', `${U}/api/v1/productions/p1`, 404)).toBe('p1');
    expect(goneProductionOf('get', `${U}/api/v1/productions/p%2F1/scenes`, 404)).toBe('p/1');
    expect(goneProductionOf('GET', `${U}/api/v1/productions/p1/members`, 404)).toBe('p1');
    expect(goneProductionOf('GET', `${U}/api/v1/productions/p1/coverage?from=2026-01-01`, 404)).toBe('p1');
    // Any other answer, another method or a scene's read says nothing about the production.
    expect(goneProductionOf('GET', `${U}/api/v1/productions/p1`, 200)).toBeNull();
    expect(goneProductionOf('GET', `${U}/api/v1/productions/p1`, 403)).toBeNull();
    expect(goneProductionOf('DELETE', `${U}/api/v1/productions/p1/invites/i1`, 404)).toBeNull();
    expect(goneProductionOf('GET', `${U}/api/v1/productions/p1/invites`, 404)).toBeNull();
    expect(goneProductionOf('GET', `${U}/api/v1/scenes/s1`, 404)).toBeNull();
    expect(goneProductionOf('GET', `${U}/api/v1/scenes/s1/choreography`, 404)).toBeNull();
    expect(goneProductionOf('GET', `${U}/api/v1/productions`, 404)).toBeNull();
  });

  it('tells the app from the API middleware', async () => {
    const onGone = vi.fn();
    const mw = productionGoneMiddleware(onGone);
    const answer = (url: string, status: number) =>
      mw.onResponse!({ request: new Request(url), response: new Response(null, { status }) } as never);
    await answer(`${U}/api/v1/productions/p1/scenes`, 404);
    await answer(`${U}/api/v1/productions/p2/scenes`, 200);
    expect(onGone.mock.calls).toEqual([['p1']]);
  });
});

describe('membership changes', () => {
  it('say plainly that a production needs a producer', () => {
    const p = { status: 409, code: LAST_PRODUCER, detail: 'server words' };
    expect(membershipProblem('role', p)).toBe(en['members.lastProducer']);
    expect(membershipProblem('remove', p)).toBe(en['members.lastProducer']);
    expect(membershipProblem('leave', p)).toBe(en['members.lastProducerLeave']);
    expect(membershipProblem('deleteAccount', p)).toBe(en['account.lastProducer']);
    expect(membershipProblem('revoke', { status: 404 })).toBe(en['invites.alreadyGone']);
    expect(membershipProblem('remove', { status: 404 })).toBe(en['members.alreadyGone']);
    expect(membershipProblem('role', { status: 403 })).toBe(en['members.notAllowed']);
    expect(membershipProblem('role', { status: 422, detail: 'role must be one of …' })).toBe('role must be one of …');
  });

  it('are offered to producers (never on themself) and invites revoked by who may', () => {
    expect(canManage('producer', 'me', { userId: 'other' })).toBe(true);
    expect(canManage('producer', 'me', { userId: 'me' })).toBe(false);
    expect(canManage('coordinator', 'me', { userId: 'other' })).toBe(false);
    expect(canManage('performer', 'me', { userId: 'other' })).toBe(false);
    expect(canRevoke('producer', { role: 'coordinator' })).toBe(true);
    expect(canRevoke('coordinator', { role: 'performer' })).toBe(true);
    expect(canRevoke('coordinator', { role: 'producer' })).toBe(false);
    expect(canRevoke('performer', { role: 'performer' })).toBe(false);
  });
});

describe('a production gone for the signed-in person', () => {
  it("deletes what the device saved of it, its queued withdrawals and the membership, and says so once", async () => {
    const { productionGone, productionNotice } = await import('./gone');
    const { sessionState } = await import('../auth/session');
    const { outbox } = await import('../offline/outbox');
    const { apiCacheName } = await import('../offline/rules');
    const saved: Record<string, unknown> = {
      [`${U}/api/v1/productions/p1`]: { id: 'p1' },
      [`${U}/api/v1/productions/p1/scenes`]: [{ id: 's1', productionId: 'p1' }],
      [`${U}/api/v1/scenes/s1/choreography`]: { version: 1 },
      [`${U}/api/v1/productions/p2`]: { id: 'p2' },
    };
    const cache = {
      keys: async () => Object.keys(saved).map((u) => new Request(u)),
      match: async (u: string) => (u in saved ? new Response(JSON.stringify(saved[u])) : undefined),
      delete: async (r: Request) => delete saved[r.url],
    };
    const g = globalThis as { caches?: unknown };
    const before = g.caches;
    g.caches = { has: async (n: string) => n === apiCacheName('u1'), open: async () => cache };
    try {
      sessionState.set({
        status: 'signed-in',
        me: {
          id: 'u1',
          email: 'u1@example.com',
          displayName: 'U',
          pronouns: '',
          memberships: [
            { productionId: 'p1', productionTitle: 'Night Shoot', role: 'performer' },
            { productionId: 'p2', productionTitle: 'Day Shoot', role: 'performer' },
          ],
        },
      });
      outbox.add({ userId: 'u1', sceneId: 's1', note: '' });
      outbox.add({ userId: 'u1', sceneId: 's2', productionId: 'p2', note: '' });

      await productionGone('p1');

      expect(Object.keys(saved)).toEqual([`${U}/api/v1/productions/p2`]);
      expect(outbox.list('u1').map((w) => w.sceneId)).toEqual(['s2']);
      const s = sessionState.get();
      expect(s.status === 'signed-in' ? s.me.memberships.map((m) => m.productionId) : null).toEqual(['p2']);
      expect(productionNotice.get()).toEqual({ title: 'Night Shoot' });

      // A production this person never belonged to: nothing to say.
      productionNotice.set(null);
      await productionGone('p-unknown');
      expect(productionNotice.get()).toBeNull();
    } finally {
      g.caches = before;
    }
  });
});
