// Instant-feedback checks for forms. The server is the authority and repeats
// every rule; these only mirror the documented ones so people see mistakes
// before sending. Each returns messages keyed by field name (empty = valid).
import { t } from '../i18n';

/** Messages keyed by field name; a field without a key is valid. */
export type FieldMessages = Record<string, string>;

/** The minimum password length the API accepts. */
export const MIN_PASSWORD_LENGTH = 10;
/** The largest notice period the API accepts, in hours (30 days). */
export const MAX_NOTICE_HOURS = 720;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function required(out: FieldMessages, field: string, value: string): boolean {
  if (value.trim() === '') {
    out[field] = t('validation.required');
    return false;
  }
  return true;
}

function email(out: FieldMessages, field: string, value: string): void {
  if (required(out, field, value) && !EMAIL.test(value.trim())) out[field] = t('validation.email');
}

/** Checks the sign-in form. */
export function validateSignIn(v: { email: string; password: string }): FieldMessages {
  const out: FieldMessages = {};
  email(out, 'email', v.email);
  required(out, 'password', v.password);
  return out;
}

/** Checks the sign-up form: e-mail, a password of at least 10 characters, a display name. */
export function validateSignUp(v: {
  email: string;
  password: string;
  displayName: string;
}): FieldMessages {
  const out: FieldMessages = {};
  email(out, 'email', v.email);
  if (required(out, 'password', v.password) && [...v.password].length < MIN_PASSWORD_LENGTH) {
    out.password = t('validation.passwordShort');
  }
  required(out, 'displayName', v.displayName);
  return out;
}

/** Checks the forgot-password form. */
export function validateForgot(v: { email: string }): FieldMessages {
  const out: FieldMessages = {};
  email(out, 'email', v.email);
  return out;
}

/** Checks the reset form: a new password of at least 10 characters, typed the same twice. */
export function validateReset(v: { password: string; confirm: string }): FieldMessages {
  const out: FieldMessages = {};
  if (required(out, 'password', v.password) && [...v.password].length < MIN_PASSWORD_LENGTH) {
    out.password = t('validation.passwordShort');
  }
  if (required(out, 'confirm', v.confirm) && !out.password && v.confirm !== v.password) out.confirm = t('reset.mismatch');
  return out;
}

/** Parses the notice-hours field; null when it is not a whole number in range. */
export function parseNoticeHours(value: string): number | null {
  const s = value.trim();
  if (!/^\d+$/.test(s)) return null;
  const n = Number(s);
  return n <= MAX_NOTICE_HOURS ? n : null;
}

/** Checks the create-production form against the offered time zones. */
export function validateProduction(
  v: { title: string; timezone: string; noticeHours: string },
  timezones: readonly string[],
): FieldMessages {
  const out: FieldMessages = {};
  required(out, 'title', v.title);
  if (!timezones.includes(v.timezone)) out.timezone = t('validation.timezone');
  if (parseNoticeHours(v.noticeHours) === null) {
    out.noticeHours = t('validation.noticeHours', { max: MAX_NOTICE_HOURS });
  }
  return out;
}

/** Checks the invite form. */
export function validateInvite(v: { email: string }): FieldMessages {
  const out: FieldMessages = {};
  email(out, 'email', v.email);
  return out;
}

/** The IANA time zones this browser knows, always including fallback. */
export function timeZones(fallback: string): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = [];
  }
  if (!zones.includes(fallback)) zones = [fallback, ...zones];
  if (!zones.includes('UTC')) zones = [...zones, 'UTC'];
  return zones;
}

/** The browser's own IANA time zone, or UTC when it cannot tell. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}
