import { describe, expect, it } from 'vitest';
import { decisionsFor, isFilmed, NO_BUTTONS, type DecisionState } from './decisions';

// state × filmed → buttons and sentence: one clear decision per state (issue 13).
const TABLE: [DecisionState, boolean, string[], string | null][] = [
  ['unpublished', false, [], null],
  ['unpublished', true, [], null],
  ['pending', false, ['confirm', 'decline'], null],
  ['pending', true, ['withdraw'], 'footage'],
  ['confirmed', false, ['withdraw'], 'promise'],
  ['confirmed', true, ['withdraw'], 'footage'],
  ['declined', false, ['confirmVersion'], null],
  ['declined', true, ['confirmVersion'], null],
  ['withdrawn', false, ['confirmVersion'], null],
  ['withdrawn', true, ['confirmVersion'], null],
  ['sending', false, [], null],
  ['sending', true, [], null],
];

describe('decisionsFor', () => {
  it.each(TABLE)('%s, filmed %s → %j (%s)', (state, filmed, buttons, note) => {
    expect(decisionsFor(state, filmed)).toEqual({ buttons, note });
  });

  it('never offers two "no" buttons at once', () => {
    for (const [state, filmed] of TABLE) {
      const no = decisionsFor(state, filmed).buttons.filter((b) => NO_BUTTONS.includes(b));
      expect(no.length, `${state} filmed=${filmed}`).toBeLessThanOrEqual(1);
    }
  });

  it('offers Withdraw whenever a confirmation stands, with the promise or, after filming, the footage sentence', () => {
    expect(decisionsFor('confirmed', false).buttons).toContain('withdraw');
    expect(decisionsFor('confirmed', true).buttons).toContain('withdraw');
  });
});

describe('isFilmed', () => {
  it('is true after photography only (rule 3)', () => {
    expect(isFilmed('planned')).toBe(false);
    expect(isFilmed('shot')).toBe(true);
    expect(isFilmed('wrapped')).toBe(true);
    expect(isFilmed(undefined)).toBe(false);
  });
});
