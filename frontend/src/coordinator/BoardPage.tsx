// The Board tab (coordinators): live check-ins first (every answer as it
// arrives, who has not answered), the latest earlier ones, then every scene
// of the production with its consent counts per state, the scenes assigned
// to the coordinator first.
import { t } from '../i18n';
import type { Me } from '../api/types';
import { Page, SkeletonRows } from '../shared/ui';
import { LoadError } from '../shared/widgets';
import { useLoad } from '../shared/useLoad';
import { formatWhen } from '../shared/time';
import { ZoneNote } from '../shared/zone';
import { ConsentCounts } from '../scenes/Counts';
import { loadSceneRows, scenePath, useProduction, type SceneRow } from '../scenes/data';
import { boardOrder, isOpen } from '../checkins/model';
import { loadProductionCheckins } from '../checkins/data';
import { CheckinCard, CheckinHistoryRow } from './CheckinBoard';
import { useRefresh } from '../shared/useRefresh';
import { streamFor } from '../checkins/stream';
import { useEffect } from 'preact/hooks';
import { coveragePath } from '../producer/data';

/** Open check-ins across the production (live), then the latest closed ones. */
function BoardCheckins(p: { productionId: string; timeZone?: string }) {
  const [data, reload] = useLoad(() => loadProductionCheckins(p.productionId), [p.productionId]);
  useRefresh(reload, 15_000);
  // A check-in requested anywhere in the production shows up at once.
  useEffect(
    () => streamFor(p.productionId).listen((e) => (e.type === 'checkin.requested' || e.type === 'stream.open') && reload()),
    [p.productionId],
  );
  const now = Date.now();
  const items = data.state === 'ok' ? data.data : [];
  const ordered = boardOrder(
    items.map((x) => ({ ...x, open: x.checkin.open, expiresAt: x.checkin.expiresAt, requestedAt: x.checkin.requestedAt })),
    now,
  );
  const open = ordered.filter((x) => isOpen(x.checkin, now));
  // The five latest closed ones, the most serious of them first.
  const latest = ordered
    .filter((x) => !isOpen(x.checkin, now))
    .sort((a, b) => Date.parse(b.requestedAt) - Date.parse(a.requestedAt))
    .slice(0, 5);
  const recent = boardOrder(latest, now);
  return (
    <section class="section" aria-labelledby="board-checkins">
      <h2 id="board-checkins" class="section-title">
        {t('board.checkins')}
      </h2>
      {data.state === 'loading' ? <SkeletonRows count={1} /> : null}
      {data.state === 'error' ? <LoadError problem={data.problem} onRetry={reload} /> : null}
      {data.state === 'ok' && open.length === 0 ? <p class="muted">{t('board.noOpenCheckins')}</p> : null}
      {open.length ? (
        <div class="stack">
          {open.map(({ checkin, scene }) => (
            <CheckinCard key={checkin.id} checkin={checkin} scene={scene} productionId={p.productionId} timeZone={p.timeZone} detail link />
          ))}
        </div>
      ) : null}
      {recent.length ? (
        <>
          <h3 class="subsection-title">{t('board.recentCheckins')}</h3>
          <ul class="list">
            {recent.map(({ checkin, scene }) => (
              <CheckinHistoryRow key={checkin.id} checkin={checkin} scene={scene} productionId={p.productionId} timeZone={p.timeZone} link />
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function BoardList(p: { rows: SceneRow[]; productionId: string; timeZone: string | null; label: string }) {
  return (
    <ul class="list" aria-label={p.label}>
      {p.rows.map(({ scene, counts }) => (
        <li key={scene.id}>
          <a class="list-row list-link" href={scenePath(p.productionId, scene.id)} data-testid="board-row">
            <span class="list-main">
              <span class="list-title">
                <span class="scene-number">{scene.number}</span> {scene.title}
              </span>
              <span class="list-sub">{p.timeZone ? formatWhen(scene.callTime, p.timeZone) : t('common.loading')}</span>
              <span class="list-sub-block">
                <ConsentCounts counts={counts} published={scene.currentVersion !== null} />
              </span>
            </span>
          </a>
        </li>
      ))}
    </ul>
  );
}

/** The consent board across the production's scenes. */
export function BoardPage(props: { productionId: string; me: Me }) {
  const production = useProduction(props.productionId);
  const [rows, reload] = useLoad(() => loadSceneRows(props.productionId), [props.productionId]);
  const tz = production?.timezone ?? null;
  const mine = rows.state === 'ok' ? rows.data.filter((r) => r.scene.coordinatorId === props.me.id) : [];
  const others = rows.state === 'ok' ? rows.data.filter((r) => r.scene.coordinatorId !== props.me.id) : [];
  return (
    <Page title={t('board.title')}>
      <ZoneNote zone={tz} />
      <p class="board-coverage">
        <a href={coveragePath(props.productionId)} data-testid="coverage-link">
          {t('board.coverageLink')}
        </a>
      </p>
      <BoardCheckins productionId={props.productionId} timeZone={tz ?? undefined} />
      <h2 class="section-title section-spaced">{t('board.consent')}</h2>
      {rows.state === 'loading' ? <SkeletonRows count={3} /> : null}
      {rows.state === 'error' ? <LoadError problem={rows.problem} onRetry={reload} /> : null}
      {rows.state === 'ok' && rows.data.length === 0 ? <p class="muted">{t('scenes.empty')}</p> : null}
      {mine.length ? (
        <section class="section" aria-labelledby="board-mine">
          <h3 id="board-mine" class="subsection-title">
            {t('board.mine')}
          </h3>
          <BoardList rows={mine} productionId={props.productionId} timeZone={tz} label={t('board.mine')} />
        </section>
      ) : null}
      {others.length ? (
        <section class="section" aria-labelledby="board-others">
          <h3 id="board-others" class="subsection-title">
            {mine.length ? t('board.others') : t('board.all')}
          </h3>
          <BoardList rows={others} productionId={props.productionId} timeZone={tz} label={mine.length ? t('board.others') : t('board.all')} />
        </section>
      ) : null}
    </Page>
  );
}
