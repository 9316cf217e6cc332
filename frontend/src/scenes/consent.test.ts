import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { CONSENT_STATES, type Consent } from '../api/types';
import { consentBadge, countStates, myConsentBadge } from './consent';

const consent = (state: Consent['state'], version: number | null): Consent => ({
  userId: 'u1',
  displayName: 'Alex',
  state,
  version,
  decidedAt: version ? '2026-01-01T00:00:00Z' : null,
  postPhotography: false,
});

describe('consentBadge', () => {
  it('maps each state to a colour, a word and an icon', () => {
    expect(consentBadge('pending')).toEqual({ tone: 'amber', label: 'consent.pending', icon: 'clock' });
    expect(consentBadge('confirmed')).toEqual({ tone: 'green', label: 'consent.confirmed', icon: 'check' });
    expect(consentBadge('declined')).toEqual({ tone: 'red', label: 'consent.declined', icon: 'cross' });
    expect(consentBadge('withdrawn')).toEqual({ tone: 'red', label: 'consent.withdrawn', icon: 'undo' });
    expect(consentBadge(null)).toMatchObject({ tone: 'grey', icon: 'dash' });
  });

  it('never tells two states apart by colour alone', () => {
    const badges = CONSENT_STATES.map(consentBadge);
    expect(new Set(badges.map((b) => b.label)).size).toBe(badges.length);
    expect(new Set(badges.map((b) => b.icon)).size).toBe(badges.length);
    for (const b of badges) expect(en[b.label].length).toBeGreaterThan(0);
  });
});

describe('countStates', () => {
  it('counts every state', () => {
    expect(countStates([consent('pending', null), consent('confirmed', 1), consent('confirmed', 1)])).toEqual({
      pending: 1,
      confirmed: 2,
      declined: 0,
      withdrawn: 0,
    });
  });
});

describe('myConsentBadge', () => {
  const base = { state: 'confirmed' as const, published: true, pending: null, withdrawnSince: false };

  it('shows the server state when nothing is pending here', () => {
    expect(en[myConsentBadge(base).label]).toBe('Confirmed');
    expect(en[myConsentBadge({ ...base, state: null }).label]).toBe('Pending');
    expect(en[myConsentBadge({ ...base, published: false }).label]).toBe('Not published yet');
  });

  it('never shows a confirmation that a withdrawal waiting or on its way replaces', () => {
    const waiting = myConsentBadge({ ...base, pending: 'queued' });
    const sending = myConsentBadge({ ...base, pending: 'sending' });
    expect(en[waiting.label]).toBe('Withdrawal waiting to send');
    expect(en[sending.label]).toBe('Sending…');
    for (const b of [waiting, sending]) {
      expect(b.tone).not.toBe('green');
      expect(b.icon).not.toBe('check');
    }
  });

  it('shows a withdrawal delivered after the data was loaded as withdrawn', () => {
    expect(en[myConsentBadge({ ...base, withdrawnSince: true }).label]).toBe('Withdrawn');
  });
});
