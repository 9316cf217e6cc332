// The Scenes tab: a performer's "My scenes" (next call time first, each with
// their own consent state), or every scene of the production for coordinators
// and producers (with consent counts; producers never see notes or flags).
import { t } from '../i18n';
import type { Me, Role } from '../api/types';
import { Page, SkeletonRows } from '../shared/ui';
import { LoadError, StateBadgeView } from '../shared/widgets';
import { useLoad } from '../shared/useLoad';
import { formatCallTime, upcomingFirst } from '../shared/time';
import { consentBadge } from './consent';
import { ConsentCounts } from './Counts';
import { loadSceneRows, scenePath, useProduction, type SceneRow } from './data';
import { tagLabel } from './labels';

function Row(p: { row: SceneRow; productionId: string; role: Role; meId: string; timeZone: string | null }) {
  const { scene, consents } = p.row;
  const mine = consents?.find((c) => c.userId === p.meId) ?? consents?.[0] ?? null;
  return (
    <li>
      <a class="list-row list-link scene-row" href={scenePath(p.productionId, scene.id)} data-testid="scene-row">
        <span class="list-main">
          <span class="list-title">
            <span class="scene-number">{scene.number}</span> {scene.title}
          </span>
          <span class="list-sub">{p.timeZone ? formatCallTime(scene.callTime, p.timeZone) : t('common.loading')}</span>
          {p.role === 'producer' && scene.contentTags.length ? (
            <span class="list-sub">{scene.contentTags.map(tagLabel).join(', ')}</span>
          ) : null}
          {p.role !== 'performer' ? (
            <span class="list-sub-block">
              <ConsentCounts consents={consents} published={scene.currentVersion !== null} />
            </span>
          ) : null}
        </span>
        {p.role === 'performer' ? (
          <StateBadgeView badge={scene.currentVersion === null ? consentBadge(null) : consentBadge(mine?.state ?? 'pending')} />
        ) : null}
      </a>
    </li>
  );
}

/** The scene list of a production, shaped by the viewer's role. */
export function SceneListPage(props: { productionId: string; role: Role; me: Me }) {
  const production = useProduction(props.productionId);
  const [rows, reload] = useLoad(() => loadSceneRows(props.productionId), [props.productionId]);
  const performer = props.role === 'performer';
  const canCreate = props.role === 'coordinator' || props.role === 'producer';
  const tz = production?.timezone ?? null;
  const now = Date.now();
  const sorted = rows.state === 'ok' ? (performer ? upcomingFirst(rows.data.map((r) => ({ ...r, callTime: r.scene.callTime })), now) : rows.data) : [];
  const upcoming = sorted.filter((r) => !performer || new Date(r.scene.callTime).getTime() >= now);
  const past = performer ? sorted.filter((r) => new Date(r.scene.callTime).getTime() < now) : [];

  return (
    <Page
      title={performer ? t('scenes.mine') : t('scenes.title')}
      actions={
        canCreate ? (
          <a class="btn btn-primary" href={`${scenePath(props.productionId)}/new`}>
            {t('scenes.create')}
          </a>
        ) : undefined
      }
    >
      {tz ? <p class="muted zone-note">{t('scenes.zoneNote', { zone: tz.replace(/_/g, ' ') })}</p> : <p class="muted zone-note">{'\u00a0'}</p>}
      {rows.state === 'loading' ? <SkeletonRows count={3} /> : null}
      {rows.state === 'error' ? <LoadError problem={rows.problem} onRetry={reload} prefix={t('scenes.loadError')} /> : null}
      {rows.state === 'ok' && rows.data.length === 0 ? (
        <div class="empty">
          <h2 class="empty-title">{performer ? t('scenes.emptyMine') : t('scenes.empty')}</h2>
          <p class="muted">{performer ? t('scenes.emptyMineBody') : t('scenes.emptyBody')}</p>
        </div>
      ) : null}
      {upcoming.length ? (
        <ul class="list" aria-label={performer ? t('scenes.upcoming') : t('scenes.title')}>
          {upcoming.map((r) => (
            <Row key={r.scene.id} row={r} productionId={props.productionId} role={props.role} meId={props.me.id} timeZone={tz} />
          ))}
        </ul>
      ) : null}
      {past.length ? (
        <section class="section section-spaced" aria-labelledby="past-heading">
          <h2 id="past-heading" class="section-title">
            {t('scenes.past')}
          </h2>
          <ul class="list">
            {past.map((r) => (
              <Row key={r.scene.id} row={r} productionId={props.productionId} role={props.role} meId={props.me.id} timeZone={tz} />
            ))}
          </ul>
        </section>
      ) : null}
    </Page>
  );
}
