// A scene for coordinators and producers. Coordinators see the consent board
// (states, notes, after-photography withdrawals), the current choreography
// with the server's flags, cast, riders, and boundaries with their conflicts.
// Producers see status, counts and dates only: never notes, flags or
// boundaries, and never who said what (rule 10) — consent as counts from
// consents/summary, with a hint that the coordinator is the one to ask.
import { t, tn, formatDateTime } from '../i18n';
import { api } from '../api/client';
import { call, type Result } from '../api/problem';
import type { Choreography, ChoreographyVersionSummary, Consent, CoverageScene, Member, Rider, Role, Scene, SceneBoundaries } from '../api/types';
import { loadCoverage } from '../producer/data';
import { riderBadge } from '../producer/readiness';
import { SceneBanner } from './SceneBanner';
import { coverageDays, mainAction, warningCount } from './sceneState';
import { FormMessage, Page } from '../shared/ui';
import { Mark, StateBadgeView, pendingPage } from '../shared/widgets';
import { Detail, SceneDetails } from '../shared/details';
import { useLoad } from '../shared/useLoad';
import { consentBadge } from '../scenes/consent';
import { ConsentCounts } from '../scenes/Counts';
import { countStates } from '../scenes/consent';
import type { ConsentCounts as Counts } from '../api/types';
import { sceneHeading, scenePath, useProduction } from '../scenes/data';
import { areaLabel, boundaryKindLabel, nudityLabel, statusLabel, tagLabel } from '../scenes/labels';
import { RiderStatus } from '../scenes/RiderTerms';
import { StepList } from '../scenes/Steps';
import { SceneCheckins, SceneDebriefs } from './SceneCheckins';
import { riderDrafted } from '../scenes/riders';

interface HubData {
  scene: Scene;
  members: Member[];
  /** Each cast member's consent (coordinators only). */
  consents: Consent[] | null;
  /** The counts per state against the current version (null when not known). */
  counts: Counts | null;
  current: Choreography | null;
  boundaries: SceneBoundaries[] | null;
  riders: Record<string, Rider | null>;
  versions: ChoreographyVersionSummary[];
  /** The scene's readiness and reasons, from coverage (null when not known). */
  readiness: CoverageScene | null;
}

async function loadHub(productionId: string, sceneId: string, role: Role): Promise<Result<HubData>> {
  const path = { params: { path: { sceneId } } };
  const scene = await call(api.GET('/api/v1/scenes/{sceneId}', path));
  if (!scene.ok) return scene;
  const coordinator = role === 'coordinator';
  const days = coverageDays(scene.data.callTime);
  const [members, consents, current, boundaries, riders, versions, coverage] = await Promise.all([
    call(api.GET('/api/v1/productions/{productionId}/members', { params: { path: { productionId } } })),
    // Producers never read who decided what: only the counts (rule 10).
    coordinator ? call(api.GET('/api/v1/scenes/{sceneId}/consents', path)) : call(api.GET('/api/v1/scenes/{sceneId}/consents/summary', path)),
    scene.data.currentVersion === null ? Promise.resolve(null) : call(api.GET('/api/v1/scenes/{sceneId}/choreography', path)),
    coordinator ? call(api.GET('/api/v1/scenes/{sceneId}/boundaries', path)) : Promise.resolve(null),
    coordinator
      ? Promise.all(
          scene.data.cast.map(async (c) => {
            if (!riderDrafted(scene.data, c.userId)) return [c.userId, null] as const;
            const r = await call(api.GET('/api/v1/scenes/{sceneId}/riders/{userId}', { params: { path: { sceneId, userId: c.userId } } }));
            return [c.userId, r.ok ? r.data : null] as const;
          }),
        )
      : Promise.resolve([]),
    scene.data.currentVersion === null ? Promise.resolve(null) : call(api.GET('/api/v1/scenes/{sceneId}/choreography/versions', path)),
    // Readiness is the server's: coverage around the call date, this scene's row.
    days ? loadCoverage(productionId, days) : Promise.resolve(null),
  ]);
  return {
    ok: true,
    data: {
      scene: scene.data,
      members: members.ok ? members.data : [],
      consents: coordinator && consents.ok ? (consents.data as Consent[]) : null,
      counts: !consents.ok ? null : coordinator ? countStates(consents.data as Consent[]) : (consents.data as Counts),
      current: current && current.ok ? current.data : null,
      boundaries: boundaries && boundaries.ok ? boundaries.data : null,
      riders: Object.fromEntries(riders),
      versions: versions && versions.ok ? versions.data : [],
      readiness: coverage && coverage.ok ? (coverage.data.scenes.find((x) => x.sceneId === sceneId) ?? null) : null,
    },
  };
}

function ConsentBoard(p: { consents: Consent[]; timeZone?: string }) {
  return (
    <ul class="list" aria-labelledby="consent-heading">
      {p.consents.map((c) => (
        <li key={c.userId} class="list-row board-row" data-testid="consent-row">
          <span class="list-main">
            <span class="list-title">{c.displayName}</span>
            <span class="list-sub">
              {c.version !== null && c.decidedAt
                ? t('board.decidedOn', { version: c.version, when: formatDateTime(c.decidedAt, p.timeZone) })
                : t('board.notDecided')}
            </span>
            {c.postPhotography ? (
              <span class="list-sub-block">
                <Mark tone="warning">{t('board.postPhotography')}</Mark>
              </span>
            ) : null}
            {c.note ? <span class="list-note">{t('board.note', { note: c.note })}</span> : null}
          </span>
          <StateBadgeView badge={consentBadge(c.state)} />
        </li>
      ))}
    </ul>
  );
}

function BoundariesSection(p: { entries: SceneBoundaries[]; scene: Scene }) {
  const withAny = p.entries.filter((e) => e.boundaries.length || e.conflicts.length);
  if (withAny.length === 0) return <p class="muted">{t('hub.noBoundaries')}</p>;
  return (
    <ul class="plain-list stack">
      {withAny.map((e) => (
        <li key={e.userId} class="card" data-testid="boundary-entry">
          <h3 class="card-title">{e.displayName}</h3>
          {e.conflicts.length ? (
            <ul class="plain-list">
              {e.conflicts.map((c, i) => (
                <li key={i}>
                  <Mark tone="warning">{t('hub.conflictAt', { n: c.step })}</Mark> {c.detail}
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">{t('hub.noConflicts')}</p>
          )}
          <ul class="plain-list">
            {e.boundaries.map((b) => (
              <li key={b.id}>
                <span class="list-title">{boundaryKindLabel(b.kind)}</span>{' '}
                {b.kind === 'no_contact'
                  ? b.areas.map(areaLabel).join(', ')
                  : b.kind === 'max_nudity'
                    ? nudityLabel(b.maxNudity ?? 'none')
                    : b.note}
                <span class="muted">
                  {' · '}
                  {b.sceneId ? t('boundary.forScene', { number: p.scene.number }) : t('boundary.wholeProduction')}
                </span>
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}

/** The scene screen for coordinators and producers. */
export function SceneHub(props: { productionId: string; sceneId: string; role: Role; published: string | null; debrief?: string | null }) {
  const production = useProduction(props.productionId);
  const [data, reload] = useLoad(() => loadHub(props.productionId, props.sceneId, props.role), [props.sceneId, props.role]);
  if (data.state !== 'ok') return pendingPage({ load: data, title: t(data.state === 'loading' ? 'common.loading' : 'scene.loadError'), rows: 5, onRetry: reload });
  const { scene, members, consents, counts, current, boundaries, riders, versions, readiness } = data.data;
  const coordinator = props.role === 'coordinator';
  const tz = production?.timezone;
  const coordinatorName = members.find((m) => m.userId === scene.coordinatorId)?.displayName;
  const link = (...rest: string[]) => scenePath(props.productionId, scene.id, ...rest);
  const warnings = coordinator ? warningCount(current?.flags ?? [], boundaries) : 0;
  const main = mainAction({ currentVersion: scene.currentVersion, status: scene.status, readiness: readiness?.readiness ?? null, reasons: readiness?.reasons ?? [] });

  return (
    <Page
      title={sceneHeading(scene)}
      actions={
        coordinator ? (
          <div class="action-pair">
            <a class="btn btn-secondary" href={link('checkins', 'new')}>
              {t('checkin.request')}
            </a>
            {main === 'scheduleDebrief' ? (
              <a class="btn btn-primary" href={link('debriefs', 'new')}>
                {t('hub.scheduleDebrief')}
              </a>
            ) : (
              <a class="btn btn-primary" href={link('choreography')}>
                {main === 'writeFirst' ? t('hub.writeFirst') : t('hub.writeRevision')}
              </a>
            )}
          </div>
        ) : undefined
      }
    >
      {props.published && current && String(current.version) === props.published ? (
        <FormMessage tone="success" message={t('hub.published', { version: current.version })} />
      ) : null}
      {props.debrief === 'scheduled' ? <FormMessage tone="success" message={t('debrief.scheduledDone')} /> : null}
      <SceneBanner row={readiness} noticeHours={production?.noticeHours ?? null} warnings={warnings} warningsAt={current?.flags?.length ? '#choreo-heading' : '#bounds-heading'} />
      <section class="section" aria-labelledby="details-heading">
        <h2 id="details-heading" class="section-title">
          {t('production.details')}
        </h2>
        <SceneDetails scene={scene} timeZone={tz}>
          <Detail label={t('sceneForm.status')}>{statusLabel(scene.status)}</Detail>
          <Detail label={t('sceneForm.coordinator')}>{coordinatorName ?? t('sceneForm.noCoordinator')}</Detail>
          <Detail label={t('sceneForm.tags')} block>{scene.contentTags.length ? scene.contentTags.map(tagLabel).join(', ') : t('step.none')}</Detail>
          <Detail label={t('sceneForm.roster')} block>{scene.closedSet.roster.length ? scene.closedSet.roster.join(', ') : t('step.none')}</Detail>
        </SceneDetails>
        <a class="btn btn-secondary section-button" href={link('edit')}>
          {t('hub.editScene')}
        </a>
      </section>

      <SceneCheckins productionId={props.productionId} scene={scene} role={props.role} timeZone={tz} />

      <section class="section" aria-labelledby="consent-heading">
        <h2 id="consent-heading" class="section-title">
          {t('hub.consent')}
        </h2>
        {coordinator && consents ? (
          consents.length ? <ConsentBoard consents={consents} timeZone={tz} /> : <p class="muted">{t('board.noCast')}</p>
        ) : (
          <>
            <ConsentCounts counts={counts} published={scene.currentVersion !== null} />
            {coordinator ? null : <p class="muted counts-hint">{t('hub.countsHint')}</p>}
          </>
        )}
      </section>

      <section class="section" aria-labelledby="choreo-heading">
        <h2 id="choreo-heading" class="section-title">
          {current ? t('choreo.currentTitle', { version: current.version }) : t('choreo.title')}
        </h2>
        {current ? (
          <>
            {current.summary ? <p>{current.summary}</p> : null}
            <p class="muted">{t('choreo.published', { when: formatDateTime(current.publishedAt, tz) })}</p>
            {coordinator ? (
              <>
                {current.flags?.length ? (
                  <p>
                    <Mark tone="warning">{t('hub.flagCount', { count: current.flags.length })}</Mark>
                  </p>
                ) : warnings ? null : (
                  <p class="muted">{t('hub.noFlags')}</p>
                )}
                <StepList steps={current.steps} scene={scene} flags={current.flags ?? []} />
              </>
            ) : (
              <p class="muted">{tn(current.steps.length, { one: 'hub.stepCount.one', other: 'hub.stepCount' })}</p>
            )}
          </>
        ) : (
          <p class="muted">{t('choreo.none')}</p>
        )}
      </section>

      {versions.length > 1 ? (
        <section class="section" aria-labelledby="history-heading">
          <h2 id="history-heading" class="section-title">
            {t('hub.history')}
          </h2>
          <ol class="plain-list history">
            {[...versions].reverse().map((v) => (
              <li key={v.version} class="history-row">
                <span class="list-title">{t('scene.versionLabel', { version: v.version })}</span>{' '}
                <span class="muted">{formatDateTime(v.publishedAt, tz)}</span>
                {v.summary ? <span class="list-sub-text history-summary">{v.summary}</span> : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      <section class="section" aria-labelledby="cast-heading">
        <h2 id="cast-heading" class="section-title">
          {t('cast.current')}
        </h2>
        {scene.cast.length === 0 ? <p class="muted">{t('cast.empty')}</p> : null}
        <ul class="list">
          {scene.cast.map((c) => {
            const rider = riders[c.userId];
            return (
              <li key={c.userId} class="list-row" data-testid="hub-cast">
                <span class="list-main">
                  <span class="list-title">{c.displayName}</span>
                  <span class="list-sub">{t('cast.as', { character: c.characterName })}</span>
                  {coordinator ? (
                    <span class="list-sub-block">
                      {rider ? <RiderStatus rider={rider} timeZone={tz} /> : <span class="muted">{t('rider.noneYet')}</span>}
                    </span>
                  ) : c.rider && c.rider !== 'not_required' ? (
                    // Producers see where each rider stands (a contract), from the scene read: no request per person.
                    <span class="list-sub-block" data-testid="hub-rider-state">
                      <StateBadgeView badge={riderBadge(c.rider)} />
                    </span>
                  ) : null}
                </span>
                {coordinator ? (
                  <a class="btn btn-secondary btn-small" href={link('riders', c.userId)} aria-label={t('hub.riderFor', { name: c.displayName })}>
                    {t('hub.rider')}
                  </a>
                ) : null}
              </li>
            );
          })}
        </ul>
        <a class="btn btn-secondary section-button" href={link('cast')}>
          {t('hub.manageCast')}
        </a>
      </section>

      <SceneDebriefs productionId={props.productionId} scene={scene} role={props.role} timeZone={tz} />

      {coordinator ? (
        <section class="section" aria-labelledby="bounds-heading">
          <h2 id="bounds-heading" class="section-title">
            {t('hub.boundaries')}
          </h2>
          {boundaries ? <BoundariesSection entries={boundaries} scene={scene} /> : <p class="muted">{t('board.countsUnavailable')}</p>}
        </section>
      ) : null}
    </Page>
  );
}
