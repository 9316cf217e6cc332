// t() looks up user-visible text in the message catalogue and fills its
// {placeholders}. Dates go through Intl with the person's own locale.
import { en, type MessageKey } from './en';

export type { MessageKey };

/** Values that can fill a message's {placeholders}. */
export type MessageVars = Record<string, string | number>;

/** Returns the catalogue text for key with its {placeholders} filled from vars. */
export function t(key: MessageKey, vars?: MessageVars): string {
  const text: string = en[key];
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : whole,
  );
}

/** Formats an RFC 3339 instant for display, optionally in an IANA time zone. */
export function formatDateTime(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  // dateStyle/timeStyle cannot be combined with timeZoneName, so the parts are named.
  const parts: Intl.DateTimeFormatOptions = timeZone
    ? { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' }
    : { dateStyle: 'medium', timeStyle: 'short' };
  try {
    return new Intl.DateTimeFormat(undefined, parts).format(date);
  } catch {
    return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
  }
}

/** Formats an RFC 3339 instant as a calendar date. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(date);
}

/** Formats an RFC 3339 instant as a time of day, optionally in an IANA time zone (with the zone named). */
export function formatTime(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts: Intl.DateTimeFormatOptions = timeZone
    ? { hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' }
    : { timeStyle: 'short' };
  try {
    return new Intl.DateTimeFormat(undefined, parts).format(date);
  } catch {
    return new Intl.DateTimeFormat(undefined, { timeStyle: 'short' }).format(date);
  }
}
