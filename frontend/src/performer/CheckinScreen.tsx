// A performer's check-in: the reason, the scene number, the time left and
// three large, equal answers — OK · Need a moment · Stop — in thumb reach at
// the bottom. One tap answers; nothing asks for a reason (a private note is
// there for whoever wants it, never required). After answering, the screen
// says the coordinator has been told; the answer can still change while the
// check-in is open. A closed check-in gets a calm message.
import { useEffect, useRef, useState } from 'preact/hooks';
import { t, formatDateTime } from '../i18n';
import { api } from '../api/client';
import { call, problemMessage, type Result } from '../api/problem';
import type { CheckIn, Me, Scene } from '../api/types';
import { FormMessage, Page, SkeletonRows } from '../shared/ui';
import { Icon, LoadError, StateBadgeView, TextArea } from '../shared/widgets';
import { useLoad } from '../shared/useLoad';
import { useNow } from '../shared/useNow';
import { useRefresh } from '../shared/useRefresh';
import { isRecorded, sendKeyed, useKeyHolder } from '../shared/idempotency';
import { useProduction } from '../scenes/data';
import { ANSWERS, answerBadge, answerLabel, formatCountdown, performerView, type Answer } from '../checkins/model';
import { answerCheckin } from '../checkins/data';
import { getCheckin } from '../checkins/feed';
import { ZoneNote } from '../shared/zone';
import { refreshWaiting } from '../checkins/waiting';

async function loadCheckin(checkinId: string): Promise<Result<{ checkin: CheckIn; scene: Scene | null }>> {
  const c = await getCheckin(checkinId);
  if (!c.ok) return c;
  const scene = await call(api.GET('/api/v1/scenes/{sceneId}', { params: { path: { sceneId: c.data.sceneId } } }));
  return { ok: true, data: { checkin: c.data, scene: scene.ok ? scene.data : null } };
}

/** The three answers: equal size and style, the chosen one marked. */
function AnswerButtons(p: { chosen: Answer | null; busy: Answer | null; onAnswer: (a: Answer) => void }) {
  return (
    <div class="answer-row" role="group" aria-label={t('checkin.answerGroup')}>
      {ANSWERS.map((a) => (
        <button
          key={a}
          type="button"
          class={`answer answer-${a}`}
          aria-pressed={p.chosen === a ? 'true' : 'false'}
          aria-busy={p.busy === a ? 'true' : undefined}
          disabled={p.busy !== null}
          onClick={() => p.onAnswer(a)}
        >
          <Icon name={answerBadge(a).icon} />
          <span>{t(answerLabel(a))}</span>
        </button>
      ))}
    </div>
  );
}

type Notice = { tone: 'success' | 'info' | 'error'; text: string } | null;

/** The check-in screen for an addressed performer. */
export function CheckinScreen(props: { productionId: string; checkinId: string; me: Me }) {
  const production = useProduction(props.productionId);
  const [data, reload] = useLoad(() => loadCheckin(props.checkinId), [props.checkinId]);
  const [checkin, setCheckin] = useState<CheckIn | null>(null);
  const [busy, setBusy] = useState<Answer | null>(null);
  const [note, setNote] = useState('');
  const [notice, setNotice] = useState<Notice>(null);
  const keys = useKeyHolder();

  useEffect(() => {
    if (data.state === 'ok') setCheckin(data.data.checkin);
  }, [data]);

  const open = checkin ? performerView(checkin, props.me.id, Date.now()).kind === 'open' : false;
  const now = useNow(1000, open);
  const view = checkin ? performerView(checkin, props.me.id, now) : null;

  // The time ran out here: ask the server for the final state once.
  const askedClosed = useRef(false);
  useEffect(() => {
    if (checkin?.open && view?.kind === 'closed' && !askedClosed.current) {
      askedClosed.current = true;
      reload();
    }
  }, [view?.kind, checkin?.open]);
  // A push (for example a new check-in) while this screen is shown.
  useRefresh(reload);

  if (data.state === 'loading' && !checkin) {
    return (
      <Page title={t('checkin.titlePlain')}>
        <SkeletonRows count={3} />
      </Page>
    );
  }
  if (data.state === 'error' && !checkin) {
    return (
      <Page title={data.problem.status === 404 ? t('common.notFoundTitle') : t('checkin.titlePlain')}>
        <LoadError problem={data.problem} onRetry={reload} />
      </Page>
    );
  }
  if (!checkin || !view) return null;
  const scene = data.state === 'ok' ? data.data.scene : null;
  const tz = production?.timezone;

  async function send(answer: Answer) {
    setBusy(answer);
    setNotice(null);
    // One key per answer and note: the same key only for an identical retry.
    const r = await sendKeyed(keys, { answer, note: note.trim() }, (key) => answerCheckin(props.checkinId, answer, note, key), {
      onWaiting: () => setNotice({ tone: 'info', text: t('common.stillSending') }),
    });
    setBusy(null);
    if (r.ok) {
      setNotice(null);
      setCheckin(r.data);
      refreshWaiting(); // the banner elsewhere in the app stops asking
      return;
    }
    if (isRecorded(r.problem)) {
      // Sent before, its answer lost: show the check-in as the server has it.
      setNotice(null);
      refreshWaiting();
      reload();
      return;
    }
    if (r.problem.code === 'idempotency_in_progress') {
      setNotice({ tone: 'info', text: t('common.stillSending') });
      return;
    }
    if (r.problem.code === 'checkin_expired' || r.problem.status === 409) {
      setNotice({ tone: 'info', text: t('checkin.closedWhileAnswering') });
      reload();
      return;
    }
    setNotice({ tone: 'error', text: r.problem.status === 0 ? t('checkin.notSent') : `${problemMessage(r.problem)} ${t('checkin.tellInPerson')}` });
  }

  const title = scene ? t('checkin.title', { number: scene.number }) : t('checkin.titlePlain');
  return (
    <Page
      title={title}
      actions={view.kind === 'open' ? <AnswerButtons chosen={view.answer} busy={busy} onAnswer={send} /> : undefined}
    >
      <p class="checkin-reason" data-testid="checkin-reason">
        {checkin.reason}
      </p>
      {view.kind === 'open' ? (
        <>
          <p class="checkin-timer">
            <Icon name="clock" />
            <span role="timer" aria-live="off" data-testid="checkin-timer">
              {t('checkin.timeLeft', { time: formatCountdown(view.remainingMs) })}
            </span>
          </p>
          <div aria-live="polite" class="checkin-answered">
            {view.answer ? (
              <>
                <StateBadgeView badge={answerBadge(view.answer)} large label={t('checkin.yourAnswer', { answer: t(answerLabel(view.answer)) })} />
                <p class="checkin-told">{t('checkin.told')}</p>
                <p class="muted">{t('checkin.canChange')}</p>
              </>
            ) : (
              <p class="checkin-ask">{t('checkin.ask')}</p>
            )}
          </div>
          <details class="checkin-note">
            <summary>{t('checkin.addNote')}</summary>
            <TextArea id="checkin-note" label={t('checkin.note')} hint={t('checkin.noteHint')} optional maxLength={1000} value={note} onValue={setNote} />
          </details>
        </>
      ) : (
        <div class="checkin-closed" role="status">
          <h2 class="checkin-closed-title">{t('checkin.closed')}</h2>
          {view.answer && view.answer !== 'no_response' ? (
            <>
              <StateBadgeView badge={answerBadge(view.answer)} large label={t('checkin.yourAnswer', { answer: t(answerBadge(view.answer).label) })} />
              <p class="checkin-told">{t('checkin.told')}</p>
            </>
          ) : (
            <p>{t('checkin.closedNoAnswer')}</p>
          )}
          <p class="muted">{t('checkin.closedAt', { when: formatDateTime(checkin.expiresAt, tz) })}</p>
          <ZoneNote zone={tz} />
          <p class="muted">{t('checkin.speakAnyTime')}</p>
        </div>
      )}
      {notice ? <FormMessage tone={notice.tone} message={notice.text} /> : null}
      <p class="section-spaced">
        <a class="back-link" href="/checkins">
          {t('checkin.backToList')}
        </a>
      </p>
    </Page>
  );
}
