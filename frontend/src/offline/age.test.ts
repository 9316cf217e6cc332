import { describe, expect, it } from 'vitest';
import { savedAge } from './age';

const NOW = Date.parse('2026-12-05T10:00:00Z');
const ago = (ms: number) => savedAge(NOW - ms, NOW);

describe('savedAge', () => {
  it('says how old the saved data is, never "now"', () => {
    expect(ago(10_000)).toBe('less than a minute ago');
    expect(ago(12 * 60_000)).toBe('12 min ago');
    expect(ago(60 * 60_000)).toBe('1 hour ago');
    expect(ago(3 * 3600_000 + 59 * 60_000)).toBe('3 hours ago');
    expect(ago(24 * 3600_000)).toBe('1 day ago');
    expect(ago(5 * 24 * 3600_000)).toBe('5 days ago');
    expect(savedAge(NOW + 5000, NOW)).toBe('less than a minute ago');
  });
});
