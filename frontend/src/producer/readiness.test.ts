import { describe, expect, it } from 'vitest';
import type { CoverageCast } from '../api/types';
import { byCallTime, castCounts, countReadiness, notConfirmed, readinessBadge, riderBadge, worstReadiness, READINESS } from './readiness';

describe('readiness display', () => {
  it('shows every state with a colour, a word and an icon; two amber states differ by word and icon', () => {
    for (const r of READINESS) {
      const b = readinessBadge(r);
      expect(b.label).toMatch(/^readiness\./);
      expect(b.icon).toBeTruthy();
    }
    expect(readinessBadge('at_risk').icon).not.toBe(readinessBadge('debrief_due').icon);
    expect(riderBadge('not_required').tone).toBe('grey');
  });

  it('finds the most serious state of a day', () => {
    expect(worstReadiness(['ready', 'not_needed'])).toBe('ready');
    expect(worstReadiness(['ready', 'debrief_due', 'at_risk'])).toBe('at_risk');
    expect(worstReadiness(['at_risk', 'blocked', 'ready'])).toBe('blocked');
    expect(worstReadiness([])).toBeNull();
  });

  it('counts states, confirmations and riders', () => {
    expect(countReadiness([{ readiness: 'blocked' }, { readiness: 'blocked' }, { readiness: 'ready' }])).toEqual({
      ready: 1,
      at_risk: 0,
      blocked: 2,
      debrief_due: 0,
      not_needed: 0,
    });
    const cast: CoverageCast[] = [
      { userId: 'a', displayName: 'A', consent: 'confirmed', rider: 'signed' },
      { userId: 'b', displayName: 'B', consent: 'pending', rider: 'late' },
      { userId: 'c', displayName: 'C', consent: 'withdrawn', rider: 'unsigned' },
      { userId: 'd', displayName: 'D', consent: 'confirmed', rider: 'not_required' },
    ];
    const consentCounts = { confirmed: 2, pending: 1, declined: 0, withdrawn: 1 };
    expect(castCounts({ cast, consentCounts })).toEqual({ total: 4, confirmed: 2, ridersRequired: 3, ridersSigned: 2 });
    // A producer's cast carries no consent (rule 10): the counts alone say it.
    const producerCast: CoverageCast[] = cast.map(({ consent: _, ...c }) => c);
    expect(castCounts({ cast: producerCast, consentCounts })).toEqual({ total: 4, confirmed: 2, ridersRequired: 3, ridersSigned: 2 });
    expect(notConfirmed({ cast }).map((c) => c.userId)).toEqual(['b', 'c']);
    expect(notConfirmed({ cast: producerCast })).toEqual([]);
  });

  it('orders scenes by call time, keeping the given order for equal times', () => {
    const s = [
      { id: 'late', callTime: '2026-12-02T08:00:00Z' },
      { id: 'first', callTime: '2026-12-01T08:00:00Z' },
      { id: 'second', callTime: '2026-12-01T08:00:00Z' },
    ];
    expect(byCallTime(s).map((x) => x.id)).toEqual(['first', 'second', 'late']);
  });
});
