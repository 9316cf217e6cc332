import { describe, expect, it } from 'vitest';
import { ownFlagLabel, ownFlagSentence, ownFlags } from './ownFlags';
import { countsView } from './Counts';
import type { ChoreographyFlag } from '../api/types';

describe("a performer's own flags (rule 6)", () => {
  const flags: ChoreographyFlag[] = [
    { step: 3, userId: 'me', code: 'exceeds_rider', detail: 'more than the signed level' },
    { step: 3, userId: 'me', code: 'boundary_conflict', detail: 'no contact, back' },
    { step: 1, userId: 'someone-else', code: 'boundary_conflict', detail: 'their boundary' },
    { step: 2, userId: 'me', code: 'boundary_conflict', detail: '' },
  ];

  it("keeps only the flags about this person, in step order — never anyone else's", () => {
    const mine = ownFlags(flags, 'me');
    expect(mine.map((f) => `${f.step}:${f.code}`)).toEqual(['2:boundary_conflict', '3:boundary_conflict', '3:exceeds_rider']);
    expect(mine.some((f) => f.userId !== 'me')).toBe(false);
    expect(ownFlags(undefined, 'me')).toEqual([]);
    expect(ownFlags(flags, 'nobody')).toEqual([]);
  });

  it('says each in plain words', () => {
    expect(ownFlagSentence(flags[1]!)).toBe('Step 3 touches a boundary you set: no contact, back');
    expect(ownFlagSentence(flags[0]!)).toBe('Step 3 goes beyond the rider you signed: more than the signed level');
    expect(ownFlagSentence(flags[3]!)).toBe('Step 2 touches a boundary you set.');
    expect(ownFlagLabel(flags[1]!)).toBe('Touches a boundary you set');
    expect(ownFlagLabel(flags[0]!)).toBe('Beyond the rider you signed');
  });
});

describe('consent counts on a scene (producers see counts, never who)', () => {
  it('shows the non-zero states in the boards’ order', () => {
    expect(countsView({ confirmed: 2, pending: 1, declined: 0, withdrawn: 1 }, true)).toEqual({
      kind: 'counts',
      items: [
        { state: 'pending', n: 1 },
        { state: 'confirmed', n: 2 },
        { state: 'withdrawn', n: 1 },
      ],
    });
  });

  it('says when nothing is published, nobody is cast, or the counts are not known', () => {
    expect(countsView({ confirmed: 2, pending: 0, declined: 0, withdrawn: 0 }, false)).toEqual({ kind: 'unpublished' });
    expect(countsView({ confirmed: 0, pending: 0, declined: 0, withdrawn: 0 }, true)).toEqual({ kind: 'nobody' });
    expect(countsView(null, true)).toEqual({ kind: 'unavailable' });
    expect(countsView(undefined, true)).toEqual({ kind: 'unavailable' });
  });
});
