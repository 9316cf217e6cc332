// Times in a production's time zone: call times are stored in UTC and shown
// (and entered) in the production's IANA zone, with the zone named.

function partsIn(date: Date, timeZone: string): Record<string, number> {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(date);
  const out: Record<string, number> = {};
  for (const p of parts) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** The zone's offset from UTC at an instant, in milliseconds. */
function offsetAt(ms: number, timeZone: string): number {
  const p = partsIn(new Date(ms), timeZone);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!, p.second!);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/**
 * Converts a wall-clock time in timeZone ("2026-12-01T07:30", as a
 * datetime-local input gives it) to an RFC 3339 UTC instant, or null when it
 * cannot be read. A time skipped by a clock change moves forward by the gap.
 */
export function zonedLocalToUtc(local: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local.trim());
  if (!m) return null;
  const wall = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0));
  try {
    let guess = wall - offsetAt(wall, timeZone);
    const second = wall - offsetAt(guess, timeZone);
    if (second !== guess) guess = Math.max(guess, second);
    return new Date(guess).toISOString().replace(/\.000Z$/, 'Z');
  } catch {
    return null;
  }
}

/** The wall-clock time of an instant in timeZone, as a datetime-local value. */
export function utcToZonedLocal(iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const p = partsIn(date, timeZone);
  const two = (n: number | undefined) => String(n ?? 0).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour! % 24)}:${two(p.minute)}`;
}

/** The calendar year of an instant in timeZone. */
function yearIn(date: Date, timeZone: string): number {
  return Number(new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric' }).format(date));
}

/**
 * A compact time in the production's zone, without the zone (the screen names
 * it once, see zoneLabel): "Tue 9 Dec, 07:30"; the year only when it is not
 * this year there ("Thu, 9 Dec 2027, 07:30" in en-GB). now: the instant "this year" is
 * taken from. An unknown zone falls back to UTC; an unreadable instant is
 * returned as given.
 */
export function formatWhen(iso: string, timeZone: string, now: number = Date.now(), locale?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  let zone = timeZone;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    zone = 'UTC';
  }
  const otherYear = yearIn(date, zone) !== yearIn(new Date(now), zone);
  return new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    ...(otherYear ? { year: 'numeric' } : {}),
    hour: '2-digit',
    minute: '2-digit',
    timeZone: zone,
  }).format(date);
}

/**
 * The zone as a screen names it once: "Europe/London (GMT)" — the IANA name
 * (underscores as spaces) and its short name at `at` (BST in summer).
 */
export function zoneLabel(timeZone: string, at: number = Date.now(), locale?: string): string {
  const name = timeZone.replace(/_/g, ' ');
  try {
    const short = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' })
      .formatToParts(new Date(at))
      .find((p) => p.type === 'timeZoneName')?.value;
    return short && short !== name ? `${name} (${short})` : name;
  } catch {
    return name;
  }
}

/** A call time in the production's zone with the zone named: "Tue 1 Dec 2026, 07:30 GMT". */
export function formatCallTime(iso: string, timeZone: string, locale?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat(locale, {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZone,
      timeZoneName: 'short',
    }).format(date);
  } catch {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC', timeZoneName: 'short' }).format(date);
  }
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** "5 minutes ago", "yesterday", "in 2 days": then relative to now, in the person's locale. */
export function relativeTime(then: number, now: number, locale?: string): string {
  const seconds = Math.round((then - now) / 1000);
  const fmt = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === 'second') {
      if (unit === 'second' && Math.abs(seconds) < 45) return fmt.format(0, 'second');
      return fmt.format(Math.round(seconds / size), unit);
    }
  }
  return fmt.format(0, 'second');
}

/** Orders scenes for a performer: upcoming call times first (soonest first), then past ones (latest first). */
export function upcomingFirst<T extends { callTime: string }>(items: readonly T[], now: number): T[] {
  const at = (x: T) => new Date(x.callTime).getTime();
  const upcoming = items.filter((x) => at(x) >= now).sort((a, b) => at(a) - at(b));
  const past = items.filter((x) => at(x) < now).sort((a, b) => at(b) - at(a));
  return [...upcoming, ...past];
}
