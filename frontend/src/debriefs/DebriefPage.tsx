// A debrief for the people taking part (and producers): when, where, who,
// its status, and "Add to calendar" while it is scheduled. Never the notes.
import { t } from '../i18n';
import { api } from '../api/client';
import { call, type Result } from '../api/problem';
import type { Debrief, Scene } from '../api/types';
import { Page } from '../shared/ui';
import { pendingPage } from '../shared/widgets';
import { useLoad } from '../shared/useLoad';
import { sceneHeading, scenePath, useProduction } from '../scenes/data';
import { getDebrief } from './data';
import { CalendarButton, DebriefFacts } from './Debriefs';

async function load(debriefId: string): Promise<Result<{ debrief: Debrief; scene: Scene | null }>> {
  const d = await getDebrief(debriefId);
  if (!d.ok) return d;
  const scene = await call(api.GET('/api/v1/scenes/{sceneId}', { params: { path: { sceneId: d.data.sceneId } } }));
  return { ok: true, data: { debrief: d.data, scene: scene.ok ? scene.data : null } };
}

/** One debrief, read only. */
export function DebriefPage(props: { productionId: string; debriefId: string }) {
  const production = useProduction(props.productionId);
  const [data, reload] = useLoad(() => load(props.debriefId), [props.debriefId]);
  if (data.state !== 'ok') {
    const notFound = data.state === 'error' && data.problem.status === 404;
    return pendingPage({ load: data, title: notFound ? t('common.notFoundTitle') : t('debrief.titlePlain'), rows: 4, onRetry: reload });
  }
  const { debrief, scene } = data.data;
  return (
    <Page
      title={scene ? t('debrief.title', { scene: sceneHeading(scene) }) : t('debrief.titlePlain')}
      actions={debrief.status === 'scheduled' ? <CalendarButton debrief={debrief} /> : undefined}
    >
      {scene ? (
        <a class="back-link" href={scenePath(props.productionId, scene.id)}>
          {t('scene.open', { scene: sceneHeading(scene) })}
        </a>
      ) : null}
      <DebriefFacts debrief={debrief} timeZone={production?.timezone} />
    </Page>
  );
}
