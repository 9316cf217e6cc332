import { describe, expect, it } from 'vitest';
import {
  MAX_NOTICE_HOURS,
  parseNoticeHours,
  timeZones,
  validateInvite,
  validateProduction,
  validateSignIn,
  validateSignUp,
} from './validation';
import { matchPath, safeNext, withNext } from './router';
import { en } from '../i18n/en';

const ok = { email: 'a@example.com', password: 'correct horse', displayName: 'Alex' };

describe('validateSignUp', () => {
  it('accepts a complete form', () => {
    expect(validateSignUp(ok)).toEqual({});
  });

  it('requires every field but pronouns', () => {
    expect(validateSignUp({ email: '', password: '', displayName: '  ' })).toEqual({
      email: en['validation.required'],
      password: en['validation.required'],
      displayName: en['validation.required'],
    });
  });

  it('wants passwords of at least 10 characters', () => {
    expect(validateSignUp({ ...ok, password: '123456789' })).toEqual({ password: en['validation.passwordShort'] });
    expect(validateSignUp({ ...ok, password: '1234567890' })).toEqual({});
  });

  it('counts characters, not UTF-16 units', () => {
    // Nine emoji are 18 UTF-16 units but only nine characters.
    expect(validateSignUp({ ...ok, password: '🎬'.repeat(9) }).password).toBe(en['validation.passwordShort']);
  });

  it('checks the e-mail shape', () => {
    for (const email of ['a', 'a@b', '@b.c', 'a b@c.d']) {
      expect(validateSignUp({ ...ok, email }).email, email).toBe(en['validation.email']);
    }
    expect(validateSignUp({ ...ok, email: ' a@b.co ' })).toEqual({});
  });
});

describe('validateSignIn', () => {
  it('does not apply the sign-up password length to sign-in', () => {
    expect(validateSignIn({ email: 'a@example.com', password: 'short' })).toEqual({});
  });
  it('requires both fields', () => {
    expect(Object.keys(validateSignIn({ email: '', password: '' })).sort()).toEqual(['email', 'password']);
  });
});

describe('production form', () => {
  const zones = ['Europe/London', 'UTC'];

  it('parses notice hours as whole numbers in range', () => {
    expect(parseNoticeHours('48')).toBe(48);
    expect(parseNoticeHours(' 0 ')).toBe(0);
    expect(parseNoticeHours(String(MAX_NOTICE_HOURS))).toBe(MAX_NOTICE_HOURS);
    for (const bad of ['', '-1', '1.5', '4e1', 'abc', String(MAX_NOTICE_HOURS + 1)]) {
      expect(parseNoticeHours(bad), bad).toBeNull();
    }
  });

  it('reports each broken field', () => {
    const messages = validateProduction({ title: '', timezone: 'Mars/Olympus', noticeHours: 'x' }, zones);
    expect(Object.keys(messages).sort()).toEqual(['noticeHours', 'timezone', 'title']);
    expect(messages.noticeHours).toContain(String(MAX_NOTICE_HOURS));
  });

  it('accepts a valid production', () => {
    expect(validateProduction({ title: 'Night Shoot', timezone: 'Europe/London', noticeHours: '48' }, zones)).toEqual({});
  });

  it('always offers the fallback zone', () => {
    expect(timeZones('Etc/Unknown')[0]).toBe('Etc/Unknown');
    expect(timeZones('UTC')).toContain('UTC');
  });
});

describe('validateInvite', () => {
  it('requires an e-mail address', () => {
    expect(validateInvite({ email: '' })).toEqual({ email: en['validation.required'] });
    expect(validateInvite({ email: 'b@example.com' })).toEqual({});
  });
});

describe('router helpers', () => {
  it('only follows next into this app', () => {
    expect(safeNext('/invite/abc')).toBe('/invite/abc');
    expect(safeNext(null)).toBe('/');
    for (const bad of ['https://evil.example', '//evil.example', '/\\evil.example', 'invite', '/api/v1/me']) {
      expect(safeNext(bad), bad).toBe('/');
    }
  });

  it('builds next links that round-trip', () => {
    const href = withNext('/signin', '/invite/a b?x=1');
    expect(new URL(href, 'http://x').searchParams.get('next')).toBe('/invite/a b?x=1');
  });

  it('matches params', () => {
    expect(matchPath('/productions/:id', '/productions/p1')).toEqual({ id: 'p1' });
    expect(matchPath('/invite/:token', '/invite/a%2Fb')).toEqual({ token: 'a/b' });
    expect(matchPath('/productions/:id', '/productions')).toBeNull();
    expect(matchPath('/productions/:id', '/inbox/p1')).toBeNull();
  });
});
