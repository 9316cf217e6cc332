// The daily report: one shoot day's coverage as a page to print or save as a
// PDF and send to production — the production, the date and its time zone,
// the counts, then each scene called that day with its readiness, the reasons
// in sentences, its consent counts, the cast with rider states (and, for a
// coordinator, each one's consent: a producer's coverage names nobody's,
// rule 10), the last check-in's outcome and the debrief's status. Status only: the coverage it is drawn from
// never holds boundaries or notes. Print styles (styles.css) drop the
// navigation and the buttons and print dark on white.
import { t, formatDateTime, formatTime } from '../i18n';
import type { CoverageScene, CoverageSummary, Production } from '../api/types';
import { Button, Page, SkeletonRows } from '../shared/ui';
import { LoadError, StateBadgeView } from '../shared/widgets';
import { useLoad } from '../shared/useLoad';
import { useNow } from '../shared/useNow';
import { navigate } from '../shared/router';
import { consentBadge } from '../scenes/consent';
import { useProduction } from '../scenes/data';
import { statusLabel } from '../scenes/labels';
import { coveragePath, loadCoverage, reportPath } from './data';
import { addDays, formatDayLong, formatDayShort, isDayKey, todayKey } from './days';
import { byCallTime, readinessBadge, riderBadge, summaryCount, CONSENT_STATES, READINESS } from './readiness';
import { OnSet, ReadinessChip, Reasons, formatPct, sceneCount } from './CoverageParts';
import type { ReasonContext } from './reasons';

function Counts(p: { summary: CoverageSummary }) {
  return (
    <ul class="report-counts" data-testid="report-counts">
      {READINESS.map((r) => {
        const badge = readinessBadge(r);
        return (
          <li key={r}>
            <StateBadgeView badge={badge} label={t('report.count', { label: t(badge.label), n: summaryCount(p.summary, r) })} />
          </li>
        );
      })}
      <li class="report-consent">{t('report.consentPct', { pct: formatPct(p.summary.consentConfirmedPct) })}</li>
    </ul>
  );
}

function SceneReport(p: { scene: CoverageScene; timeZone: string; ctx: ReasonContext }) {
  const s = p.scene;
  const id = `report-${s.sceneId}`;
  // Each cast member's consent reaches coordinators only (rule 10).
  const byName = s.cast.some((c) => c.consent !== undefined);
  return (
    <article class="report-scene" aria-labelledby={id} data-testid="report-scene" data-scene={s.sceneId}>
      <div class="report-scene-head">
        <h3 id={id} class="report-scene-title">
          <span class="scene-number">{s.number}</span> {s.title}
        </h3>
        <ReadinessChip readiness={s.readiness} />
      </div>
      <dl class="report-facts">
        <div>
          <dt>{t('report.callTime')}</dt>
          <dd>{formatTime(s.callTime, p.timeZone)}</dd>
        </div>
        <div>
          <dt>{t('report.coordinator')}</dt>
          <dd>{s.coordinator?.displayName ?? t('coverage.noCoordinator')}</dd>
        </div>
        {s.status !== 'planned' ? (
          <div>
            <dt>{t('report.status')}</dt>
            <dd>{statusLabel(s.status)}</dd>
          </div>
        ) : null}
        {s.currentVersion !== null ? (
          <div>
            <dt>{t('report.version')}</dt>
            <dd>{t('scene.versionLabel', { version: s.currentVersion })}</dd>
          </div>
        ) : null}
      </dl>
      <Reasons scene={s} ctx={p.ctx} />
      {s.cast.length ? (
        <ul class="report-counts" data-testid="report-consent-counts">
          {CONSENT_STATES.map((state) => (
            <li key={state}>
              <StateBadgeView badge={consentBadge(state)} label={t('report.count', { label: t(consentBadge(state).label), n: s.consentCounts[state] })} />
            </li>
          ))}
        </ul>
      ) : null}
      {s.cast.length ? (
        <table class="report-cast">
          <caption class="visually-hidden">{t('report.castOf', { number: s.number })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('report.colName')}</th>
              {byName ? <th scope="col">{t('report.colConsent')}</th> : null}
              <th scope="col">{t('report.colRider')}</th>
            </tr>
          </thead>
          <tbody>
            {s.cast.map((c) => (
              <tr key={c.userId} data-testid="report-cast-row">
                <th scope="row">{c.displayName}</th>
                {byName ? (
                  <td>
                    <StateBadgeView badge={consentBadge(c.consent)} />
                  </td>
                ) : null}
                <td>
                  <StateBadgeView badge={riderBadge(c.rider)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">{t('board.noCast')}</p>
      )}
      <OnSet scene={s} timeZone={p.timeZone} />
    </article>
  );
}

function Report(p: { production: Production; date: string; scenes: CoverageScene[]; summary: CoverageSummary; generatedAt: string }) {
  const tz = p.production.timezone;
  const now = useNow(60_000);
  const ctx = { now, noticeHours: p.production.noticeHours };
  return (
    <>
      <dl class="details report-head">
        <div>
          <dt>{t('report.production')}</dt>
          <dd data-testid="report-production">{p.production.title}</dd>
        </div>
        <div>
          <dt>{t('report.date')}</dt>
          <dd data-testid="report-date">{formatDayLong(p.date)}</dd>
        </div>
        <div>
          <dt>{t('report.timezone')}</dt>
          <dd>{tz.replace(/_/g, ' ')}</dd>
        </div>
        <div>
          <dt>{t('report.generated')}</dt>
          <dd>{formatDateTime(p.generatedAt, tz)}</dd>
        </div>
      </dl>
      <section class="section section-spaced" aria-labelledby="report-summary">
        <h2 id="report-summary" class="section-title">
          {t('report.summary', { scenes: sceneCount(p.summary.scenes) })}
        </h2>
        <Counts summary={p.summary} />
      </section>
      <section class="section" aria-labelledby="report-scenes">
        <h2 id="report-scenes" class="section-title">
          {t('report.scenes')}
        </h2>
        {p.scenes.length ? (
          <div class="report-list">
            {p.scenes.map((s) => (
              <SceneReport key={s.sceneId} scene={s} timeZone={tz} ctx={ctx} />
            ))}
          </div>
        ) : (
          <p class="muted">{t('report.noScenes')}</p>
        )}
      </section>
      <p class="muted report-note">{t('report.statusOnly')}</p>
    </>
  );
}

/** The daily report of a production for ?date= (today in the production's zone when absent). */
export function ReportPage(props: { productionId: string; query: URLSearchParams }) {
  const pid = props.productionId;
  const production = useProduction(pid);
  const asked = props.query.get('date');
  const now = useNow(60_000);
  const date = isDayKey(asked) ? asked : production ? todayKey(now, production.timezone) : null;
  const [data, reload] = useLoad(
    () => (date ? loadCoverage(pid, { from: date, to: date }) : new Promise<never>(() => undefined)),
    [pid, date],
  );
  const ok = data.state === 'ok' ? data.data : null;
  const pick = (e: Event) => {
    const v = (e.currentTarget as HTMLInputElement).value;
    if (isDayKey(v)) navigate(reportPath(pid, v), { replace: true, keepScroll: true });
  };
  return (
    <Page
      title={t('report.title')}
      wide
      actions={
        <div class="action-pair no-print">
          <Button variant="primary" onClick={() => window.print()} data-testid="print">
            {t('report.print')}
          </Button>
          <a class="btn btn-secondary" href={coveragePath(pid, date ? { from: date, to: date, readiness: [] } : undefined)}>
            {date ? t('report.toCoverageDay') : t('report.toCoverage')}
          </a>
        </div>
      }
    >
      <div class="report-controls no-print">
        <div class="field">
          <label class="field-label" for="report-date">
            {t('report.chooseDate')}
          </label>
          <input id="report-date" name="date" class="input" type="date" value={date ?? ''} onChange={pick} />
        </div>
        {date ? (
          <div class="report-steps">
            <a class="btn btn-secondary btn-small" href={reportPath(pid, addDays(date, -1))} aria-label={t('report.prevDayNamed', { date: formatDayShort(addDays(date, -1)) })}>
              {t('report.prevDay')}
            </a>
            <a class="btn btn-secondary btn-small" href={reportPath(pid, addDays(date, 1))} aria-label={t('report.nextDayNamed', { date: formatDayShort(addDays(date, 1)) })}>
              {t('report.nextDay')}
            </a>
          </div>
        ) : null}
      </div>
      {data.state === 'error' ? <LoadError problem={data.problem} onRetry={reload} prefix={t('coverage.loadError')} /> : null}
      {ok && production && date ? (
        <Report production={production} date={date} scenes={byCallTime(ok.scenes)} summary={ok.summary} generatedAt={ok.generatedAt} />
      ) : data.state !== 'error' ? (
        <SkeletonRows count={3} />
      ) : null}
    </Page>
  );
}
