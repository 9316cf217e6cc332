// Consent counts per state for a scene (boards and producer lists): each
// count is a word, a number and an icon. Never notes or flags.
import { t, type MessageKey } from '../i18n';
import { CONSENT_STATES, type Consent, type ConsentState } from '../api/types';
import { consentBadge, countStates } from './consent';
import { StateBadgeView } from '../shared/widgets';

const COUNT_LABELS: Record<ConsentState, MessageKey> = {
  pending: 'board.countPending',
  confirmed: 'board.countConfirmed',
  declined: 'board.countDeclined',
  withdrawn: 'board.countWithdrawn',
};

/** The non-zero counts of a scene's consents, or a grey "nobody cast" badge. */
export function ConsentCounts(p: { consents: readonly Consent[] | null; published: boolean }) {
  if (!p.published) return <StateBadgeView badge={consentBadge(null)} />;
  if (p.consents === null) return <span class="muted">{t('board.countsUnavailable')}</span>;
  if (p.consents.length === 0) return <span class="muted">{t('board.noCast')}</span>;
  const counts = countStates(p.consents);
  return (
    <span class="counts">
      {CONSENT_STATES.filter((s) => counts[s] > 0).map((s) => (
        <StateBadgeView key={s} badge={consentBadge(s)} label={t(COUNT_LABELS[s], { n: counts[s] })} />
      ))}
    </span>
  );
}
