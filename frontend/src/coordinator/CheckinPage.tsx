// One check-in, live, for coordinators (what a check-in notification opens):
// the board of answers, a way back to the scene, and another check-in.
import { t } from '../i18n';
import { api } from '../api/client';
import { call, type Result } from '../api/problem';
import type { CheckIn, Scene } from '../api/types';
import { Page } from '../shared/ui';
import { pendingPage } from '../shared/widgets';
import { useLoad } from '../shared/useLoad';
import { sceneHeading, scenePath, useProduction } from '../scenes/data';
import { getCheckin } from '../checkins/feed';
import { ZoneNote } from '../shared/zone';
import { CheckinCard } from './CheckinBoard';

async function load(checkinId: string): Promise<Result<{ checkin: CheckIn; scene: Scene }>> {
  const c = await getCheckin(checkinId);
  if (!c.ok) return c;
  const scene = await call(api.GET('/api/v1/scenes/{sceneId}', { params: { path: { sceneId: c.data.sceneId } } }));
  if (!scene.ok) return scene;
  return { ok: true, data: { checkin: c.data, scene: scene.data } };
}

/** The live board of one check-in. */
export function CheckinPage(props: { productionId: string; checkinId: string }) {
  const production = useProduction(props.productionId);
  const [data, reload] = useLoad(() => load(props.checkinId), [props.checkinId]);
  if (data.state !== 'ok') {
    const notFound = data.state === 'error' && data.problem.status === 404;
    return pendingPage({ load: data, title: notFound ? t('common.notFoundTitle') : t('checkin.titlePlain'), rows: 4, onRetry: reload });
  }
  const { checkin, scene } = data.data;
  return (
    <Page
      title={t('checkin.title', { number: scene.number })}
      actions={
        <a class="btn btn-secondary" href={scenePath(props.productionId, scene.id, 'checkins', 'new')}>
          {t('checkin.requestAnother')}
        </a>
      }
    >
      <a class="back-link" href={scenePath(props.productionId, scene.id)}>
        {t('scene.open', { scene: sceneHeading(scene) })}
      </a>
      <ZoneNote zone={production?.timezone} />
      <CheckinCard checkin={checkin} productionId={props.productionId} timeZone={production?.timezone} detail />
    </Page>
  );
}
