// Consent counts per state for a scene (boards, the producer's scene list and
// scene page): each count is a word, a number and an icon. Never notes or
// flags, and never who (rule 10): producers get counts from the server.
import { t, type MessageKey } from '../i18n';
import { CONSENT_STATES, type ConsentState } from '../api/types';
import type { ConsentCounts as Counts } from '../api/types';
import { consentBadge } from './consent';
import { StateBadgeView } from '../shared/widgets';

const COUNT_LABELS: Record<ConsentState, MessageKey> = {
  pending: 'board.countPending',
  confirmed: 'board.countConfirmed',
  declined: 'board.countDeclined',
  withdrawn: 'board.countWithdrawn',
};

/** What a scene's counts show: nothing published, not available, nobody cast, or the non-zero counts. */
export type CountsView =
  | { kind: 'unpublished' }
  | { kind: 'unavailable' }
  | { kind: 'nobody' }
  | { kind: 'counts'; items: { state: ConsentState; n: number }[] };

/** Decides what the counts of a scene show (the non-zero states, in the boards' order). */
export function countsView(counts: Counts | null | undefined, published: boolean): CountsView {
  if (!published) return { kind: 'unpublished' };
  if (!counts) return { kind: 'unavailable' };
  const items = CONSENT_STATES.map((state) => ({ state, n: Number(counts[state]) || 0 })).filter((x) => x.n > 0);
  return items.length ? { kind: 'counts', items } : { kind: 'nobody' };
}

/** The non-zero counts of a scene's consents, or a grey "nothing published" badge. */
export function ConsentCounts(p: { counts: Counts | null | undefined; published: boolean }) {
  const view = countsView(p.counts, p.published);
  if (view.kind === 'unpublished') return <StateBadgeView badge={consentBadge(null)} />;
  if (view.kind === 'unavailable') return <span class="muted">{t('board.countsUnavailable')}</span>;
  if (view.kind === 'nobody') return <span class="muted">{t('board.noCast')}</span>;
  return (
    <span class="counts" data-testid="consent-counts">
      {view.items.map((x) => (
        <StateBadgeView key={x.state} badge={consentBadge(x.state)} label={t(COUNT_LABELS[x.state], { n: x.n })} />
      ))}
    </span>
  );
}
