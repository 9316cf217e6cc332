import { describe, expect, it } from 'vitest';
import { compactTime, homeOf, needsInOrder, openCheckins, urgency, type MyScene } from './needs';

const NOW = Date.UTC(2026, 11, 5, 9, 0);
const iso = (hoursFromNow: number) => new Date(NOW + hoursFromNow * 3600_000).toISOString();

function scene(id: string, p: Partial<MyScene> & { callIn: number }): MyScene {
  const { callIn, ...rest } = p;
  return {
    id,
    productionId: 'p1',
    number: id.toUpperCase(),
    title: `Scene ${id}`,
    synopsis: '',
    callTime: iso(callIn),
    location: '',
    contentTags: [],
    coordinatorId: null,
    status: 'planned',
    closedSet: { roster: [] } as unknown as MyScene['closedSet'],
    cast: [],
    currentVersion: 1,
    myConsent: 'confirmed',
    productionTitle: 'Night Shoot',
    timezone: 'Europe/London',
    openCheckin: null,
    nextDebrief: null,
    riderDueAt: null,
    needs: [],
    ...rest,
  };
}

describe('performer home', () => {
  it('puts scenes that need the person on top (open check-in first, then the most pressing), then the rest by call time', () => {
    const quiet1 = scene('a', { callIn: 48 });
    const quiet0 = scene('b', { callIn: 2 });
    const past = scene('c', { callIn: -24 });
    const older = scene('d', { callIn: -72 });
    const decide = scene('e', { callIn: 30, needs: ['decide'], myConsent: 'pending' });
    const rider = scene('f', { callIn: 90, needs: ['sign_rider'], riderDueAt: iso(10) });
    const checkin = scene('g', { callIn: 100, needs: ['answer_checkin'], openCheckin: { id: 'c1', expiresAt: iso(0.2) } });
    const home = homeOf([quiet1, decide, past, quiet0, rider, older, checkin], NOW);
    expect(home.needs.map((s) => s.id)).toEqual(['g', 'f', 'e']);
    expect(home.upcoming.map((s) => s.id)).toEqual(['b', 'a']);
    expect(home.past.map((s) => s.id)).toEqual(['c', 'd']);
  });

  it('measures how pressing a scene is by its earliest deadline', () => {
    const s = scene('a', { callIn: 50, needs: ['sign_rider', 'debrief'], riderDueAt: iso(20), nextDebrief: { id: 'd', scheduledAt: iso(5) } });
    expect(urgency(s)).toBe(NOW + 5 * 3600_000);
    // A debrief that is not a need does not make the scene pressing.
    expect(urgency(scene('b', { callIn: 50, nextDebrief: { id: 'd', scheduledAt: iso(5) } }))).toBe(NOW + 50 * 3600_000);
  });

  it('names the zone once when every scene shares it, else on each row', () => {
    expect(homeOf([scene('a', { callIn: 1 }), scene('b', { callIn: 2 })], NOW).zone).toBe('Europe/London');
    expect(homeOf([scene('a', { callIn: 1 }), scene('b', { callIn: 2, timezone: 'America/New_York' })], NOW).zone).toBeNull();
    expect(homeOf([], NOW).zone).toBeNull();
  });

  it('says the needs of a scene in a fixed order', () => {
    expect(needsInOrder({ needs: ['debrief', 'decide', 'answer_checkin', 'sign_rider'] })).toEqual(['answer_checkin', 'decide', 'sign_rider', 'debrief']);
  });

  it('lists the open check-ins across productions, soonest to close first', () => {
    const a = scene('a', { callIn: 1, openCheckin: { id: 'c2', expiresAt: iso(0.5) } });
    const b = scene('b', { callIn: 1, productionId: 'p2', openCheckin: { id: 'c1', expiresAt: iso(0.1) } });
    expect(openCheckins([scene('c', { callIn: 1 }), a, b]).map((s) => s.openCheckin.id)).toEqual(['c1', 'c2']);
  });

  it('writes compact times: no year this year, the zone only when asked', () => {
    const at = '2026-12-09T07:30:00Z';
    expect(compactTime(at, 'Europe/London', NOW, false, 'en-GB')).toBe('Wed 9 Dec, 07:30');
    expect(compactTime(at, 'Europe/London', NOW, true, 'en-GB')).toBe('Wed 9 Dec, 07:30 GMT');
    expect(compactTime('2027-01-05T07:30:00Z', 'Europe/London', NOW, false, 'en-GB')).toBe('Tue, 5 Jan 2027, 07:30');
    expect(compactTime(at, 'America/New_York', NOW, false, 'en-GB')).toBe('Wed 9 Dec, 02:30');
    expect(compactTime('nonsense', 'Europe/London', NOW)).toBe('nonsense');
  });
});
