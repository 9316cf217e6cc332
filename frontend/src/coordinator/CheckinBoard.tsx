// A coordinator's live check-in: each addressed performer's answer as it
// arrives, who has not answered, the time left and, once closed, the outcome.
// Stop and "need a moment" are announced at once. Updates come from the
// check-in feed (checkins/feed.ts), so the source can change underneath.
import { t, formatDateTime, formatTime } from '../i18n';
import type { CheckIn, Scene } from '../api/types';
import { Mark, StateBadgeView } from '../shared/widgets';
import { useNow } from '../shared/useNow';
import { alerts, answerBadge, countAnswers, formatCountdown, isOpen, outcomeBadge, outcomeSentence, timeLeft } from '../checkins/model';
import { checkinPath } from '../checkins/data';
import { useLiveCheckin, type CheckinFeed } from '../checkins/feed';
import { feedFor } from '../checkins/stream';

/** A card whose check-in comes from the list around it: nothing to watch. */
const listFed: CheckinFeed = { watch: () => () => undefined };

/** Counts as words: "2 OK · 1 need a moment · 1 not answered". */
function Counts(p: { checkin: CheckIn }) {
  const c = countAnswers(p.checkin);
  const parts = [
    c.ok ? t('checkin.count.ok', { n: c.ok }) : '',
    c.pause ? t('checkin.count.pause', { n: c.pause }) : '',
    c.stop ? t('checkin.count.stop', { n: c.stop }) : '',
    c.waiting ? t('checkin.count.waiting', { n: c.waiting }) : '',
    c.noResponse ? t('checkin.count.noResponse', { n: c.noResponse }) : '',
  ].filter(Boolean);
  return <p class="checkin-counts">{parts.join(' · ')}</p>;
}

/**
 * One check-in, live while open. `detail` shows every performer's answer
 * (coordinators); without it only the outcome and the counts are shown.
 */
export function CheckinCard(p: { checkin: CheckIn; scene?: Pick<Scene, 'number'> | null; productionId: string; timeZone?: string; detail?: boolean; link?: boolean }) {
  // Coordinators (detail) follow the production's event stream. A producer
  // may not read a single check-in (only the scene's list, with counts): the
  // list around the card reloads it.
  const live = useLiveCheckin(p.checkin.id, p.checkin, p.detail ? feedFor(p.productionId, 'coordinator') : listFed);
  const checkin = p.detail ? (live.checkin ?? p.checkin) : p.checkin;
  const now = useNow(1000, checkin.open);
  const open = isOpen(checkin, now);
  const urgent = alerts(checkin);
  const headingId = `checkin-${checkin.id}`;
  return (
    <article class="card checkin-card" aria-labelledby={headingId} data-testid="checkin-card">
      <h3 class="card-title" id={headingId}>
        {p.link ? (
          <a href={checkinPath(p.productionId, checkin.id)}>
            {p.scene ? `${t('checkin.sceneLabel', { number: p.scene.number })} · ` : ''}
            {checkin.reason}
          </a>
        ) : (
          <>
            {p.scene ? `${t('checkin.sceneLabel', { number: p.scene.number })} · ` : ''}
            {checkin.reason}
          </>
        )}
      </h3>
      <p class="list-sub">
        {open ? (
          <span role="timer" aria-live="off">
            {t('checkin.timeLeft', { time: formatCountdown(timeLeft(checkin, now)) })}
          </span>
        ) : (
          t('checkin.closedAt', { when: formatDateTime(checkin.expiresAt, p.timeZone) })
        )}
      </p>
      {p.detail ? (
        <div role="alert" class="checkin-alerts">
          {urgent.map((r) => (
            <p key={r.userId} class={`notice ${r.answer === 'stop' ? 'notice-error' : ''}`}>
              <span>{r.displayName}</span>
              <StateBadgeView badge={answerBadge(r.answer)} />
            </p>
          ))}
        </div>
      ) : null}
      <div class="checkin-outcome" aria-live="polite">
        <StateBadgeView badge={outcomeBadge(checkin)} label={checkin.outcome ? undefined : open ? t('checkin.outcome.open') : undefined} />
        <span class="muted">{t(outcomeSentence({ outcome: checkin.outcome, open }))}</span>
      </div>
      <Counts checkin={checkin} />
      {p.detail ? (
        <ul class="list" aria-label={t('checkin.answersLabel')}>
          {(checkin.responses ?? []).map((r) => (
            <li key={r.userId} class="list-row" data-testid="checkin-answer">
              <span class="list-main">
                <span class="list-title">{r.displayName}</span>
                {r.answeredAt ? <span class="list-sub">{t('checkin.answeredAt', { when: formatTime(r.answeredAt, p.timeZone) })}</span> : null}
                {r.note ? <span class="list-note">{t('board.note', { note: r.note })}</span> : null}
              </span>
              <StateBadgeView badge={answerBadge(r.answer)} />
            </li>
          ))}
        </ul>
      ) : null}
      {live.problem && !live.gone && checkin.open ? (
        <p class="muted">
          <Mark tone="warning">{t('checkin.reconnecting')}</Mark>
        </p>
      ) : null}
    </article>
  );
}

/** A closed check-in in a history list: reason, when, outcome. */
export function CheckinHistoryRow(p: { checkin: CheckIn; scene?: Pick<Scene, 'number'> | null; productionId: string; timeZone?: string; link: boolean }) {
  const c = p.checkin;
  const body = (
    <>
      <span class="list-main">
        <span class="list-title">
          {p.scene ? `${t('checkin.sceneLabel', { number: p.scene.number })} · ` : ''}
          {c.reason}
        </span>
        <span class="list-sub">{formatDateTime(c.requestedAt, p.timeZone)}</span>
      </span>
      <StateBadgeView badge={outcomeBadge(c)} />
    </>
  );
  return (
    <li data-testid="checkin-history">
      {p.link ? (
        <a class="list-row list-link" href={checkinPath(p.productionId, c.id)}>
          {body}
        </a>
      ) : (
        <div class="list-row">{body}</div>
      )}
    </li>
  );
}
