// A performer's scene: the current choreography in plain steps, what changed
// since the version they last decided on, and their decision. Confirm and
// Decline have equal weight and nothing is pre-selected; one clear decision per
// state (scenes/decisions.ts): Withdraw consent is always visible once they
// have confirmed, one tap plus one confirmation, and never asks for a reason;
// after filming it says that withdrawing asks about footage use (rule 3). A withdrawal is written to the outbox first: the
// badge then says "Withdrawal waiting to send" or "Sending…" until the server
// has it (never the confirmation it replaces), and a withdrawal made without
// signal is sent when the phone is back online. The screen shows what this
// device saved at once and the network's answer when it comes.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { api } from '../api/client';
import { call, problemMessage } from '../api/problem';
import type { Me } from '../api/types';
import { Button, FormMessage, Page, SkeletonRows } from '../shared/ui';
import { Dialog, LoadError, StateBadgeView, TextArea } from '../shared/widgets';
import { SceneDetails } from '../shared/details';
import { useLoad } from '../shared/useLoad';
import { useStore } from '../shared/store';
import { formatDateTime } from '../i18n';
import { myConsentBadge } from '../scenes/consent';
import { decisionsFor, isFilmed, type DecisionState } from '../scenes/decisions';
import { diffSteps, hasChanges } from '../scenes/diff';
import { DiffView, StepList } from '../scenes/Steps';
import { sceneHeading, scenePath, useProduction } from '../scenes/data';
import { deliveredAt, outboxState, pendingWithdrawal, withdraw } from '../offline/outbox';
import { readSaved } from '../offline/saved';
import { offlineState } from '../offline/status';
import { isRecorded, isStillSending, sendKeyed, useKeyHolder } from '../shared/idempotency';
import { loadPerformerScene } from './decide';
import { ownFlags, ownFlagSentence } from '../scenes/ownFlags';
import type { ChoreographyFlag } from '../api/types';

/** The performer's own flags in whole sentences (rule 6): discreet, but never hidden. */
function OwnFlags(p: { flags: readonly ChoreographyFlag[]; id: string; inDialog?: boolean }) {
  if (!p.flags.length) return null;
  const Heading = p.inDialog ? 'h3' : 'h2';
  return (
    <div class="own-flags" role="note" aria-labelledby={`${p.id}-title`} data-testid="own-flags">
      <Heading id={`${p.id}-title`} class="own-flags-title">
        {t('ownFlag.title')}
      </Heading>
      <ul class="plain-list">
        {p.flags.map((f, i) => (
          <li key={i}>{ownFlagSentence(f)}</li>
        ))}
      </ul>
      <p class="muted">
        {t('ownFlag.talk')} {t('ownFlag.intro')}
      </p>
    </div>
  );
}
import { MySceneDebriefs } from '../debriefs/Debriefs';

type Open = null | 'confirmed' | 'declined' | 'withdraw';
type Notice = { tone: 'success' | 'info' | 'error'; text: string } | null;

/** The decision dialog for Confirm or Decline: one confirmation, an optional note. */
function DecideDialog(p: {
  decision: 'confirmed' | 'declined';
  version: number;
  flags: readonly ChoreographyFlag[];
  busy: boolean;
  onSend: (note: string) => void;
  onClose: () => void;
}) {
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
      {confirm ? <OwnFlags flags={p.flags} id="decide-flags" inDialog /> : null}
      <p>{confirm ? t('decide.confirmBody') : t('decide.declineBody')}</p>
      <TextArea id="decide-note" label={t('decide.note')} hint={t('decide.noteHint')} optional maxLength={2000} value={note} onValue={setNote} />
    </Dialog>
  );
}

/** The withdrawal dialog: the promise that no reason is needed, an optional private note. */
function WithdrawDialog(p: { busy: boolean; filmed: boolean; onSend: (note: string) => void; onClose: () => void }) {
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
      {p.filmed ? <p>{t('withdraw.footage')}</p> : null}
      <TextArea id="withdraw-note" label={t('withdraw.note')} hint={t('withdraw.noteHint')} optional maxLength={2000} value={note} onValue={setNote} />
    </Dialog>
  );
}

/** A performer's scene screen. */
export function PerformerScene(props: { productionId: string; sceneId: string; me: Me }) {
  const production = useProduction(props.productionId);
  const [data, reload] = useLoad(() => loadPerformerScene(props.sceneId, props.me.id), [props.sceneId, props.me.id], {
    saved: () => readSaved((client) => loadPerformerScene(props.sceneId, props.me.id, client)),
  });
  const [open, setOpen] = useState<Open>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const decisionKeys = useKeyHolder();
  const outbox = useStore(outboxState);
  const showingSaved = useStore(offlineState).offline; // the waiting line reads differently with and without signal
  const pending = pendingWithdrawal(outbox, props.me.id, props.sceneId);
  const delivered = deliveredAt(outbox, props.sceneId);

  // A withdrawal delivered while this screen is open (at once, or back online): say so kindly, and load the scene again.
  const toldDelivery = useRef(delivered);
  useEffect(() => {
    if (delivered === null || delivered === toldDelivery.current) return;
    toldDelivery.current = delivered;
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
  // Delivered after the data on screen was true: withdrawn, whatever the older data says.
  const withdrawnSince = delivered !== null && data.asOf < delivered;
  const state: DecisionState = version === null ? 'unpublished' : pending ? 'sending' : withdrawnSince ? 'withdrawn' : (consent?.state ?? 'pending');
  const filmed = isFilmed(scene.status);
  const decisions = decisionsFor(state, filmed);
  const offers = (b: (typeof decisions.buttons)[number]) => decisions.buttons.includes(b);
  const badge = myConsentBadge({ state: consent?.state, published: version !== null, pending, withdrawnSince });
  const tz = production?.timezone ?? null;
  // Only the flags about this person, ever (rule 6).
  const mine = ownFlags(current?.flags, props.me.id);

  function openDecision(which: 'confirmed' | 'declined') {
    setNotice(null);
    setOpen(which);
  }

  async function decide(decision: 'confirmed' | 'declined', note: string) {
    if (version === null) return;
    setBusy(true);
    const body = { version, decision, ...(note.trim() ? { note: note.trim() } : {}) };
    // A new key whenever the decision, version or note changes; the same one only for an identical retry.
    const r = await sendKeyed(
      decisionKeys,
      body,
      (key) =>
        call(
          api.PUT('/api/v1/scenes/{sceneId}/consent', {
            params: { path: { sceneId: props.sceneId }, header: { 'Idempotency-Key': key } },
            body,
          }),
        ),
      { onWaiting: () => setNotice({ tone: 'info', text: t('common.stillSending') }) },
    );
    setBusy(false);
    setOpen(null);
    if (!r.ok && isStillSending(r.problem)) {
      setNotice({ tone: 'info', text: t('common.stillSending') });
      return;
    }
    if (!r.ok && isRecorded(r.problem)) {
      setNotice({ tone: 'info', text: t('common.alreadySent') });
      reload();
      return;
    }
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
    // The outbox holds it from the first moment: the dialog closes and the badge says where it stands.
    setOpen(null);
    setNotice(null);
    const r = await withdraw(props.me.id, props.sceneId, note, props.productionId);
    // Delivered: told by the outbox watcher above. Queued: told by the line under the badge.
    if (r.kind === 'failed') setNotice({ tone: 'error', text: problemMessage(r.problem) });
  }

  return (
    <Page
      title={sceneHeading(scene)}
      actions={
        decisions.buttons.length ? (
          <div class="decision" data-testid="decision">
            {decisions.note ? <p class="decision-note">{t(decisions.note === 'footage' ? 'withdraw.footage' : 'withdraw.promise')}</p> : null}
            {offers('confirm') ? (
              <div class="decide-row" role="group" aria-label={t('decide.groupLabel', { version: version ?? 0 })}>
                <Button variant="secondary" class="btn-choice" onClick={() => openDecision('confirmed')}>
                  {t('decide.confirm')}
                </Button>
                <Button variant="secondary" class="btn-choice" onClick={() => openDecision('declined')}>
                  {t('decide.decline')}
                </Button>
              </div>
            ) : null}
            {offers('confirmVersion') ? (
              <Button variant="secondary" class="btn-choice" onClick={() => openDecision('confirmed')}>
                {t('decide.confirmVersion', { version: version ?? 0 })}
              </Button>
            ) : null}
            {offers('withdraw') ? (
              <Button variant="secondary" class="btn-withdraw-open" onClick={() => setOpen('withdraw')}>
                {t('withdraw.open')}
              </Button>
            ) : null}
          </div>
        ) : undefined
      }
    >
      <div class="scene-state" aria-live="polite">
        <StateBadgeView badge={badge} large />
        {version !== null ? <span class="muted">{t('scene.versionLabel', { version })}</span> : null}
      </div>
      {pending === 'queued' ? (
        <FormMessage tone="info" message={showingSaved || (typeof navigator !== 'undefined' && navigator.onLine === false) ? t('withdraw.queued') : t('withdraw.retrying')} />
      ) : null}
      {notice ? <FormMessage tone={notice.tone} message={notice.text} /> : null}

      <SceneDetails class="section" scene={scene} timeZone={tz} />
      <OwnFlags flags={mine} id="scene-flags" />

      {diff && previous && current && hasChanges(diff) ? (
        <section class="section changes" aria-labelledby="changes-heading">
          <h2 id="changes-heading" class="section-title">
            {t('diff.title')}
          </h2>
          <p class="muted">{t('diff.versions', { from: previous.version, to: current.version })}</p>
          <DiffView diff={diff} scene={scene} ownFlags={mine} me={props.me.id} />
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
            <StepList steps={current.steps} scene={scene} flags={mine} self me={props.me.id} />
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
          <p class="muted" data-testid="rider-none">
            {scene.cast.find((c) => c.userId === props.me.id)?.rider === 'unsigned' ? t('rider.notDrafted') : t('rider.none')}
          </p>
        )}
      </section>

      <MySceneDebriefs productionId={props.productionId} sceneId={props.sceneId} timeZone={tz ?? undefined} />

      {open === 'confirmed' || open === 'declined' ? (
        <DecideDialog decision={open} version={version ?? 0} flags={mine} busy={busy} onSend={(note) => decide(open, note)} onClose={() => setOpen(null)} />
      ) : null}
      {open === 'withdraw' ? <WithdrawDialog busy={busy} filmed={filmed} onSend={sendWithdrawal} onClose={() => setOpen(null)} /> : null}
    </Page>
  );
}
