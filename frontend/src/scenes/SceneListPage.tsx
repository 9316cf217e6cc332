// The Scenes tab: a performer's "My scenes" (next call time first, each with
// their own consent state), or every scene of the production for coordinators
// and producers (with consent counts; producers never see notes or flags).
// What this device saved shows at once; the network's answer replaces it. A
// performer's withdrawal waiting to send or being sent shows as such here too.
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import type { Me, Role } from '../api/types';
import { FormMessage, Page, SkeletonRows } from '../shared/ui';
import { LoadError, StateBadgeView } from '../shared/widgets';
import { useLoad } from '../shared/useLoad';
import { useStore } from '../shared/store';
import { deliveredAt, outboxState, pendingWithdrawal, type OutboxState } from '../offline/outbox';
import { readSaved } from '../offline/saved';
import { formatWhen, upcomingFirst } from '../shared/time';
import { ZoneNote } from '../shared/zone';
import { myConsentBadge } from './consent';
import { ConsentCounts } from './Counts';
import { loadSceneRows, scenePath, useProduction, type SceneRow } from './data';
import { tagLabel } from './labels';
import { riderDue, riderToSign } from './riders';

function Row(p: {
  row: SceneRow;
  productionId: string;
  role: Role;
  meId: string;
  timeZone: string | null;
  noticeHours: number | null;
  outbox: OutboxState;
  asOf: number;
}) {
  const { scene, consents, counts } = p.row;
  const mine = consents?.find((c) => c.userId === p.meId) ?? consents?.[0] ?? null;
  const myState = p.row.myState !== undefined ? p.row.myState : mine?.state;
  const delivered = deliveredAt(p.outbox, scene.id);
  return (
    <li>
      <a class="list-row list-link scene-row" href={scenePath(p.productionId, scene.id)} data-testid="scene-row">
        <span class="list-main">
          <span class="list-title">
            <span class="scene-number">{scene.number}</span> {scene.title}
          </span>
          <span class="list-sub">{p.timeZone ? formatWhen(scene.callTime, p.timeZone) : t('common.loading')}</span>
          {p.role === 'performer' && riderToSign(scene, p.meId) ? (
            <span class="list-sub" data-testid="rider-to-sign">
              {p.timeZone && p.noticeHours !== null
                ? t('scenes.riderToSignBy', { time: formatWhen(riderDue(scene.callTime, p.noticeHours), p.timeZone) })
                : t('home.need.signRiderNow')}
            </span>
          ) : null}
          {p.role === 'producer' && scene.contentTags.length ? (
            <span class="list-sub">{scene.contentTags.map(tagLabel).join(', ')}</span>
          ) : null}
          {p.role !== 'performer' ? (
            <span class="list-sub-block">
              <ConsentCounts counts={counts} published={scene.currentVersion !== null} />
            </span>
          ) : null}
        </span>
        {p.role === 'performer' ? (
          <StateBadgeView
            badge={myConsentBadge({
              state: myState,
              published: scene.currentVersion !== null,
              pending: pendingWithdrawal(p.outbox, p.meId, scene.id),
              withdrawnSince: delivered !== null && p.asOf < delivered,
            })}
          />
        ) : null}
      </a>
    </li>
  );
}

/** The scene list of a production, shaped by the viewer's role. */
export function SceneListPage(props: { productionId: string; role: Role; me: Me }) {
  const production = useProduction(props.productionId);
  const [rows, reload] = useLoad(() => loadSceneRows(props.productionId), [props.productionId], {
    saved: () => readSaved((client) => loadSceneRows(props.productionId, client)),
  });
  const outbox = useStore(outboxState);
  // A withdrawal delivered while the list is shown (back online): say so, and load it again.
  const deliveries = outbox.delivered.length ? outbox.delivered[outbox.delivered.length - 1]!.at : 0;
  const seenDeliveries = useRef(deliveries);
  const [told, setTold] = useState(false);
  useEffect(() => {
    if (deliveries === seenDeliveries.current) return;
    seenDeliveries.current = deliveries;
    if (performer) setTold(true);
    reload();
  }, [deliveries]);
  const asOf = rows.state === 'ok' ? rows.asOf : 0;
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
      {canCreate ? (
        // issue 13 A: the production's page (details, members, invites) is reached from its scenes.
        <a class="production-link" href={`/productions/${encodeURIComponent(props.productionId)}`} data-testid="production-link">
          {t('scenes.productionLink')}
        </a>
      ) : null}
      <ZoneNote zone={tz} />
      {told ? <FormMessage tone="success" message={t('withdraw.delivered')} /> : null}
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
            <Row key={r.scene.id} row={r} productionId={props.productionId} role={props.role} meId={props.me.id} timeZone={tz} noticeHours={production?.noticeHours ?? null} outbox={outbox} asOf={asOf} />
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
              <Row key={r.scene.id} row={r} productionId={props.productionId} role={props.role} meId={props.me.id} timeZone={tz} noticeHours={production?.noticeHours ?? null} outbox={outbox} asOf={asOf} />
            ))}
          </ul>
        </section>
      ) : null}
    </Page>
  );
}
