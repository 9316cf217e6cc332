import { describe, expect, it } from 'vitest';
import { waitText } from './index';

describe('waitText (how long to wait, from Retry-After seconds)', () => {
  it('says seconds under a minute, with the singular for one', () => {
    expect(waitText(1)).toBe('1 second');
    expect(waitText(40)).toBe('40 seconds');
    expect(waitText(59)).toBe('59 seconds');
  });

  it('rounds up, so nobody is told to try before it can work', () => {
    expect(waitText(0.2)).toBe('1 second');
    expect(waitText(59.5)).toBe('1 minute');
    expect(waitText(61)).toBe('2 minutes');
    expect(waitText(180)).toBe('3 minutes');
    expect(waitText(12 * 60 - 5)).toBe('12 minutes');
  });

  it('says minutes up to an hour, then hours', () => {
    expect(waitText(60)).toBe('1 minute');
    expect(waitText(3599)).toBe('1 hour');
    expect(waitText(3600)).toBe('1 hour');
    expect(waitText(3601)).toBe('2 hours');
    expect(waitText(5 * 3600)).toBe('5 hours');
  });

  it('never says zero or nonsense', () => {
    expect(waitText(0)).toBe('1 second');
    expect(waitText(-3)).toBe('1 second');
    expect(waitText(Number.NaN)).toBe('1 second');
  });
});
