// The performer's home, "Needs you" (issue 13): their scenes across
// productions from GET /me/scenes, what needs them on top, then the rest by
// call time (coming up, soonest first; then past, latest first). Times are in
// each production's zone; the zone is named once for the screen when every
// scene shares it, else on each row. Pure, so it is tested without a browser.
import type { components } from '../api/schema';

/** One of the person's scenes as GET /me/scenes lists it. */
export type MyScene = components['schemas']['MyScene'];
/** What needs the person on a scene. */
export type NeedCode = components['schemas']['NeedCode'];

/** The home's sections. */
export interface Home {
  needs: MyScene[];
  upcoming: MyScene[];
  past: MyScene[];
  /** The one zone of every scene shown (named once), or null when zones differ (named on each row) or nothing is shown. */
  zone: string | null;
}

const at = (iso: string | null | undefined) => (iso ? Date.parse(iso) : Number.NaN);

/** The earliest moment that makes a scene pressing: check-in expiry, rider due, debrief, call time. */
export function urgency(s: MyScene): number {
  const times = [
    s.needs.includes('answer_checkin') ? at(s.openCheckin?.expiresAt) : Number.NaN,
    s.needs.includes('sign_rider') ? at(s.riderDueAt) : Number.NaN,
    s.needs.includes('debrief') ? at(s.nextDebrief?.scheduledAt) : Number.NaN,
    at(s.callTime),
  ].filter((x) => !Number.isNaN(x));
  return times.length ? Math.min(...times) : Number.POSITIVE_INFINITY;
}

/**
 * Splits the scenes into what needs the person (an open check-in first, then
 * the most pressing, as the server orders them) and the rest by call time.
 */
export function homeOf(scenes: readonly MyScene[], now: number): Home {
  const needs = scenes
    .filter((s) => s.needs.length > 0)
    .sort((a, b) => {
      const ca = a.needs.includes('answer_checkin') ? 0 : 1;
      const cb = b.needs.includes('answer_checkin') ? 0 : 1;
      return ca - cb || urgency(a) - urgency(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    });
  const rest = scenes.filter((s) => s.needs.length === 0);
  const upcoming = rest.filter((s) => at(s.callTime) >= now).sort((a, b) => at(a.callTime) - at(b.callTime));
  const past = rest.filter((s) => !(at(s.callTime) >= now)).sort((a, b) => at(b.callTime) - at(a.callTime));
  const zones = new Set(scenes.map((s) => s.timezone));
  return { needs, upcoming, past, zone: zones.size === 1 ? [...zones][0]! : null };
}

/** The order needs are said in on a row. */
const NEED_ORDER: readonly NeedCode[] = ['answer_checkin', 'decide', 'sign_rider', 'debrief'];

/** A scene's needs in the order they are said. */
export function needsInOrder(s: Pick<MyScene, 'needs'>): NeedCode[] {
  return NEED_ORDER.filter((n) => s.needs.includes(n));
}

/** A zone as people read it: "Europe/London" → "Europe/London", underscores as spaces. */
export function zoneName(zone: string): string {
  return zone.replace(/_/g, ' ');
}

/**
 * A compact time in a zone: "Tue 9 Dec, 07:30", with the year only when it is
 * not this year's, and the zone's short name when asked ("… 07:30 GMT").
 */
export function compactTime(iso: string, timeZone: string, now: number, withZone = false, locale?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const year = (d: Date) => {
    try {
      return new Intl.DateTimeFormat('en', { year: 'numeric', timeZone }).format(d);
    } catch {
      return String(d.getUTCFullYear());
    }
  };
  const opts: Intl.DateTimeFormatOptions = {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(year(date) !== year(new Date(now)) ? { year: 'numeric' } : {}),
    ...(withZone ? { timeZoneName: 'short' } : {}),
  };
  try {
    return new Intl.DateTimeFormat(locale, { ...opts, timeZone }).format(date);
  } catch {
    return new Intl.DateTimeFormat(locale, { ...opts, timeZone: 'UTC' }).format(date);
  }
}

/** A scene with an open check-in waiting for the person. */
export type WithCheckin = MyScene & { openCheckin: NonNullable<MyScene['openCheckin']> };

/** The scenes whose check-in waits for the person's answer, soonest to close first. */
export function openCheckins(scenes: readonly MyScene[]): WithCheckin[] {
  return scenes
    .filter((s): s is WithCheckin => !!s.openCheckin)
    .sort((a, b) => at(a.openCheckin.expiresAt) - at(b.openCheckin.expiresAt));
}
