// Shoot days: call times grouped by calendar date in the production's time
// zone (never the viewer's), the upcoming-days strip, and date keys
// ("2026-12-01") with their arithmetic and display.
import type { CoverageScene, Readiness } from '../api/types';
import { utcToZonedLocal } from '../shared/time';
import { countReadiness, worstReadiness } from './readiness';

/** How many days the strip shows, today first. */
export const STRIP_DAYS = 14;

const KEY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether s is a real calendar date written YYYY-MM-DD. */
export function isDayKey(s: string | null | undefined): s is string {
  const m = KEY.exec(s ?? '');
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  return d.getUTCFullYear() === +m[1]! && d.getUTCMonth() === +m[2]! - 1 && d.getUTCDate() === +m[3]!;
}

/** The calendar date of an instant in timeZone, or null when the instant cannot be read. */
export function dayKey(iso: string, timeZone: string): string | null {
  const local = utcToZonedLocal(iso, timeZone);
  return local ? local.slice(0, 10) : null;
}

/** Today's date in timeZone. */
export function todayKey(now: number, timeZone: string): string {
  return dayKey(new Date(now).toISOString(), timeZone) ?? new Date(now).toISOString().slice(0, 10);
}

/** The date n days after key (n may be negative); calendar arithmetic, so clock changes do not matter. */
export function addDays(key: string, n: number): string {
  const m = KEY.exec(key);
  if (!m) return key;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]! + n)).toISOString().slice(0, 10);
}

/** One day of the strip. */
export interface DaySummary {
  /** YYYY-MM-DD in the production's time zone. */
  date: string;
  /** Scenes called that day. */
  total: number;
  /** Scenes per readiness. */
  counts: Record<Readiness, number>;
  /** The most serious readiness that day, or null without scenes. */
  worst: Readiness | null;
}

/** Groups scenes by their call date in timeZone (dates in order, scenes in their given order). */
export function groupByDay<T extends Pick<CoverageScene, 'callTime'>>(scenes: readonly T[], timeZone: string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const s of scenes) {
    const key = dayKey(s.callTime, timeZone);
    if (!key) continue;
    const list = out.get(key) ?? [];
    list.push(s);
    out.set(key, list);
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The strip: `days` consecutive dates from `first`, each with its scenes' readiness. */
export function dayStrip(
  scenes: readonly Pick<CoverageScene, 'callTime' | 'readiness'>[],
  timeZone: string,
  first: string,
  days = STRIP_DAYS,
): DaySummary[] {
  const groups = groupByDay(scenes, timeZone);
  return Array.from({ length: days }, (_, i) => {
    const date = addDays(first, i);
    const list = groups.get(date) ?? [];
    return { date, total: list.length, counts: countReadiness(list), worst: worstReadiness(list.map((s) => s.readiness)) };
  });
}

/**
 * The dates to ask the server for so that the strip is complete whatever the
 * production's zone: the server reads from/to in that zone, so one day more
 * on each side of the UTC dates covers every offset.
 */
export function stripRequestRange(now: number, days = STRIP_DAYS): { from: string; to: string } {
  const utc = new Date(now).toISOString().slice(0, 10);
  return { from: addDays(utc, -1), to: addDays(utc, days) };
}

function keyDate(key: string): Date | null {
  const m = KEY.exec(key);
  return m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, 12)) : null;
}

/** A date for a strip cell: weekday and day ("Tue 1 Dec"). */
export function formatDayShort(key: string, locale?: string): string {
  const d = keyDate(key);
  if (!d) return key;
  return new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(d);
}

/** A date in full ("Tuesday 1 December 2026"). */
export function formatDayLong(key: string, locale?: string): string {
  const d = keyDate(key);
  if (!d) return key;
  return new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d);
}
