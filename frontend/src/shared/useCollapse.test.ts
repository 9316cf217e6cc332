import { describe, expect, it } from 'vitest';
import { nextHidden } from './useCollapse';

describe('the top bar collapsing while reading', () => {
  it.each([
    ['near the top it always shows', 400, 40, 56, true, false],
    ['scrolling down past the bar hides it', 100, 300, 56, false, true],
    ['scrolling up shows it again', 900, 700, 56, true, false],
    ['a small move changes nothing (hidden)', 500, 505, 56, true, true],
    ['a small move changes nothing (shown)', 500, 495, 56, false, false],
  ])('%s', (_name, prev, y, bar, hidden, want) => {
    expect(nextHidden(prev, y, bar, hidden)).toBe(want);
  });
});
