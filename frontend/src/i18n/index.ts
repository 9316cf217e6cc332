// t() looks up user-visible text in the message catalogue and fills its
// {placeholders}. Dates go through Intl with the person's own locale.
import type { MessageKey } from './en';
import { core } from './core';
import { fill, type MessageVars } from './fill';
import { formatWhen } from '../shared/time';

export type { MessageKey, MessageVars };

// The first screens' messages are here at once; the rest (more.ts) arrive
// with loadMessages(), which every screen loaded on demand waits for
// (shared/lazy.tsx), so no screen ever shows a key.
let table: Partial<Record<MessageKey, string>> = core;
let loading: Promise<void> | null = null;

/** Loads the rest of the catalogue (once; again after a failure). */
export function loadMessages(): Promise<void> {
  loading ??= import('./more').then(
    (m) => {
      table = { ...core, ...m.more };
    },
    (err: unknown) => {
      loading = null;
      throw err;
    },
  );
  return loading;
}

/** Returns the catalogue text for key with its {placeholders} filled from vars. */
export function t(key: MessageKey, vars?: MessageVars): string {
  return fill(table[key] ?? '', vars);
}

const plurals = new Intl.PluralRules('en');

/**
 * A message for a count, with {count} filled: the `one` form when the
 * language's plural rules call the count "one", else `other` ("1 step", "2 steps").
 */
export function tn(count: number, forms: { one: MessageKey; other: MessageKey }, vars?: MessageVars): string {
  return t(plurals.select(count) === 'one' ? forms.one : forms.other, { ...vars, count });
}

/**
 * Formats an RFC 3339 instant for display. In an IANA time zone (the
 * production's) it is compact and names no zone ("Tue 9 Dec, 07:30"; the
 * year only when not this year): the screen names the zone once (ZoneNote).
 * Without one, in the person's own zone with the date and time styles.
 */
export function formatDateTime(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  if (timeZone) return formatWhen(iso, timeZone);
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** Formats an RFC 3339 instant as a calendar date. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(date);
}

/** Formats an RFC 3339 instant as a time of day, optionally in an IANA time zone (named once per screen, not here). */
export function formatTime(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat(undefined, timeZone ? { hour: '2-digit', minute: '2-digit', timeZone } : { timeStyle: 'short' }).format(date);
  } catch {
    return new Intl.DateTimeFormat(undefined, { timeStyle: 'short' }).format(date);
  }
}

/**
 * How long to wait, in words, from a number of seconds (a Retry-After): "40
 * seconds", "1 minute", "12 minutes", "2 hours". Rounded up, so nobody is
 * told to try again before it can work; never less than 1 second.
 */
export function waitText(seconds: number): string {
  const s = Math.max(1, Math.ceil(Number.isFinite(seconds) ? seconds : 1));
  if (s < 60) return s === 1 ? t('wait.secondsOne') : t('wait.secondsMany', { n: s });
  const minutes = Math.ceil(s / 60);
  if (minutes < 60) return minutes === 1 ? t('wait.minutesOne') : t('wait.minutesMany', { n: minutes });
  const hours = Math.ceil(s / 3600);
  return hours === 1 ? t('wait.hoursOne') : t('wait.hoursMany', { n: hours });
}
