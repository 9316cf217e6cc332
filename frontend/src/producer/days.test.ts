import { describe, expect, it } from 'vitest';
import type { Readiness } from '../api/types';
import { addDays, dayKey, dayStrip, formatDayLong, formatDayShort, groupByDay, isDayKey, stripRequestRange, todayKey } from './days';

const at = (callTime: string, readiness: Readiness = 'ready') => ({ callTime, readiness });

describe('shoot days in the production time zone', () => {
  it('dates a call time in the production zone, not in UTC or the viewer’s zone', () => {
    // 06:30 UTC on 2 Dec is still 1 Dec in Los Angeles and already the afternoon of 2 Dec in Auckland.
    expect(dayKey('2026-12-02T06:30:00Z', 'America/Los_Angeles')).toBe('2026-12-01');
    expect(dayKey('2026-12-02T06:30:00Z', 'Europe/London')).toBe('2026-12-02');
    expect(dayKey('2026-12-01T12:30:00Z', 'Pacific/Auckland')).toBe('2026-12-02');
    // Around a clock change: 23:30 UTC on 28 Mar is 00:30 on 29 Mar in Berlin (UTC+1).
    expect(dayKey('2026-03-28T23:30:00Z', 'Europe/Berlin')).toBe('2026-03-29');
    expect(dayKey('not a time', 'Europe/London')).toBeNull();
  });

  it('knows today in the production zone', () => {
    const now = Date.parse('2026-12-01T23:30:00Z');
    expect(todayKey(now, 'Europe/London')).toBe('2026-12-01');
    expect(todayKey(now, 'Asia/Tokyo')).toBe('2026-12-02');
    expect(todayKey(now, 'America/New_York')).toBe('2026-12-01');
  });

  it('groups scenes by day, days in order', () => {
    const scenes = [
      { id: 'a', callTime: '2026-12-02T20:00:00Z' },
      { id: 'b', callTime: '2026-12-01T07:00:00Z' },
      { id: 'c', callTime: '2026-12-02T06:00:00Z' },
    ];
    const london = groupByDay(scenes, 'Europe/London');
    expect([...london.keys()]).toEqual(['2026-12-01', '2026-12-02']);
    expect(london.get('2026-12-02')!.map((s) => s.id)).toEqual(['a', 'c']);
    const la = groupByDay(scenes, 'America/Los_Angeles');
    // c (06:00 UTC) is the evening before in Los Angeles; b (07:00 UTC) is 23:00 the day before.
    expect([...la.keys()]).toEqual(['2026-11-30', '2026-12-01', '2026-12-02']);
    expect(la.get('2026-12-01')!.map((s) => s.id)).toEqual(['c']);
  });

  it('builds the strip: consecutive days with counts and the most serious state', () => {
    const scenes = [
      at('2026-12-01T08:00:00Z', 'ready'),
      at('2026-12-01T14:00:00Z', 'blocked'),
      at('2026-12-01T18:00:00Z', 'at_risk'),
      at('2026-12-03T09:00:00Z', 'not_needed'),
      at('2026-12-03T10:00:00Z', 'debrief_due'),
      at('2026-11-30T09:00:00Z', 'blocked'),
      at('2026-12-20T09:00:00Z', 'blocked'),
    ];
    const strip = dayStrip(scenes, 'Europe/London', '2026-12-01', 14);
    expect(strip).toHaveLength(14);
    expect(strip[0]).toEqual({
      date: '2026-12-01',
      total: 3,
      counts: { ready: 1, at_risk: 1, blocked: 1, debrief_due: 0, not_needed: 0 },
      worst: 'blocked',
    });
    expect(strip[1]).toMatchObject({ date: '2026-12-02', total: 0, worst: null });
    expect(strip[2]).toMatchObject({ date: '2026-12-03', total: 2, worst: 'debrief_due' });
    expect(strip[13]!.date).toBe('2026-12-14');
    expect(strip.reduce((n, d) => n + d.total, 0)).toBe(5);
  });

  it('moves a scene to another strip day when the production zone says so', () => {
    const scenes = [at('2026-12-02T03:00:00Z', 'blocked')];
    expect(dayStrip(scenes, 'Europe/London', '2026-12-01', 3).map((d) => d.total)).toEqual([0, 1, 0]);
    expect(dayStrip(scenes, 'America/Chicago', '2026-12-01', 3).map((d) => d.total)).toEqual([1, 0, 0]);
  });

  it('adds calendar days across months, years and clock changes', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2026-10-24', 14)).toBe('2026-11-07');
  });

  it('asks the server for enough days to fill the strip in any zone', () => {
    const r = stripRequestRange(Date.parse('2026-12-01T23:30:00Z'), 14);
    expect(r).toEqual({ from: '2026-11-30', to: '2026-12-15' });
    // Tokyo's today (2 Dec) through 13 days later (15 Dec) lies inside.
    expect(r.from <= todayKey(Date.parse('2026-12-01T23:30:00Z'), 'Pacific/Kiritimati')).toBe(true);
    expect(addDays(todayKey(Date.parse('2026-12-01T23:30:00Z'), 'Pacific/Kiritimati'), 13) <= r.to).toBe(true);
    expect(addDays(todayKey(Date.parse('2026-12-01T23:30:00Z'), 'Pacific/Pago_Pago'), 0) >= r.from).toBe(true);
  });

  it('accepts only real dates', () => {
    expect(isDayKey('2026-12-01')).toBe(true);
    expect(isDayKey('2026-02-30')).toBe(false);
    expect(isDayKey('2026-12-1')).toBe(false);
    expect(isDayKey('')).toBe(false);
    expect(isDayKey(null)).toBe(false);
  });

  it('shows a date the same wherever the viewer is', () => {
    // The date is a calendar date: formatted at noon UTC, so no zone can move it to another day.
    expect(formatDayShort('2026-12-01', 'en-GB')).toMatch(/^Tue,? 1 Dec$/);
    expect(formatDayLong('2026-12-01', 'en-GB')).toMatch(/^Tuesday,? 1 December 2026$/);
    expect(formatDayShort('2026-12-31', 'en-GB')).toMatch(/^Thu,? 31 Dec$/);
    expect(formatDayShort('nonsense')).toBe('nonsense');
  });
});
