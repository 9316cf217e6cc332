// The check-ins and debriefs of a scene, on the scene screen. Coordinators
// see open check-ins live with every answer, earlier ones with their outcome,
// and the scene's debriefs with a way to schedule one; producers see outcomes,
// counts and debrief dates only (the server sends them no answers: rule 10).
import { useEffect } from 'preact/hooks';
import { t } from '../i18n';
import type { Role, Scene } from '../api/types';
import { SkeletonRows } from '../shared/ui';
import { LoadError } from '../shared/widgets';
import { useLoad } from '../shared/useLoad';
import { useRefresh } from '../shared/useRefresh';
import { scenePath } from '../scenes/data';
import { boardOrder, isOpen } from '../checkins/model';
import { listSceneCheckins } from '../checkins/data';
import { streamFor } from '../checkins/stream';
import { loadSceneDebriefs } from '../debriefs/data';
import { DebriefList } from '../debriefs/Debriefs';
import { formatDateTime } from '../i18n';
import { CheckinCard, CheckinHistoryRow } from './CheckinBoard';

const HISTORY = 5;

/** A scene's check-ins. */
export function SceneCheckins(p: { productionId: string; scene: Scene; role: Role; timeZone?: string }) {
  const [data, reload] = useLoad(() => listSceneCheckins(p.scene.id), [p.scene.id]);
  useRefresh(reload, 15_000);
  const coordinator = p.role === 'coordinator';
  // Coordinators see a check-in requested for this scene (from any device) at once.
  useEffect(() => {
    if (!coordinator) return;
    return streamFor(p.productionId).listen(
      (e) => ((e.type === 'checkin.requested' && e.data.sceneId === p.scene.id) || e.type === 'stream.open') && reload(),
    );
  }, [coordinator, p.productionId, p.scene.id]);
  const now = Date.now();
  const ordered = data.state === 'ok' ? boardOrder(data.data, now) : [];
  const open = ordered.filter((c) => isOpen(c, now));
  const closed = ordered.filter((c) => !isOpen(c, now)).slice(0, HISTORY);
  return (
    <section class="section" aria-labelledby="checkins-heading">
      <h2 id="checkins-heading" class="section-title">
        {t('hub.checkins')}
      </h2>
      {data.state === 'loading' ? <SkeletonRows count={1} /> : null}
      {data.state === 'error' ? <LoadError problem={data.problem} onRetry={reload} /> : null}
      {data.state === 'ok' && ordered.length === 0 ? <p class="muted">{t('hub.noCheckins')}</p> : null}
      {!coordinator && ordered.length ? <p class="muted">{t('hub.checkinCountsHint')}</p> : null}
      {open.length ? (
        <div class="stack">
          {open.map((c) => (
            <CheckinCard key={c.id} checkin={c} productionId={p.productionId} timeZone={p.timeZone} detail={coordinator} link={coordinator} />
          ))}
        </div>
      ) : null}
      {closed.length ? (
        <>
          <h3 class="subsection-title">{t('hub.earlierCheckins')}</h3>
          <ul class="list">
            {closed.map((c) => (
              <CheckinHistoryRow key={c.id} checkin={c} productionId={p.productionId} timeZone={p.timeZone} link={coordinator} />
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

/** A scene's debriefs. */
export function SceneDebriefs(p: { productionId: string; scene: Scene; role: Role; timeZone?: string }) {
  const [data, reload] = useLoad(() => loadSceneDebriefs(p.productionId, p.scene.id), [p.productionId, p.scene.id]);
  const coordinator = p.role === 'coordinator';
  return (
    <section class="section" aria-labelledby="debriefs-heading">
      <h2 id="debriefs-heading" class="section-title">
        {t('hub.debriefs')}
      </h2>
      {data.state === 'loading' ? <SkeletonRows count={1} /> : null}
      {data.state === 'error' ? <LoadError problem={data.problem} onRetry={reload} /> : null}
      {data.state === 'ok' && data.data.length === 0 ? <p class="muted">{t('hub.noDebriefs')}</p> : null}
      {data.state === 'ok' && data.data.length ? (
        <DebriefList
          listLabel={t('hub.debriefs')}
          debriefs={data.data}
          productionId={() => p.productionId}
          label={(d) => t('debrief.on', { when: formatDateTime(d.scheduledAt, p.timeZone) })}
          dated
          timeZone={() => p.timeZone}
        />
      ) : null}
      {coordinator ? (
        <a class="btn btn-secondary section-button" href={scenePath(p.productionId, p.scene.id, 'debriefs', 'new')}>
          {t('debrief.scheduleOne')}
        </a>
      ) : null}
    </section>
  );
}
