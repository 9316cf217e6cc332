import { describe, expect, it } from 'vitest';
import type { Step } from '../api/types';
import { changedFields, diffSteps, hasChanges } from './diff';

const step = (title: string, extra: Partial<Step> = {}): Step => ({
  title,
  description: `${title} as rehearsed`,
  durationSec: 30,
  performers: [
    { userId: 'a', nudity: 'none' },
    { userId: 'b', nudity: 'none' },
  ],
  contacts: [{ fromUserId: 'a', toUserId: 'b', area: 'hands' }],
  barrier: '',
  ...extra,
});

const kinds = (d: ReturnType<typeof diffSteps>) =>
  d.map((x) => (x.kind === 'changed' ? `changed:${x.step.title}:${x.fields.join(',')}` : `${x.kind}:${x.step.title}`));

describe('diffSteps', () => {
  it('finds nothing between equal versions', () => {
    const v = [step('Enter'), step('Embrace'), step('Exit')];
    const d = diffSteps(v, structuredClone(v));
    expect(kinds(d)).toEqual(['same:Enter', 'same:Embrace', 'same:Exit']);
    expect(hasChanges(d)).toBe(false);
  });

  it('marks an inserted step as added without disturbing the steps after it', () => {
    const before = [step('Enter'), step('Embrace'), step('Exit')];
    const after = [step('Enter'), step('Pause'), step('Embrace'), step('Exit')];
    expect(kinds(diffSteps(before, after))).toEqual(['same:Enter', 'added:Pause', 'same:Embrace', 'same:Exit']);
  });

  it('marks a dropped step as removed, at its old place', () => {
    const before = [step('Enter'), step('Embrace'), step('Exit')];
    const after = [step('Enter'), step('Exit')];
    const d = diffSteps(before, after);
    expect(kinds(d)).toEqual(['same:Enter', 'removed:Embrace', 'same:Exit']);
    expect(d[1]).toMatchObject({ kind: 'removed', oldIndex: 1 });
  });

  it('names the fields of a changed step', () => {
    const before = [step('Enter'), step('Embrace')];
    const after = [
      step('Enter'),
      step('Embrace', {
        performers: [
          { userId: 'a', nudity: 'partial' },
          { userId: 'b', nudity: 'none' },
        ],
        barrier: 'Modesty garment',
      }),
    ];
    const d = diffSteps(before, after);
    expect(kinds(d)).toEqual(['same:Enter', 'changed:Embrace:performers,barrier']);
    const changed = d[1]!;
    expect(changed.kind === 'changed' && changed.before.performers[0]!.nudity).toBe('none');
  });

  it('treats a renamed step that keeps its content as changed, a rewritten one as removed + added', () => {
    const before = [step('Embrace')];
    expect(kinds(diffSteps(before, [step('Embrace', { title: 'Hold' , description: 'Embrace as rehearsed' })]))).toEqual([
      'changed:Hold:title',
    ]);
    const rewritten = step('Walk away', {
      durationSec: 90,
      performers: [{ userId: 'a', nudity: 'none' }],
      contacts: [],
      barrier: 'none needed',
    });
    expect(kinds(diffSteps(before, [rewritten]))).toEqual(['removed:Embrace', 'added:Walk away']);
  });

  it('ignores the order of performers and contacts', () => {
    const a = step('Embrace', {
      contacts: [
        { fromUserId: 'a', toUserId: 'b', area: 'hands' },
        { fromUserId: 'b', toUserId: 'a', area: 'shoulders' },
      ],
    });
    const b = { ...a, performers: [...a.performers].reverse(), contacts: [...a.contacts].reverse() };
    expect(changedFields(a, b)).toEqual([]);
  });

  it('follows the newer order when steps move', () => {
    const before = [step('One'), step('Two'), step('Three')];
    const after = [step('Three'), step('One'), step('Two')];
    const d = diffSteps(before, after);
    expect(d.filter((x) => x.kind !== 'removed').map((x) => x.step.title)).toEqual(['Three', 'One', 'Two']);
    expect(hasChanges(d)).toBe(true);
  });

  it('handles empty versions', () => {
    expect(kinds(diffSteps([], [step('One')]))).toEqual(['added:One']);
    expect(kinds(diffSteps([step('One')], []))).toEqual(['removed:One']);
  });
});
