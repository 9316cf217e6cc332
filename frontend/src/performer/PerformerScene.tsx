// A performer's scene: the current choreography in plain steps, what changed
// since the version they last decided on, and their decision. Confirm and
// Decline have equal weight and nothing is pre-selected; Withdraw consent is
// always visible once they have confirmed, one tap plus one confirmation, and
// never asks for a reason. A withdrawal made offline is queued and sent when
// the phone is back online.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { api } from '../api/client';
import { call, problemMessage } from '../api/problem';
import type { Me } from '../api/types';
import { Button, FormMessage, Page, SkeletonRows } from '../shared/ui';
import { Dialog, LoadError, StateBadgeView, TextArea } from '../shared/widgets';
import { useLoad } from '../shared/useLoad';
import { useStore } from '../shared/store';
import { formatCallTime } from '../shared/time';
import { formatDateTime } from '../i18n';
import { consentActions, consentBadge } from '../scenes/consent';
import { diffSteps, hasChanges } from '../scenes/diff';
import { DiffView, StepList } from '../scenes/Steps';
import { sceneHeading, scenePath, useProduction } from '../scenes/data';
import { newIdempotencyKey } from '../offline/queue';
import { outboxState, withdraw } from '../offline/outbox';
import { loadPerformerScene } from './decide';
import { MySceneDebriefs } from '../debriefs/Debriefs';

type Open = null | 'confirmed' | 'declined' | 'withdraw';
type Notice = { tone: 'success' | 'info' | 'error'; text: string } | null;

/** The decision dialog for Confirm or Decline: one confirmation, an optional note. */
function DecideDialog(p: { decision: 'confirmed' | 'declined'; version: number; busy: boolean; onSend: (note: string) => void; onClose: () => void }) {
  const [note, setNote] = useState('');
  const confirm = p.decision === 'confirmed';
  return (
    <Dialog
      id="decide"
      title={confirm ? t('decide.confirmTitle', { version: p.version }) : t('decide.declineTitle', { version: p.version })}
      onClose={p.onClose}
      actions={
        <>
          <Button onClick={() => p.onSend(note)} busy={p.busy}>
            {confirm ? t('decide.confirmSend', { version: p.version }) : t('decide.declineSend', { version: p.version })}
          </Button>
          <Button variant="secondary" onClick={p.onClose}>
            {t('common.back')}
          </Button>
        </>
      }
    >
      <p>{confirm ? t('decide.confirmBody') : t('decide.declineBody')}</p>
      <TextArea id="decide-note" label={t('decide.note')} hint={t('decide.noteHint')} optional maxLength={2000} value={note} onValue={setNote} />
    </Dialog>
  );
}

/** The withdrawal dialog: the promise that no reason is needed, an optional private note. */
function WithdrawDialog(p: { busy: boolean; onSend: (note: string) => void; onClose: () => void }) {
  const [note, setNote] = useState('');
  return (
    <Dialog
      id="withdraw"
      title={t('withdraw.title')}
      onClose={p.onClose}
      actions={
        <>
          <Button class="btn-withdraw" onClick={() => p.onSend(note)} busy={p.busy}>
            {t('withdraw.send')}
          </Button>
          <Button variant="secondary" onClick={p.onClose}>
            {t('common.back')}
          </Button>
        </>
      }
    >
      <p class="withdraw-promise">{t('withdraw.promise')}</p>
      <p>{t('withdraw.effect')}</p>
      <TextArea id="withdraw-note" label={t('withdraw.note')} hint={t('withdraw.noteHint')} optional maxLength={2000} value={note} onValue={setNote} />
    </Dialog>
  );
}

/** A performer's scene screen. */
export function PerformerScene(props: { productionId: string; sceneId: string; me: Me }) {
  const production = useProduction(props.productionId);
  const [data, reload] = useLoad(() => loadPerformerScene(props.sceneId, props.me.id), [props.sceneId, props.me.id]);
  const [open, setOpen] = useState<Open>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const decisionKey = useRef<string>('');
  const outbox = useStore(outboxState);
  const mounted = useRef(Date.now());
  const queued = outbox.queued.some((w) => w.userId === props.me.id && w.sceneId === props.sceneId);

  // A queued withdrawal delivered while this screen is open (back online).
  const delivered = outbox.delivered.filter((d) => d.sceneId === props.sceneId && d.at >= mounted.current).length;
  useEffect(() => {
    if (delivered === 0) return;
    setNotice({ tone: 'success', text: t('withdraw.delivered') });
    reload();
  }, [delivered]);

  const diff = useMemo(() => {
    if (data.state !== 'ok' || !data.data.previous || !data.data.current) return null;
    return diffSteps(data.data.previous.steps, data.data.current.steps);
  }, [data]);

  if (data.state === 'loading') {
    return (
      <Page title={t('common.loading')}>
        <SkeletonRows count={4} />
      </Page>
    );
  }
  if (data.state === 'error') {
    return (
      <Page title={data.problem.status === 404 ? t('common.notFoundTitle') : t('scene.loadError')}>
        <LoadError problem={data.problem} onRetry={reload} />
      </Page>
    );
  }

  const { scene, consent, current, previous, rider } = data.data;
  const version = current?.version ?? null;
  const actions = consentActions(consent, version);
  const badge = version === null ? consentBadge(null) : consentBadge(consent?.state ?? 'pending');
  const tz = production?.timezone ?? null;

  function openDecision(which: 'confirmed' | 'declined') {
    decisionKey.current = newIdempotencyKey();
    setOpen(which);
  }

  async function decide(decision: 'confirmed' | 'declined', note: string) {
    if (version === null) return;
    setBusy(true);
    const r = await call(
      api.PUT('/api/v1/scenes/{sceneId}/consent', {
        params: { path: { sceneId: props.sceneId }, header: { 'Idempotency-Key': decisionKey.current } },
        body: { version, decision, ...(note.trim() ? { note: note.trim() } : {}) },
      }),
    );
    setBusy(false);
    setOpen(null);
    if (r.ok) {
      setNotice({ tone: 'success', text: decision === 'confirmed' ? t('decide.confirmedDone', { version }) : t('decide.declinedDone', { version }) });
      reload();
      return;
    }
    if (r.problem.code === 'stale_version' || r.problem.status === 409) {
      const now = r.problem.currentVersion;
      setNotice({ tone: 'info', text: now ? t('decide.staleVersion', { version: now }) : t('decide.staleVersionPlain') });
      reload();
      return;
    }
    setNotice({ tone: 'error', text: problemMessage(r.problem) });
  }

  async function sendWithdrawal(note: string) {
    setBusy(true);
    const r = await withdraw(props.me.id, props.sceneId, note);
    setBusy(false);
    setOpen(null);
    if (r.kind === 'delivered') {
      mounted.current = Date.now() + 1; // the delivery is told here, not again by the outbox watcher
      setNotice({ tone: 'success', text: t('withdraw.delivered') });
      reload();
    } else if (r.kind === 'queued') {
      setNotice(null);
    } else {
      setNotice({ tone: 'error', text: problemMessage(r.problem) });
    }
  }

  return (
    <Page
      title={sceneHeading(scene)}
      actions={
        actions.decide || actions.withdraw ? (
          <>
            {actions.decide ? (
              <div class="decide-row" role="group" aria-label={t('decide.groupLabel', { version: version ?? 0 })}>
                <Button variant="secondary" class="btn-choice" onClick={() => openDecision('confirmed')}>
                  {t('decide.confirm')}
                </Button>
                <Button variant="secondary" class="btn-choice" onClick={() => openDecision('declined')}>
                  {t('decide.decline')}
                </Button>
              </div>
            ) : null}
            {actions.withdraw && !queued ? (
              <Button variant="secondary" class="btn-withdraw-open" onClick={() => setOpen('withdraw')}>
                {t('withdraw.open')}
              </Button>
            ) : null}
          </>
        ) : undefined
      }
    >
      <div class="scene-state" aria-live="polite">
        <StateBadgeView badge={badge} large />
        {version !== null ? <span class="muted">{t('scene.versionLabel', { version })}</span> : null}
      </div>
      {queued ? <FormMessage tone="info" message={t('withdraw.queued')} /> : null}
      {notice ? <FormMessage tone={notice.tone} message={notice.text} /> : null}

      <dl class="details section">
        <div>
          <dt>{t('scene.callTime')}</dt>
          <dd>{tz ? formatCallTime(scene.callTime, tz) : t('common.loading')}</dd>
        </div>
        {scene.location ? (
          <div>
            <dt>{t('scene.location')}</dt>
            <dd>{scene.location}</dd>
          </div>
        ) : null}
      </dl>

      {diff && previous && current && hasChanges(diff) ? (
        <section class="section changes" aria-labelledby="changes-heading">
          <h2 id="changes-heading" class="section-title">
            {t('diff.title')}
          </h2>
          <p class="muted">{t('diff.versions', { from: previous.version, to: current.version })}</p>
          <DiffView diff={diff} scene={scene} />
        </section>
      ) : null}

      <section class="section" aria-labelledby="choreo-heading">
        <h2 id="choreo-heading" class="section-title">
          {current ? t('choreo.currentTitle', { version: current.version }) : t('choreo.title')}
        </h2>
        {current ? (
          <>
            {current.summary ? <p>{current.summary}</p> : null}
            <p class="muted">{t('choreo.published', { when: formatDateTime(current.publishedAt, tz ?? undefined) })}</p>
            <StepList steps={current.steps} scene={scene} />
          </>
        ) : (
          <p class="muted">{t('choreo.none')}</p>
        )}
      </section>

      <section class="section" aria-labelledby="rider-heading">
        <h2 id="rider-heading" class="section-title">
          {t('rider.yours')}
        </h2>
        {rider ? (
          <a class="list-row list-link" href={scenePath(props.productionId, props.sceneId, 'rider')}>
            <span class="list-main">
              <span class="list-title">{t('rider.versionLabel', { version: rider.version })}</span>
              <span class="list-sub">
                {rider.signedAt
                  ? t('rider.signedOn', { when: formatDateTime(rider.signedAt, tz ?? undefined) })
                  : t('rider.dueOn', { when: formatDateTime(rider.dueAt, tz ?? undefined) })}
              </span>
            </span>
            <span class="link-hint">{rider.signedAt ? t('rider.read') : t('rider.readAndSign')}</span>
          </a>
        ) : (
          <p class="muted">{t('rider.none')}</p>
        )}
      </section>

      <MySceneDebriefs productionId={props.productionId} sceneId={props.sceneId} timeZone={tz ?? undefined} />

      {open === 'confirmed' || open === 'declined' ? (
        <DecideDialog decision={open} version={version ?? 0} busy={busy} onSend={(note) => decide(open, note)} onClose={() => setOpen(null)} />
      ) : null}
      {open === 'withdraw' ? <WithdrawDialog busy={busy} onSend={sendWithdrawal} onClose={() => setOpen(null)} /> : null}
    </Page>
  );
}
