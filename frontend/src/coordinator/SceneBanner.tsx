// The top of a coordinator's (or producer's) scene page (issue 13, finding
// 6): the scene's readiness as colour, word and icon with its reasons in plain
// words, and — for coordinators — every warning on the scene before any
// content. After a withdrawal the readiness is Blocked, so the banner says so.
import { t } from '../i18n';
import type { CoverageScene } from '../api/types';
import { StateBadgeView } from '../shared/widgets';
import { readinessBadge } from '../producer/readiness';
import { reasonSentences } from '../producer/reasons';

export function SceneBanner(p: { row: CoverageScene | null; noticeHours: number | null; warnings: number | null; warningsAt: string }) {
  if (!p.row && !p.warnings) return null;
  const reasons = p.row ? reasonSentences(p.row, { now: Date.now(), noticeHours: p.noticeHours }) : [];
  const tone = p.row ? readinessBadge(p.row.readiness).tone : 'amber';
  return (
    <section class={`readiness-banner readiness-${tone}`} aria-labelledby="readiness-heading" data-testid="readiness-banner">
      <h2 id="readiness-heading" class="visually-hidden">
        {t('hub.readiness')}
      </h2>
      {p.row ? <StateBadgeView badge={readinessBadge(p.row.readiness)} large /> : null}
      {reasons.length ? (
        <ul class="plain-list readiness-reasons">
          {reasons.map((r, i) => (
            <li key={i}>{r}</li>
          ))}
        </ul>
      ) : null}
      {p.warnings ? (
        <p class="readiness-warnings" data-testid="scene-warnings">
          <a href={p.warningsAt}>{t('hub.warningsTop', { count: p.warnings })}</a>
        </p>
      ) : null}
    </section>
  );
}
