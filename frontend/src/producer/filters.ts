// The dashboard's filters live in the address (?from=&to=&readiness=), so a
// filtered view can be bookmarked and sent. Dates are calendar dates in the
// production's time zone (the server reads them so); readiness is a
// comma-separated list of states.
import type { CoverageScene, Readiness } from '../api/types';
import { isDayKey } from './days';
import { READINESS } from './readiness';

/** What the dashboard shows. */
export interface CoverageFilters {
  /** First call date (inclusive), or null for no lower bound. */
  from: string | null;
  /** Last call date (inclusive), or null for no upper bound. */
  to: string | null;
  /** Readiness states to show; empty shows every scene. */
  readiness: Readiness[];
}

/** No filter: every scene. */
export const NO_FILTERS: CoverageFilters = { from: null, to: null, readiness: [] };

/**
 * Reads the filters from a query string. Invalid dates and unknown states are
 * dropped; a range given backwards is turned round; states come out once each,
 * in the dashboard's order.
 */
export function parseFilters(query: URLSearchParams): CoverageFilters {
  let from = query.get('from');
  let to = query.get('to');
  from = isDayKey(from) ? from : null;
  to = isDayKey(to) ? to : null;
  if (from && to && from > to) [from, to] = [to, from];
  const asked = new Set(
    query
      .getAll('readiness')
      .flatMap((v) => v.split(','))
      .map((v) => v.trim()),
  );
  return { from, to, readiness: READINESS.filter((r) => asked.has(r)) };
}

/** The query string for filters ("" for none, else starting with "?"), in a fixed order. */
export function filtersQuery(f: CoverageFilters): string {
  const q = new URLSearchParams();
  if (f.from) q.set('from', f.from);
  if (f.to) q.set('to', f.to);
  const states = READINESS.filter((r) => f.readiness.includes(r));
  if (states.length) q.set('readiness', states.join(','));
  const s = q.toString().replace(/%2C/g, ',');
  return s ? `?${s}` : '';
}

/** Whether a scene passes the readiness filter. */
export function matchesFilters(f: CoverageFilters, scene: Pick<CoverageScene, 'readiness'>): boolean {
  return f.readiness.length === 0 || f.readiness.includes(scene.readiness);
}

/** The filters with one readiness state switched on or off. */
export function toggleReadiness(f: CoverageFilters, r: Readiness): CoverageFilters {
  const on = f.readiness.includes(r);
  return { ...f, readiness: READINESS.filter((x) => (x === r ? !on : f.readiness.includes(x))) };
}

/** The single day the filters show, when from and to are the same date. */
export function selectedDay(f: CoverageFilters): string | null {
  return f.from && f.from === f.to ? f.from : null;
}

/** The filters showing one day, or (when that day is already the one shown) no date range. */
export function toggleDay(f: CoverageFilters, day: string): CoverageFilters {
  return selectedDay(f) === day ? { ...f, from: null, to: null } : { ...f, from: day, to: day };
}

/** The filters with a new date range (a backwards range is turned round). */
export function withRange(f: CoverageFilters, from: string | null, to: string | null): CoverageFilters {
  const a = isDayKey(from) ? from : null;
  const b = isDayKey(to) ? to : null;
  return a && b && a > b ? { ...f, from: b, to: a } : { ...f, from: a, to: b };
}

/** Whether any filter is set. */
export function isFiltered(f: CoverageFilters): boolean {
  return !!(f.from || f.to || f.readiness.length);
}
