// The coverage dashboard (producers' Coverage tab; coordinators reach it from
// the production page and the Board): summary tiles that also filter by
// readiness, the next two weeks day by day, and every scene in call-time
// order with its readiness and reasons in plain sentences — a table on a
// laptop, cards on a phone. Filters live in the address; the CSV is fetched
// with the access token; the production's event stream keeps it live.
import { useRef, useState } from 'preact/hooks';
import { t, formatDateTime } from '../i18n';
import { problemMessage } from '../api/problem';
import type { CoverageScene, Production } from '../api/types';
import { Button, FormMessage, Page, SkeletonRows } from '../shared/ui';
import { LoadError } from '../shared/widgets';
import { useLoad } from '../shared/useLoad';
import { useNow } from '../shared/useNow';
import { useMedia } from '../shared/useMedia';
import { navigate } from '../shared/router';
import { relativeTime } from '../shared/time';
import { scenePath, useProduction } from '../scenes/data';
import { coveragePath, downloadCoverageCsv, loadDashboard, reportPath, type DashboardData } from './data';
import { dayStrip, formatDayShort, todayKey, STRIP_DAYS } from './days';
import { isFiltered, matchesFilters, parseFilters, selectedDay, toggleDay, toggleReadiness, withRange, NO_FILTERS, type CoverageFilters } from './filters';
import { byCallTime } from './readiness';
import { useLiveCoverage, type LiveStatus } from './live';
import { DayStrip, SceneCards, SceneTable, SummaryTiles, sceneCount } from './CoverageParts';

const LIVE_LABELS: Record<LiveStatus, 'coverage.live' | 'coverage.connecting' | 'coverage.reconnecting' | 'coverage.polling'> = {
  live: 'coverage.live',
  connecting: 'coverage.connecting',
  down: 'coverage.reconnecting',
  off: 'coverage.polling',
};

/** When the coverage was generated and whether it is live, with a Refresh button. */
function Freshness(p: { generatedAt: string | null; status: LiveStatus; timeZone: string | null; onRefresh: () => void }) {
  const now = useNow(30_000);
  const at = p.generatedAt ? Date.parse(p.generatedAt) : NaN;
  return (
    <div class="freshness">
      <p class="freshness-text" data-testid="freshness">
        <span class={`live-dot live-${p.status}`} aria-hidden="true" />
        <span role="status">{t(LIVE_LABELS[p.status])}</span>
        {p.generatedAt && !Number.isNaN(at) ? (
          <>
            {' · '}
            <time dateTime={p.generatedAt} title={formatDateTime(p.generatedAt, p.timeZone ?? undefined)}>
              {t('coverage.updated', { when: relativeTime(Math.min(at, now), now) })}
            </time>
          </>
        ) : null}
      </p>
      <Button variant="quiet" class="btn-small" onClick={p.onRefresh}>
        {t('coverage.refresh')}
      </Button>
    </div>
  );
}

/** The date range inputs (calendar dates in the production's zone). */
function DateFilters(p: { filters: CoverageFilters; onChange: (f: CoverageFilters) => void }) {
  const f = p.filters;
  const set = (which: 'from' | 'to') => (e: Event) => {
    const v = (e.currentTarget as HTMLInputElement).value || null;
    p.onChange(which === 'from' ? withRange(f, v, f.to) : withRange(f, f.from, v));
  };
  return (
    <div class="date-filters">
      <div class="field">
        <label class="field-label" for="cov-from">
          {t('coverage.from')}
        </label>
        <input id="cov-from" name="from" class="input" type="date" value={f.from ?? ''} max={f.to ?? undefined} onChange={set('from')} />
      </div>
      <div class="field">
        <label class="field-label" for="cov-to">
          {t('coverage.to')}
        </label>
        <input id="cov-to" name="to" class="input" type="date" value={f.to ?? ''} min={f.from ?? undefined} onChange={set('to')} />
      </div>
      {f.from || f.to ? (
        <Button variant="secondary" class="btn-small" onClick={() => p.onChange({ ...f, from: null, to: null })}>
          {t('coverage.allDates')}
        </Button>
      ) : null}
    </div>
  );
}

/** The actions at the bottom: the CSV of the date range shown, and the daily report. */
function Actions(p: { productionId: string; filters: CoverageFilters; reportDay: string | null }) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; tone: 'error' | 'success' } | null>(null);
  async function download() {
    setBusy(true);
    setMessage(null);
    const r = await downloadCoverageCsv(p.productionId, p.filters);
    setBusy(false);
    setMessage(r.ok ? { text: t('coverage.downloaded', { name: r.data }), tone: 'success' } : { text: problemMessage(r.problem), tone: 'error' });
  }
  return (
    <>
      <FormMessage message={message?.text} tone={message?.tone} />
      <div class="action-pair">
        <Button variant="secondary" onClick={download} busy={busy} aria-describedby="csv-hint">
          {busy ? t('coverage.downloading') : t('coverage.downloadCsv')}
        </Button>
        <a class="btn btn-secondary" href={reportPath(p.productionId, p.reportDay)} data-testid="report-link">
          {p.reportDay ? t('coverage.dailyReportFor', { date: formatDayShort(p.reportDay) }) : t('coverage.dailyReport')}
        </a>
      </div>
      <p id="csv-hint" class="visually-hidden">
        {t('coverage.csvHint')}
      </p>
    </>
  );
}

function rangeLabel(f: CoverageFilters): string {
  const day = selectedDay(f);
  if (day) return formatDayShort(day);
  if (f.from && f.to) return t('coverage.rangeBetween', { from: formatDayShort(f.from), to: formatDayShort(f.to) });
  if (f.from) return t('coverage.rangeFrom', { from: formatDayShort(f.from) });
  if (f.to) return t('coverage.rangeTo', { to: formatDayShort(f.to) });
  return t('coverage.rangeAll');
}

function Dashboard(p: { productionId: string; production: Production; data: DashboardData; filters: CoverageFilters; go: (f: CoverageFilters, replace?: boolean) => void }) {
  const { production, data, filters, go } = p;
  const tz = production.timezone;
  const now = useNow(60_000);
  const wide = useMedia('(min-width: 960px)');
  const today = todayKey(now, tz);
  const days = dayStrip(data.strip.scenes, tz, today, STRIP_DAYS);
  const all = byCallTime(data.coverage.scenes);
  const shown: CoverageScene[] = all.filter((s) => matchesFilters(filters, s));
  const ctx = { now, noticeHours: production.noticeHours };
  const scenes = { scenes: shown, productionId: p.productionId, timeZone: tz, ctx };
  return (
    <>
      <section class="section" aria-labelledby="cov-summary">
        <h2 id="cov-summary" class="section-title">
          {t('coverage.summary', { range: rangeLabel(filters), scenes: sceneCount(data.coverage.summary.scenes) })}
        </h2>
        <p id="tiles-hint" class="muted field-hint">
          {t('coverage.tilesHint')}
        </p>
        <SummaryTiles summary={data.coverage.summary} selected={filters.readiness} onToggle={(r) => go(toggleReadiness(filters, r))} />
      </section>

      <section class="section" aria-labelledby="cov-days">
        <h2 id="cov-days" class="section-title">
          {t('coverage.nextDays', { n: STRIP_DAYS })}
        </h2>
        <p id="days-hint" class="muted field-hint">
          {t('coverage.daysHint')}
        </p>
        <DayStrip days={days} today={today} selected={selectedDay(filters)} onPick={(d) => go(toggleDay(filters, d))} />
      </section>

      <section class="section" aria-labelledby="cov-scenes">
        <h2 id="cov-scenes" class="section-title">
          {t('coverage.scenes')}
        </h2>
        {production.role === 'producer' ? (
          <p class="muted field-hint" data-testid="counts-hint">
            {t('hub.countsHint')}
          </p>
        ) : null}
        <DateFilters filters={filters} onChange={(f) => go(f, true)} />
        <div class="filter-line">
          <p class="muted" role="status" data-testid="showing">
            {t('coverage.showing', { shown: shown.length, total: all.length })}
          </p>
          {isFiltered(filters) ? (
            <Button variant="quiet" class="btn-small" onClick={() => go(NO_FILTERS)}>
              {t('coverage.showAll')}
            </Button>
          ) : null}
        </div>
        {all.length === 0 && !isFiltered(filters) ? (
          <div class="empty">
            <h3 class="empty-title">{t('coverage.noScenes')}</h3>
            <p class="muted">{t('coverage.noScenesBody')}</p>
            <a class="btn btn-secondary btn-small" href={scenePath(p.productionId)}>
              {t('coverage.toScenes')}
            </a>
          </div>
        ) : shown.length === 0 ? (
          <p class="empty muted">{t('coverage.emptyFiltered')}</p>
        ) : wide ? (
          <SceneTable {...scenes} />
        ) : (
          <SceneCards {...scenes} />
        )}
      </section>
    </>
  );
}

/** The coverage dashboard of a production, for its producers and coordinators. */
export function CoveragePage(props: { productionId: string; query: URLSearchParams }) {
  const pid = props.productionId;
  const production = useProduction(pid);
  const filters = parseFilters(props.query);
  const [data, reload] = useLoad(() => loadDashboard(pid, filters, Date.now()), [pid, filters.from, filters.to]);
  const status = useLiveCoverage(pid, reload);
  const go = (f: CoverageFilters, replace = false) => navigate(coveragePath(pid, f), { replace, keepScroll: true });
  // While another date range loads, the last one stays on screen (no skeleton, no layout shift).
  const last = useRef<DashboardData | null>(null);
  if (data.state === 'ok') last.current = data.data;
  const ok = data.state === 'ok' ? data.data : data.state === 'loading' ? last.current : null;
  return (
    <Page
      title={t('coverage.title')}
      wide
      actions={<Actions productionId={pid} filters={filters} reportDay={selectedDay(filters)} />}
    >
      <div class="coverage-head">
        <p class="muted zone-note">{production ? t('scenes.zoneNote', { zone: production.timezone.replace(/_/g, ' ') }) : '\u00a0'}</p>
        <Freshness generatedAt={ok?.coverage.generatedAt ?? null} status={status} timeZone={production?.timezone ?? null} onRefresh={reload} />
      </div>
      {data.state === 'error' ? <LoadError problem={data.problem} onRetry={reload} prefix={t('coverage.loadError')} /> : null}
      {ok && production ? (
        <div aria-busy={data.state === 'loading' ? 'true' : undefined}>
          <Dashboard productionId={pid} production={production} data={ok} filters={filters} go={go} />
        </div>
      ) : data.state !== 'error' ? (
        <SkeletonRows count={4} label={t('common.loading')} />
      ) : null}
    </Page>
  );
}
