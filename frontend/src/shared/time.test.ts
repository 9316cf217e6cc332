import { describe, expect, it } from 'vitest';
import { formatCallTime, formatWhen, relativeTime, upcomingFirst, utcToZonedLocal, zonedLocalToUtc, zoneLabel } from './time';

describe('production time zone', () => {
  it('converts a wall-clock call time to UTC and back', () => {
    expect(zonedLocalToUtc('2026-12-01T07:30', 'Europe/London')).toBe('2026-12-01T07:30:00Z');
    expect(zonedLocalToUtc('2026-07-01T07:30', 'Europe/London')).toBe('2026-07-01T06:30:00Z');
    expect(zonedLocalToUtc('2026-07-01T07:30', 'America/New_York')).toBe('2026-07-01T11:30:00Z');
    expect(zonedLocalToUtc('2026-07-01T07:30', 'Asia/Kolkata')).toBe('2026-07-01T02:00:00Z');
    expect(utcToZonedLocal('2026-07-01T06:30:00Z', 'Europe/London')).toBe('2026-07-01T07:30');
    expect(utcToZonedLocal('2026-07-01T02:00:00Z', 'Asia/Kolkata')).toBe('2026-07-01T07:30');
  });

  it('handles clock changes', () => {
    // 01:30 does not exist in London on 29 March 2026; it moves on by the gap.
    expect(zonedLocalToUtc('2026-03-29T01:30', 'Europe/London')).toBe('2026-03-29T01:30:00Z');
    expect(zonedLocalToUtc('2026-03-29T03:00', 'Europe/London')).toBe('2026-03-29T02:00:00Z');
  });

  it('refuses what it cannot read', () => {
    expect(zonedLocalToUtc('', 'Europe/London')).toBeNull();
    expect(zonedLocalToUtc('tomorrow', 'Europe/London')).toBeNull();
    expect(utcToZonedLocal('nope', 'Europe/London')).toBe('');
  });

  it('names the zone when showing a call time', () => {
    expect(formatCallTime('2026-12-01T07:30:00Z', 'Europe/London', 'en-GB')).toMatch(/07:30.*GMT/);
    expect(formatCallTime('2026-07-01T11:30:00Z', 'America/New_York', 'en-US')).toMatch(/07:30 AM EDT/);
  });
});

describe('relativeTime', () => {
  const now = Date.parse('2026-05-01T12:00:00Z');
  it('speaks plainly', () => {
    expect(relativeTime(now - 10_000, now, 'en')).toBe('now');
    expect(relativeTime(now - 5 * 60_000, now, 'en')).toBe('5 minutes ago');
    expect(relativeTime(now - 26 * 3600_000, now, 'en')).toBe('yesterday');
  });
});

describe('upcomingFirst', () => {
  it('puts the next call time first and past scenes last', () => {
    const now = Date.parse('2026-05-01T12:00:00Z');
    const list = [
      { id: 'past-old', callTime: '2026-04-01T08:00:00Z' },
      { id: 'later', callTime: '2026-06-01T08:00:00Z' },
      { id: 'past-recent', callTime: '2026-04-30T08:00:00Z' },
      { id: 'next', callTime: '2026-05-02T08:00:00Z' },
    ];
    expect(upcomingFirst(list, now).map((x) => x.id)).toEqual(['next', 'later', 'past-recent', 'past-old']);
  });
});

describe('formatDateTime', () => {
  it('is compact in a production zone, naming no zone (the screen names it once)', async () => {
    const { formatDateTime } = await import('../i18n');
    const out = formatDateTime('2026-12-01T07:30:00Z', 'Europe/London');
    expect(out).toMatch(/07:30|7:30/);
    expect(out).not.toMatch(/GMT|UTC/);
    expect(formatDateTime('2026-12-01T07:30:00Z')).toMatch(/2026/);
  });
});

describe('formatWhen (compact, in the production zone, no zone named)', () => {
  const now = Date.parse('2026-12-05T09:00:00Z');
  it.each([
    ['this year, winter, London', '2026-12-09T07:30:00Z', 'Europe/London', 'Wed 9 Dec, 07:30'],
    ['this year, summer, London (BST)', '2026-07-01T06:30:00Z', 'Europe/London', 'Wed 1 Jul, 07:30'],
    ['next year names the year', '2027-01-04T08:00:00Z', 'Europe/London', 'Mon, 4 Jan 2027, 08:00'],
    ['last year names the year', '2025-12-09T07:30:00Z', 'Europe/London', 'Tue, 9 Dec 2025, 07:30'],
    ['another zone moves the day', '2026-12-09T23:30:00Z', 'Asia/Kolkata', 'Thu 10 Dec, 05:00'],
    ['New York', '2026-12-09T12:30:00Z', 'America/New_York', 'Wed 9 Dec, 07:30'],
    ['"this year" is the zone\'s year', '2027-01-01T02:00:00Z', 'America/New_York', 'Thu 31 Dec, 21:00'],
    ['an unknown zone falls back to UTC', '2026-12-09T07:30:00Z', 'Nowhere/Else', 'Wed 9 Dec, 07:30'],
    ['an unreadable instant is given back', 'soon', 'Europe/London', 'soon'],
  ])('%s', (_name, iso, zone, want) => {
    expect(formatWhen(iso, zone, now, 'en-GB')).toBe(want);
  });

  it('never names the zone', () => {
    expect(formatWhen('2026-12-09T07:30:00Z', 'Europe/London', now, 'en-GB')).not.toMatch(/GMT|UTC|BST/);
  });
});

describe('zoneLabel', () => {
  it.each([
    ['Europe/London', Date.parse('2026-12-05T09:00:00Z'), 'Europe/London (GMT)'],
    ['Europe/London', Date.parse('2026-07-05T09:00:00Z'), 'Europe/London (BST)'],
    ['America/New_York', Date.parse('2026-12-05T09:00:00Z'), 'America/New York (GMT-5)'],
    ['UTC', Date.parse('2026-12-05T09:00:00Z'), 'UTC'],
  ])('%s', (zone, at, want) => {
    expect(zoneLabel(zone, at, 'en-GB')).toBe(want);
  });
});
