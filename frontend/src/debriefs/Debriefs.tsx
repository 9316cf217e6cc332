// Pieces the debrief screens share: the "Add to calendar" button, a debrief's
// facts, and a list of debriefs.
import { useState } from 'preact/hooks';
import { t, formatDateTime } from '../i18n';
import { problemMessage } from '../api/problem';
import type { Debrief } from '../api/types';
import { Button, FormMessage } from '../shared/ui';
import { StateBadgeView } from '../shared/widgets';
import { Detail } from '../shared/details';
import { useLoad } from '../shared/useLoad';
import { zoneLabel } from '../shared/time';
import { debriefBadge, debriefPath, downloadCalendar, loadMySceneDebriefs, videoLink } from './data';

/** Downloads the debrief as a calendar file (fetched with the access token). */
export function CalendarButton(p: { debrief: Debrief; label?: string }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  async function go() {
    setBusy(true);
    setProblem(null);
    const r = await downloadCalendar(p.debrief.id);
    setBusy(false);
    if (!r.ok) setProblem(problemMessage(r.problem));
  }
  return (
    <div class="calendar-action">
      <Button variant="secondary" class="btn-small" onClick={go} busy={busy} aria-label={p.label}>
        {t('debrief.addToCalendar')}
      </Button>
      <FormMessage message={problem} />
    </div>
  );
}

/** Where a debrief takes place: a link when it is a video call. */
export function DebriefPlace(p: { location: string }) {
  const link = videoLink(p.location);
  return link ? (
    <a href={link} target="_blank" rel="noopener noreferrer">
      {t('debrief.videoLink')}
    </a>
  ) : (
    <>{p.location}</>
  );
}

/** A debrief's time, place, status and participants. */
export function DebriefFacts(p: { debrief: Debrief; timeZone?: string }) {
  const d = p.debrief;
  return (
    <dl class="details">
      <Detail label={t('debrief.when')}>{formatDateTime(d.scheduledAt, p.timeZone)}</Detail>
      {p.timeZone ? <Detail label={t('scene.timesIn')}>{zoneLabel(p.timeZone)}</Detail> : null}
      <Detail label={t('debrief.where')} wrap>
        <DebriefPlace location={d.location} />
      </Detail>
      <Detail label={t('debrief.status')}>
        <StateBadgeView badge={debriefBadge(d.status)} />
      </Detail>
      <Detail label={t('debrief.participants')} block>{d.participants.length ? d.participants.map((x) => x.displayName).join(', ') : t('step.none')}</Detail>
    </dl>
  );
}

/** A list of debriefs, each linking to its screen, with "Add to calendar" for upcoming ones when asked. */
export function DebriefList(p: {
  debriefs: Debrief[];
  productionId: (d: Debrief) => string | null;
  label: (d: Debrief) => string;
  timeZone: (d: Debrief) => string | undefined;
  calendar?: boolean;
  listLabel: string;
  /** The label already says when (issue 13: the date is shown once). */
  dated?: boolean;
}) {
  // Compact times name no zone; when the list spans zones, each row names its own.
  const zones = new Set(p.debriefs.map((d) => p.timeZone(d)).filter(Boolean));
  return (
    <ul class="list" aria-label={p.listLabel}>
      {p.debriefs.map((d) => {
        const tz = p.timeZone(d);
        const pid = p.productionId(d);
        const main = (
          <span class="list-main">
            <span class="list-title">{p.label(d)}</span>
            {p.dated ? null : (
              <span class="list-sub">
                {formatDateTime(d.scheduledAt, tz)}
                {zones.size > 1 && tz ? ` · ${zoneLabel(tz)}` : ''}
              </span>
            )}
            <span class="list-sub break">{videoLink(d.location) ? t('debrief.videoCall') : d.location}</span>
          </span>
        );
        return (
          <li key={d.id} class="list-row debrief-row" data-testid="debrief-row">
            {pid ? (
              <a class="list-main list-link debrief-link" href={debriefPath(pid, d.id)}>
                {main}
              </a>
            ) : (
              main
            )}
            <span class="row-actions">
              <StateBadgeView badge={debriefBadge(d.status)} />
              {p.calendar && d.status === 'scheduled' ? (
                <CalendarButton debrief={d} label={t('debrief.addToCalendarFor', { what: p.label(d) })} />
              ) : null}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

/** A performer's debriefs for one scene (on their scene screen), with "Add to calendar". */
export function MySceneDebriefs(p: { productionId: string; sceneId: string; timeZone?: string }) {
  const [data] = useLoad(() => loadMySceneDebriefs(p.sceneId), [p.sceneId]);
  if (data.state !== 'ok' || data.data.length === 0) return null;
  return (
    <section class="section" aria-labelledby="my-debriefs-heading">
      <h2 id="my-debriefs-heading" class="section-title">
        {t('hub.debriefs')}
      </h2>
      <DebriefList
        listLabel={t('hub.debriefs')}
        debriefs={data.data}
        productionId={() => p.productionId}
        label={(d) => t('debrief.on', { when: formatDateTime(d.scheduledAt, p.timeZone) })}
        dated
        timeZone={() => p.timeZone}
        calendar
      />
    </section>
  );
}
