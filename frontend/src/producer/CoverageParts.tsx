// Pieces of the coverage screens: readiness chips, reasons as sentences, the
// summary tiles, the upcoming-days strip, and the scenes as a table (laptops)
// or as cards (phones). Everything shown comes from the coverage response:
// states, counts, names and dates — never boundaries or notes.
import { t, formatDateTime, type MessageKey } from '../i18n';
import type { CoverageScene, CoverageSummary, Readiness } from '../api/types';
import { Icon, StateBadgeView } from '../shared/widgets';
import { formatWhen } from '../shared/time';
import { answerBadge } from '../checkins/model';
import { debriefBadge } from '../debriefs/data';
import { scenePath } from '../scenes/data';
import { statusLabel } from '../scenes/labels';
import { castCounts, notConfirmed, readinessBadge, summaryCount, READINESS } from './readiness';
import { consentBadge } from '../scenes/consent';
import { reasonSentences, type ReasonContext } from './reasons';
import { formatDayShort, type DaySummary } from './days';

/** A scene's readiness: colour, word and icon. */
export function ReadinessChip(p: { readiness: Readiness }) {
  return <StateBadgeView badge={readinessBadge(p.readiness)} />;
}

/** What needs attention in a scene, one sentence per reason. */
export function Reasons(p: { scene: CoverageScene; ctx: ReasonContext }) {
  const sentences = reasonSentences(p.scene, p.ctx);
  if (!sentences.length) {
    return <p class="muted reasons-none">{t(p.scene.readiness === 'not_needed' ? 'coverage.nothingToCoordinate' : 'coverage.nothingNeeded')}</p>;
  }
  return (
    <ul class="reasons" data-testid="reasons">
      {sentences.map((s) => (
        <li key={s}>{s}</li>
      ))}
    </ul>
  );
}

const COUNT_KEYS: Record<Readiness, MessageKey> = {
  ready: 'coverage.count.ready',
  at_risk: 'coverage.count.atRisk',
  blocked: 'coverage.count.blocked',
  debrief_due: 'coverage.count.debriefDue',
  not_needed: 'coverage.count.notNeeded',
};

/** "1 scene", "3 scenes". */
export function sceneCount(n: number): string {
  return n === 1 ? t('coverage.scenesOne') : t('coverage.scenesMany', { n });
}

/** "3 blocked", "1 at risk"… */
export function readinessCount(r: Readiness, n: number): string {
  return t(COUNT_KEYS[r], { n });
}

/** The share of cast members who confirmed, as a whole percentage. */
export function formatPct(pct: number): string {
  const v = Number.isFinite(pct) ? Math.min(100, Math.max(0, pct)) : 0;
  return new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 }).format(v / 100);
}

/**
 * The summary tiles: one per readiness (a toggle that filters the scenes by
 * it) and the share of confirmed consents.
 */
export function SummaryTiles(p: { summary: CoverageSummary; selected: readonly Readiness[]; onToggle: (r: Readiness) => void }) {
  return (
    <ul class="tiles">
      {READINESS.map((r) => {
        const badge = readinessBadge(r);
        const on = p.selected.includes(r);
        return (
          <li key={r}>
            <button type="button" class={`tile tile-${badge.tone}`} aria-pressed={on ? 'true' : 'false'} onClick={() => p.onToggle(r)} data-testid={`tile-${r}`}>
              <span class="tile-count">{summaryCount(p.summary, r)}</span>
              <span class="tile-label">
                <Icon name={badge.icon} />
                <span>{t(badge.label)}</span>
              </span>
            </button>
          </li>
        );
      })}
      <li>
        <div class="tile tile-plain" data-testid="tile-consent">
          <span class="tile-count">{formatPct(p.summary.consentConfirmedPct)}</span>
          <span class="tile-label">{t('coverage.consentConfirmed')}</span>
        </div>
      </li>
    </ul>
  );
}

/** The upcoming days, each with its scenes' readiness; tapping a day shows only that day. */
export function DayStrip(p: { days: DaySummary[]; today: string; selected: string | null; onPick: (date: string) => void }) {
  return (
    <ol class="day-strip" data-testid="day-strip">
      {p.days.map((d) => {
        const counts = READINESS.filter((r) => d.counts[r] > 0).map((r) => readinessCount(r, d.counts[r]));
        return (
          <li key={d.date}>
            <button
              type="button"
              class={`day${d.worst ? ` day-${readinessBadge(d.worst).tone}` : ' day-empty'}`}
              aria-pressed={p.selected === d.date ? 'true' : 'false'}
              onClick={() => p.onPick(d.date)}
              data-date={d.date}
              data-testid="day"
            >
              <span class="day-name">
                {d.date === p.today ? `${t('coverage.today')} · ` : ''}
                {formatDayShort(d.date)}
              </span>
              {d.worst ? <ReadinessChip readiness={d.worst} /> : <span class="day-none">{t('coverage.noScenesDay')}</span>}
              {d.total ? <span class="day-counts">{[sceneCount(d.total), ...counts].join(' · ')}</span> : null}
            </button>
          </li>
        );
      })}
    </ol>
  );
}

/**
 * The cast line of a scene: confirmations and riders, as counts; for a
 * coordinator also who is not confirmed, by name (a producer's coverage
 * names nobody's consent, rule 10).
 */
export function CastSummary(p: { scene: CoverageScene }) {
  const c = castCounts(p.scene);
  if (!c.total) return <span class="muted">{t('board.noCast')}</span>;
  return (
    <span class="cell-lines">
      <span>{t('coverage.confirmedOf', { n: c.confirmed, total: c.total })}</span>
      {notConfirmed(p.scene).map((m) => (
        <span key={m.userId} class="cell-line" data-testid="cast-not-confirmed">
          {t('report.count', { label: m.displayName, n: t(consentBadge(m.consent).label) })}
        </span>
      ))}
      <span class="muted">{c.ridersRequired ? t('coverage.ridersOf', { n: c.ridersSigned, total: c.ridersRequired }) : t('coverage.noRiders')}</span>
    </span>
  );
}

/** The last check-in's outcome and the debrief's status, with their times. */
export function OnSet(p: { scene: CoverageScene; timeZone: string }) {
  const { lastCheckIn: c, debrief: d } = p.scene;
  return (
    <span class="cell-lines">
      <span class="cell-line">
        <span class="cell-key">{t('coverage.lastCheckIn')}</span>
        {c ? (
          <>
            <StateBadgeView badge={answerBadge(c.outcome)} label={c.outcome ? undefined : t('checkin.outcome.open')} />
            <span class="muted">{formatDateTime(c.at, p.timeZone)}</span>
          </>
        ) : (
          <span class="muted">{t('coverage.noCheckIn')}</span>
        )}
      </span>
      <span class="cell-line">
        <span class="cell-key">{t('coverage.debrief')}</span>
        {d ? (
          <>
            <StateBadgeView badge={debriefBadge(d.status)} />
            <span class="muted">{formatDateTime(d.scheduledAt, p.timeZone)}</span>
          </>
        ) : (
          <span class="muted">{t('coverage.noDebrief')}</span>
        )}
      </span>
    </span>
  );
}

/** A scene's number and title, linking to its screen, with its coordinator and (after the shoot) its status. */
function SceneName(p: { scene: CoverageScene; productionId: string }) {
  const s = p.scene;
  return (
    <span class="cell-lines">
      <a class="scene-link" href={scenePath(p.productionId, s.sceneId)} data-testid="scene-link">
        <span class="scene-number">{s.number}</span> {s.title}
      </a>
      <span class="muted">{s.coordinator ? t('coverage.coordinator', { name: s.coordinator.displayName }) : t('coverage.noCoordinator')}</span>
      {s.status !== 'planned' ? <span class="muted">{statusLabel(s.status)}</span> : null}
    </span>
  );
}

interface ScenesProps {
  scenes: CoverageScene[];
  productionId: string;
  timeZone: string;
  ctx: ReasonContext;
}

/** The scenes as a table (wide screens), in call-time order. */
export function SceneTable(p: ScenesProps) {
  return (
    <div class="table-wrap">
      <table class="cover-table" data-testid="coverage-table">
        <thead>
          <tr>
            <th scope="col">{t('coverage.col.callTime')}</th>
            <th scope="col">{t('coverage.col.scene')}</th>
            <th scope="col">{t('coverage.col.readiness')}</th>
            <th scope="col">{t('coverage.col.reasons')}</th>
            <th scope="col">{t('coverage.col.cast')}</th>
            <th scope="col">{t('coverage.col.onSet')}</th>
          </tr>
        </thead>
        <tbody>
          {p.scenes.map((s) => (
            <tr key={s.sceneId} data-testid="coverage-row" data-scene={s.sceneId} data-readiness={s.readiness}>
              <td class="cell-time">{formatWhen(s.callTime, p.timeZone)}</td>
              <th scope="row" class="cell-scene">
                <SceneName scene={s} productionId={p.productionId} />
              </th>
              <td>
                <ReadinessChip readiness={s.readiness} />
              </td>
              <td class="cell-reasons">
                <Reasons scene={s} ctx={p.ctx} />
              </td>
              <td class="cell-cast">
                <CastSummary scene={s} />
              </td>
              <td>
                <OnSet scene={s} timeZone={p.timeZone} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The scenes as cards (phones), in call-time order. */
export function SceneCards(p: ScenesProps) {
  return (
    <ul class="cover-cards" data-testid="coverage-cards">
      {p.scenes.map((s) => (
        <li key={s.sceneId}>
          <article class="card cover-card" aria-labelledby={`cov-${s.sceneId}`} data-testid="coverage-row" data-scene={s.sceneId} data-readiness={s.readiness}>
            <div class="cover-card-head">
              <h3 class="card-title" id={`cov-${s.sceneId}`}>
                <a class="scene-link" href={scenePath(p.productionId, s.sceneId)} data-testid="scene-link">
                  <span class="scene-number">{s.number}</span> {s.title}
                </a>
              </h3>
              <ReadinessChip readiness={s.readiness} />
            </div>
            <p class="list-sub">{formatWhen(s.callTime, p.timeZone)}</p>
            <p class="list-sub">
              {s.coordinator ? t('coverage.coordinator', { name: s.coordinator.displayName }) : t('coverage.noCoordinator')}
              {s.status !== 'planned' ? ` · ${statusLabel(s.status)}` : ''}
            </p>
            <Reasons scene={s} ctx={p.ctx} />
            <CastSummary scene={s} />
            <OnSet scene={s} timeZone={p.timeZone} />
          </article>
        </li>
      ))}
    </ul>
  );
}
