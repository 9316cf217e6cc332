import { describe, expect, it } from 'vitest';
import type { Step } from '../api/types';
import { reopenNames, reviewDiff, reviewFlags } from './review';

const step = (title: string): Step => ({ title, description: '', performers: [{ userId: 'a', nudity: 'none' }], contacts: [] });

describe('reviewDiff', () => {
  it('pairs the server rows with the old and new steps', () => {
    const before = [step('Approach'), step('Embrace'), step('Exit')];
    const after = [step('Approach'), { ...step('Embrace'), durationSec: 6 }, step('Hold')];
    const rows = reviewDiff(
      [
        { kind: 'same', oldIndex: 0, newIndex: 0, fields: [] },
        { kind: 'changed', oldIndex: 1, newIndex: 1, fields: ['durationSec'] },
        { kind: 'removed', oldIndex: 2, newIndex: null, fields: [] },
        { kind: 'added', oldIndex: null, newIndex: 2, fields: [] },
      ],
      before,
      after,
    );
    expect(rows.map((r) => r.kind)).toEqual(['same', 'changed', 'removed', 'added']);
    expect(rows[1]).toMatchObject({ kind: 'changed', before: before[1], step: after[1], fields: ['durationSec'] });
    expect(rows[2]).toMatchObject({ kind: 'removed', step: before[2], oldIndex: 2 });
    expect(rows[3]).toMatchObject({ kind: 'added', step: after[2], newIndex: 2 });
  });

  it('leaves out a row that points at no step', () => {
    expect(reviewDiff([{ kind: 'added', oldIndex: null, newIndex: 5, fields: [] }], [], [step('A')])).toEqual([]);
  });
});

describe('reopenNames', () => {
  it('names the people asked again by display name, in cast order', () => {
    const scene = {
      cast: [
        { userId: 'a', displayName: 'Alex Performer', characterName: 'Mara', stillsAllowed: true },
        { userId: 'b', displayName: 'Sam Performer', characterName: 'Jonah', stillsAllowed: true },
      ],
    } as never;
    expect(reopenNames(['b', 'a'], scene)).toEqual(['Alex Performer', 'Sam Performer']);
    expect(reopenNames([], scene)).toEqual([]);
  });
});

describe('reviewFlags', () => {
  it('orders every warning by step', () => {
    const f = (s: number, code: 'boundary_conflict' | 'exceeds_rider') => ({ step: s, code, userId: 'a', detail: 'd' });
    expect(reviewFlags([f(3, 'exceeds_rider'), f(1, 'boundary_conflict'), f(3, 'boundary_conflict')]).map((x) => `${x.step}${x.code}`)).toEqual([
      '1boundary_conflict',
      '3exceeds_rider',
      '3boundary_conflict',
    ]);
  });
});
