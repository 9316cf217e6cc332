// The Board tab (coordinators): every scene of the production with its
// consent counts per state, the scenes assigned to the coordinator first.
import { t } from '../i18n';
import type { Me } from '../api/types';
import { Page, SkeletonRows } from '../shared/ui';
import { LoadError } from '../shared/widgets';
import { useLoad } from '../shared/useLoad';
import { formatCallTime } from '../shared/time';
import { ConsentCounts } from '../scenes/Counts';
import { loadSceneRows, scenePath, useProduction, type SceneRow } from '../scenes/data';

function BoardList(p: { rows: SceneRow[]; productionId: string; timeZone: string | null; label: string }) {
  return (
    <ul class="list" aria-label={p.label}>
      {p.rows.map(({ scene, consents }) => (
        <li key={scene.id}>
          <a class="list-row list-link" href={scenePath(p.productionId, scene.id)} data-testid="board-row">
            <span class="list-main">
              <span class="list-title">
                <span class="scene-number">{scene.number}</span> {scene.title}
              </span>
              <span class="list-sub">{p.timeZone ? formatCallTime(scene.callTime, p.timeZone) : t('common.loading')}</span>
              <span class="list-sub-block">
                <ConsentCounts consents={consents} published={scene.currentVersion !== null} />
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
      {rows.state === 'loading' ? <SkeletonRows count={3} /> : null}
      {rows.state === 'error' ? <LoadError problem={rows.problem} onRetry={reload} /> : null}
      {rows.state === 'ok' && rows.data.length === 0 ? <p class="muted">{t('scenes.empty')}</p> : null}
      {mine.length ? (
        <section class="section" aria-labelledby="board-mine">
          <h2 id="board-mine" class="section-title">
            {t('board.mine')}
          </h2>
          <BoardList rows={mine} productionId={props.productionId} timeZone={tz} label={t('board.mine')} />
        </section>
      ) : null}
      {others.length ? (
        <section class="section" aria-labelledby="board-others">
          <h2 id="board-others" class="section-title">
            {mine.length ? t('board.others') : t('board.all')}
          </h2>
          <BoardList rows={others} productionId={props.productionId} timeZone={tz} label={mine.length ? t('board.others') : t('board.all')} />
        </section>
      ) : null}
    </Page>
  );
}
