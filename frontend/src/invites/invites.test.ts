import { describe, expect, it } from 'vitest';
import { invitableRoles } from './InviteForm';
import { acceptProblemMessage } from './AcceptInvite';
import { inviteUrl } from './InviteLink';
import { en } from '../i18n/en';

describe('invites', () => {
  it('lets producers invite any role and coordinators only performers', () => {
    expect(invitableRoles('producer')).toEqual(['producer', 'coordinator', 'performer']);
    expect(invitableRoles('coordinator')).toEqual(['performer']);
    expect(invitableRoles('performer')).toEqual([]);
  });

  it('names unknown, used and expired invites plainly', () => {
    expect(acceptProblemMessage({ status: 404 })).toBe(en['accept.invalid']);
    expect(acceptProblemMessage({ status: 410 })).toBe(en['accept.expired']);
    expect(acceptProblemMessage({ status: 500, detail: 'internal error' })).toBe('internal error');
  });

  it("uses the server's invite url, or builds one from the token", () => {
    const base = { id: 'i1', token: 'tok', email: 'b@example.com', role: 'performer' as const, expiresAt: '2026-01-01T00:00:00Z', emailed: false };
    expect(inviteUrl({ ...base, url: 'https://set.example/invite/tok' }, 'http://x')).toBe('https://set.example/invite/tok');
    expect(inviteUrl({ ...base, url: '' }, 'http://x')).toBe('http://x/invite/tok');
  });
});
