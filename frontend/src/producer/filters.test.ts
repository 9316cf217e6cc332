import { describe, expect, it } from 'vitest';
import {
  NO_FILTERS,
  filtersQuery,
  isFiltered,
  matchesFilters,
  parseFilters,
  selectedDay,
  toggleDay,
  toggleReadiness,
  withRange,
} from './filters';
import { coveragePath, reportPath } from './data';

const q = (s: string) => new URLSearchParams(s);

describe('coverage filters in the address', () => {
  it('reads dates and readiness states', () => {
    expect(parseFilters(q('from=2026-12-01&to=2026-12-07&readiness=blocked,at_risk'))).toEqual({
      from: '2026-12-01',
      to: '2026-12-07',
      readiness: ['at_risk', 'blocked'],
    });
    expect(parseFilters(q(''))).toEqual(NO_FILTERS);
  });

  it('accepts repeated readiness parameters and drops unknown or repeated states', () => {
    expect(parseFilters(q('readiness=ready&readiness=blocked,ready,sideways,')).readiness).toEqual(['ready', 'blocked']);
  });

  it('drops dates that are not real dates and turns a backwards range round', () => {
    expect(parseFilters(q('from=2026-02-30&to=tomorrow'))).toEqual(NO_FILTERS);
    expect(parseFilters(q('from=2026-12-09&to=2026-12-01'))).toMatchObject({ from: '2026-12-01', to: '2026-12-09' });
  });

  it('writes a canonical query that reads back the same', () => {
    const f = { from: '2026-12-01', to: null, readiness: ['blocked', 'ready'] as const };
    const s = filtersQuery({ ...f, readiness: [...f.readiness] });
    expect(s).toBe('?from=2026-12-01&readiness=ready,blocked');
    expect(parseFilters(q(s.slice(1)))).toEqual({ from: '2026-12-01', to: null, readiness: ['ready', 'blocked'] });
    expect(filtersQuery(NO_FILTERS)).toBe('');
    for (const raw of ['to=2026-01-31', 'readiness=debrief_due,not_needed', 'from=2026-12-01&to=2026-12-01&readiness=at_risk']) {
      const once = parseFilters(q(raw));
      expect(parseFilters(q(filtersQuery(once).slice(1)))).toEqual(once);
    }
  });

  it('builds the dashboard and report paths', () => {
    expect(coveragePath('p 1')).toBe('/productions/p%201/coverage');
    expect(coveragePath('p1', { from: '2026-12-01', to: '2026-12-01', readiness: ['blocked'] })).toBe(
      '/productions/p1/coverage?from=2026-12-01&to=2026-12-01&readiness=blocked',
    );
    expect(reportPath('p1', '2026-12-01')).toBe('/productions/p1/report?date=2026-12-01');
    expect(reportPath('p1', null)).toBe('/productions/p1/report');
  });

  it('switches readiness states on and off, keeping the order', () => {
    let f = toggleReadiness(NO_FILTERS, 'blocked');
    f = toggleReadiness(f, 'ready');
    expect(f.readiness).toEqual(['ready', 'blocked']);
    expect(toggleReadiness(f, 'ready').readiness).toEqual(['blocked']);
    expect(matchesFilters(f, { readiness: 'blocked' })).toBe(true);
    expect(matchesFilters(f, { readiness: 'at_risk' })).toBe(false);
    expect(matchesFilters(NO_FILTERS, { readiness: 'at_risk' })).toBe(true);
  });

  it('picks one day from the strip, and the same day again shows every date', () => {
    const one = toggleDay({ ...NO_FILTERS, readiness: ['blocked'] }, '2026-12-03');
    expect(one).toEqual({ from: '2026-12-03', to: '2026-12-03', readiness: ['blocked'] });
    expect(selectedDay(one)).toBe('2026-12-03');
    expect(toggleDay(one, '2026-12-03')).toEqual({ from: null, to: null, readiness: ['blocked'] });
    expect(toggleDay(one, '2026-12-04')).toMatchObject({ from: '2026-12-04', to: '2026-12-04' });
    expect(selectedDay({ ...NO_FILTERS, from: '2026-12-03' })).toBeNull();
  });

  it('sets a range from the date fields', () => {
    expect(withRange(NO_FILTERS, '2026-12-05', '2026-12-01')).toMatchObject({ from: '2026-12-01', to: '2026-12-05' });
    expect(withRange(NO_FILTERS, '', '2026-12-01')).toMatchObject({ from: null, to: '2026-12-01' });
    expect(isFiltered(NO_FILTERS)).toBe(false);
    expect(isFiltered(withRange(NO_FILTERS, null, '2026-12-01'))).toBe(true);
  });
});
