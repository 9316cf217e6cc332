import { describe, expect, it } from 'vitest';
import { draftOf, emptyStep, move, stepOf, validateDraft } from './draft';
import { previewFlags } from '../scenes/flags';

describe('choreography draft', () => {
  it('round-trips a published step', () => {
    const step = {
      title: 'Embrace',
      description: 'Standing',
      durationSec: 45,
      performers: [{ userId: 'a', nudity: 'none' as const }],
      contacts: [{ fromUserId: 'a', toUserId: 'b', area: 'back' as const }],
      barrier: 'Pad',
    };
    expect(stepOf(draftOf(step))).toEqual(step);
    const bare = { ...emptyStep(), title: ' Walk ' };
    expect(stepOf(bare)).toEqual({ title: 'Walk', description: '', performers: [], contacts: [] });
  });

  it('reorders steps', () => {
    expect(move(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(move(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(move(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
  });

  it('puts messages on the fields the server would name', () => {
    const s = { ...emptyStep(), duration: 'soon', contacts: [{ fromUserId: 'a', toUserId: 'b', area: '' as const }] };
    const g = {
      ...emptyStep(),
      title: 'Close',
      performers: [
        { userId: 'a', nudity: 'none' as const },
        { userId: 'b', nudity: 'none' as const },
      ],
      contacts: [{ fromUserId: 'a', toUserId: 'b', area: 'genitals' as const }],
    };
    const steps = [s, g];
    const flags = previewFlags(steps.map(stepOf), { sceneId: 's', castIds: ['a', 'b'], riders: {}, boundaries: {} });
    expect(Object.keys(validateDraft('', steps, flags)).sort()).toEqual([
      'steps[0].contacts[0].area',
      'steps[0].durationSec',
      'steps[0].performers',
      'steps[0].title',
      'steps[1].barrier',
      'summary',
    ]);
  });

  it('refuses a step with nobody named, as the API does (minItems 1)', () => {
    const step = { ...emptyStep(), title: 'Pause' };
    expect(validateDraft('Plan', [step], [])).toEqual({ 'steps[0].performers': 'Name at least one performer for this step.' });
    expect(validateDraft('Plan', [{ ...step, performers: [{ userId: 'a', nudity: 'none' as const }] }], [])).toEqual({});
  });
});
