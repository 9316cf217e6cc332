import { describe, expect, it } from 'vitest';
import type { Boundary, Rider, Step } from '../api/types';
import { isBlocking, previewFlags, type PreviewInput } from './flags';

const step = (extra: Partial<Step> = {}): Step => ({
  title: 'Embrace',
  description: 'Standing embrace',
  performers: [
    { userId: 'a', nudity: 'none' },
    { userId: 'b', nudity: 'none' },
  ],
  contacts: [],
  ...extra,
});

const rider = (userId: string, extra: Partial<Rider> = {}): Rider => ({
  sceneId: 's1',
  userId,
  version: 1,
  nudity: 'none',
  visibleAreas: [],
  acts: ['kissing'],
  stillsAllowed: false,
  doubleAllowed: false,
  footageLimits: '',
  signedAt: '2026-01-01T00:00:00Z',
  signedName: 'A Person',
  dueAt: '2026-01-05T00:00:00Z',
  late: false,
  ...extra,
});

const boundary = (extra: Partial<Boundary>): Boundary => ({
  id: 'b1',
  productionId: 'p1',
  sceneId: null,
  kind: 'no_contact',
  areas: [],
  maxNudity: null,
  note: '',
  createdAt: '2026-01-01T00:00:00Z',
  ...extra,
});

const input = (extra: Partial<PreviewInput> = {}): PreviewInput => ({
  sceneId: 's1',
  castIds: ['a', 'b'],
  riders: {},
  boundaries: {},
  ...extra,
});

describe('previewFlags (mirror of the server rules)', () => {
  it('finds nothing in a plain step', () => {
    expect(previewFlags([step()], input())).toEqual([]);
  });

  it('requires a barrier for contact on the genital area (blocking)', () => {
    const s = step({ contacts: [{ fromUserId: 'a', toUserId: 'b', area: 'genitals' }] });
    const flags = previewFlags([step(), s], input());
    expect(flags).toEqual([{ step: 2, code: 'barrier_required', field: 'steps[1].barrier' }]);
    expect(isBlocking(flags[0]!)).toBe(true);
    expect(previewFlags([{ ...s, barrier: '   ' }], input())).toHaveLength(1);
    expect(previewFlags([{ ...s, barrier: 'Barrier pad' }], input())).toEqual([]);
  });

  it('refuses people who are not cast, or not performers of the step (blocking)', () => {
    const s = step({
      performers: [{ userId: 'x', nudity: 'none' }],
      contacts: [{ fromUserId: 'a', toUserId: 'x', area: 'hands' }],
    });
    expect(previewFlags([s], input())).toEqual([
      { step: 1, code: 'not_cast', userId: 'x', field: 'steps[0].performers[0].userId' },
      { step: 1, code: 'not_in_step', userId: 'a', field: 'steps[0].contacts[0].fromUserId' },
      { step: 1, code: 'not_cast', userId: 'x', field: 'steps[0].contacts[0].toUserId' },
    ]);
  });

  it('flags contact on an area a performer protects, in this scene or production-wide', () => {
    const s = step({ contacts: [{ fromUserId: 'a', toUserId: 'b', area: 'neck' }] });
    const wide = boundary({ id: 'w', areas: ['neck', 'back'] });
    expect(previewFlags([s], input({ boundaries: { b: [wide] } }))).toEqual([
      { step: 1, code: 'boundary_conflict', userId: 'b', boundaryId: 'w' },
    ]);
    // Only the performer touched on that area is concerned.
    expect(previewFlags([s], input({ boundaries: { a: [wide] } }))).toEqual([]);
    // A boundary for another scene does not apply here.
    const other = boundary({ id: 'o', sceneId: 's2', areas: ['neck'] });
    expect(previewFlags([s], input({ boundaries: { b: [other] } }))).toEqual([]);
  });

  it('flags more nudity than a performer allows, never less or equal', () => {
    const limit = boundary({ id: 'm', kind: 'max_nudity', maxNudity: 'none' });
    const partial = step({ performers: [{ userId: 'a', nudity: 'partial' }] });
    expect(previewFlags([partial], input({ boundaries: { a: [limit] } }))).toEqual([
      { step: 1, code: 'boundary_conflict', userId: 'a', boundaryId: 'm' },
    ]);
    expect(previewFlags([step()], input({ boundaries: { a: [limit] } }))).toEqual([]);
    const note = boundary({ id: 'n', kind: 'note', note: 'Ask first' });
    expect(previewFlags([partial], input({ boundaries: { a: [note] } }))).toEqual([]);
  });

  it('flags a step beyond a signed rider: more nudity, an area or an act not agreed', () => {
    const tags = ['kissing', 'partial_nudity'] as const;
    const full = step({ performers: [{ userId: 'a', nudity: 'full' }] });
    const agreed = { nudity: 'partial' as const, acts: [...tags], visibleAreas: ['back' as const] };
    expect(previewFlags([full], input({ contentTags: tags, riders: { a: rider('a', agreed) } }))).toEqual([
      { step: 1, code: 'exceeds_rider', userId: 'a', reason: 'nudity' },
    ]);
    const touch = step({ contacts: [{ fromUserId: 'b', toUserId: 'a', area: 'neck' }, { fromUserId: 'b', toUserId: 'a', area: 'back' }] });
    expect(previewFlags([touch], input({ contentTags: tags, riders: { a: rider('a', agreed) } }))).toEqual([
      { step: 1, code: 'exceeds_rider', userId: 'a', reason: 'area', area: 'neck' },
    ]);
    expect(previewFlags([step()], input({ contentTags: tags, riders: { a: rider('a', { ...agreed, acts: ['kissing'] }) } }))).toEqual([
      { step: 1, code: 'exceeds_rider', userId: 'a', reason: 'act', act: 'partial_nudity' },
    ]);
    expect(isBlocking({ step: 1, code: 'exceeds_rider', userId: 'a', reason: 'nudity' })).toBe(false);
  });

  it('ignores riders that are unsigned, or not required by the scene', () => {
    const full = step({ performers: [{ userId: 'a', nudity: 'full' }] });
    const partial = rider('a', { nudity: 'partial' });
    expect(previewFlags([full], input({ contentTags: ['full_nudity'], riders: { a: { ...partial, signedAt: null } } }))).toEqual([]);
    expect(previewFlags([full], input({ contentTags: ['kissing'], riders: { a: partial } }))).toEqual([]);
    expect(previewFlags([full], input({ riders: { a: partial } }))).toEqual([]);
  });
});
