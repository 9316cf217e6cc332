import { describe, expect, it } from 'vitest';
import { forgotProblemText, resetProblem, signInProblemText } from './messages';
import { tokenOf } from './resetToken';
import { validateReset } from '../shared/validation';
import { en } from '../i18n/en';

describe('sign-in, forgot-password and reset messages', () => {
  it('tells a locked-out person when to try again', () => {
    expect(signInProblemText({ status: 429, retryAfter: 180 })).toBe('Too many attempts. Try again in 3 minutes.');
    expect(signInProblemText({ status: 429, retryAfter: 40 })).toBe('Too many attempts. Try again in 40 seconds.');
    expect(signInProblemText({ status: 429 })).toBe(en['signin.tooManyLater']);
    expect(signInProblemText({ status: 401, detail: 'invalid credentials' })).toBe(en['signin.invalid']);
    expect(signInProblemText({ status: 503, detail: 'try later' })).toBe('try later');
  });

  it('says the wait for reset requests, and that e-mail is off', () => {
    expect(forgotProblemText({ status: 429, retryAfter: 12 * 60 })).toBe('Too many requests. Try again in 12 minutes.');
    expect(forgotProblemText({ status: 429 })).toBe(en['forgot.tooManyLater']);
    expect(forgotProblemText({ status: 503, code: 'email_off', detail: 'e-mail is off' })).toBe(en['forgot.emailOff']);
    expect(forgotProblemText({ status: 503, code: 'unavailable', detail: 'busy' })).toBe('busy');
  });

  it('ends the reset form for a used or expired link, and keeps it for anything else', () => {
    expect(resetProblem({ status: 404 })).toEqual({ linkDead: true, text: en['reset.invalid'] });
    expect(resetProblem({ status: 410, code: 'reset_expired' })).toEqual({ linkDead: true, text: en['reset.expired'] });
    expect(resetProblem({ status: 422, detail: 'password too short' })).toEqual({ linkDead: false, text: 'password too short' });
  });

  it('reads the token from the link', () => {
    expect(tokenOf('?token=abc_DEF-123')).toBe('abc_DEF-123');
    expect(tokenOf('?token=%20')).toBeNull();
    expect(tokenOf('')).toBeNull();
  });

  it('asks for 10 characters typed the same twice', () => {
    expect(validateReset({ password: 'long enough pw', confirm: 'long enough pw' })).toEqual({});
    expect(validateReset({ password: 'short', confirm: 'short' })).toEqual({ password: en['validation.passwordShort'] });
    expect(validateReset({ password: 'long enough pw', confirm: 'long enough pX' })).toEqual({ confirm: en['reset.mismatch'] });
    expect(validateReset({ password: '', confirm: '' })).toEqual({
      password: en['validation.required'],
      confirm: en['validation.required'],
    });
  });
});
