// How a consent state looks: a tone (colour), a word and an icon, so the state
// is never told by colour alone (ui.md). Which buttons a performer is offered
// is scenes/decisions.ts's.
import type { MessageKey } from '../i18n';
import type { Consent, ConsentState } from '../api/types';

/** A state badge: tone for the colour, label for the word, icon for the shape. */
export interface StateBadge {
  tone: 'amber' | 'green' | 'red' | 'grey';
  label: MessageKey;
  icon: 'clock' | 'check' | 'cross' | 'undo' | 'dash' | 'pause' | 'stop' | 'warning';
}

const BADGES: Record<ConsentState, StateBadge> = {
  pending: { tone: 'amber', label: 'consent.pending', icon: 'clock' },
  confirmed: { tone: 'green', label: 'consent.confirmed', icon: 'check' },
  declined: { tone: 'red', label: 'consent.declined', icon: 'cross' },
  withdrawn: { tone: 'red', label: 'consent.withdrawn', icon: 'undo' },
};

/** Nothing to decide yet: no choreography is published. */
export const NO_VERSION_BADGE: StateBadge = { tone: 'grey', label: 'consent.noVersion', icon: 'dash' };

/** The badge for a consent state (or for a scene with nothing published, when state is null). */
export function consentBadge(state: ConsentState | null | undefined): StateBadge {
  if (!state) return NO_VERSION_BADGE;
  return BADGES[state] ?? NO_VERSION_BADGE;
}

/** A withdrawal made on this device that the server has not answered yet: waiting for signal, or on its way. */
export type PendingWithdrawalState = 'queued' | 'sending';

const WITHDRAWAL_BADGES: Record<PendingWithdrawalState, StateBadge> = {
  queued: { tone: 'amber', label: 'consent.withdrawalWaiting', icon: 'clock' },
  sending: { tone: 'amber', label: 'consent.withdrawalSending', icon: 'undo' },
};

/**
 * The badge of a performer's own consent on a scene, with what this device
 * knows better than the data on screen: a withdrawal waiting to send or being
 * sent shows as such (never as the confirmation it replaces), and one
 * delivered after the data was loaded shows as withdrawn.
 */
export function myConsentBadge(p: {
  state: ConsentState | null | undefined;
  published: boolean;
  pending: PendingWithdrawalState | null;
  /** A withdrawal was delivered after the data on screen was true. */
  withdrawnSince: boolean;
}): StateBadge {
  if (!p.published) return NO_VERSION_BADGE;
  if (p.pending) return WITHDRAWAL_BADGES[p.pending];
  if (p.withdrawnSince) return BADGES.withdrawn;
  return consentBadge(p.state ?? 'pending');
}

/** Counts consents per state (for boards and producer lists). */
export function countStates(consents: readonly Consent[]): Record<ConsentState, number> {
  const out: Record<ConsentState, number> = { pending: 0, confirmed: 0, declined: 0, withdrawn: 0 };
  for (const c of consents) out[c.state] = (out[c.state] ?? 0) + 1;
  return out;
}
