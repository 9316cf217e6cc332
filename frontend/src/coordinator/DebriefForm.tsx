// Scheduling a debrief (coordinators): when, in the production's time zone,
// where (a place or a video link) and who (the cast unless some are
// unticked); the participants are told. An existing debrief can be moved,
// re-placed, given private notes, marked done or cancelled (moving and
// cancelling tell the participants again).
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { api } from '../api/client';
import { call, type Result } from '../api/problem';
import type { Debrief, Scene } from '../api/types';
import { Button, FormMessage, Page, TextField } from '../shared/ui';
import { CheckboxGrid, Dialog, StateBadgeView, TextArea, pendingPage } from '../shared/widgets';
import { useLoad } from '../shared/useLoad';
import { useFormState } from '../shared/forms';
import { navigate } from '../shared/router';
import { utcToZonedLocal, zonedLocalToUtc } from '../shared/time';
import type { FieldMessages } from '../shared/validation';
import { isRecorded, sendKeyed, useKeyHolder } from '../shared/idempotency';
import { sceneHeading, scenePath, useProduction } from '../scenes/data';
import { debriefBadge, getDebrief, scheduleDebrief, updateDebrief } from '../debriefs/data';
import { DebriefFacts } from '../debriefs/Debriefs';

function zoneName(tz: string | undefined): string {
  return tz ? tz.replace(/_/g, ' ') : '…';
}

/** A debrief for a scene: new, or an existing one to change. */
/** The time (in the production's zone) and place fields of a debrief. */
function WhenAndWhere(p: {
  timeZone?: string;
  when: string;
  onWhen: (v: string) => void;
  location: string;
  onLocation: (v: string) => void;
  errors: FieldMessages;
}) {
  return (
    <>
      <TextField
        id="scheduledAt"
        type="datetime-local"
        label={t('debrief.when')}
        hint={t('debrief.whenHint', { zone: zoneName(p.timeZone) })}
        value={p.when}
        onValue={p.onWhen}
        error={p.errors.scheduledAt}
      />
      <TextField
        id="location"
        label={t('debrief.where')}
        hint={t('debrief.whereHint')}
        value={p.location}
        onValue={p.onLocation}
        maxLength={500}
        error={p.errors.location}
      />
    </>
  );
}

export function DebriefForm(props: { productionId: string; sceneId?: string; debriefId?: string }) {
  const production = useProduction(props.productionId);
  const [data, reload] = useLoad(async (): Promise<Result<{ scene: Scene; debrief: Debrief | null }>> => {
    let debrief: Debrief | null = null;
    let sceneId = props.sceneId;
    if (props.debriefId) {
      const d = await getDebrief(props.debriefId);
      if (!d.ok) return d;
      debrief = d.data;
      sceneId = d.data.sceneId;
    }
    const scene = await call(api.GET('/api/v1/scenes/{sceneId}', { params: { path: { sceneId: sceneId ?? '' } } }));
    return scene.ok ? { ok: true, data: { scene: scene.data, debrief } } : scene;
  }, [props.sceneId, props.debriefId]);

  if (data.state !== 'ok') return pendingPage({ load: data, title: t(props.debriefId ? 'debrief.editTitlePlain' : 'debrief.newTitlePlain'), rows: 4, onRetry: reload });
  const tz = production?.timezone;
  return data.data.debrief ? (
    <EditDebrief key={data.data.debrief.id} productionId={props.productionId} scene={data.data.scene} debrief={data.data.debrief} timeZone={tz} />
  ) : (
    <NewDebrief productionId={props.productionId} scene={data.data.scene} timeZone={tz} />
  );
}

function NewDebrief(p: { productionId: string; scene: Scene; timeZone?: string }) {
  const [when, setWhen] = useState('');
  const [location, setLocation] = useState('');
  const cast = p.scene.cast.map((c) => c.userId);
  const [picked, setPicked] = useState<string[] | null>(null);
  const chosen = picked ?? cast;
  const form = useFormState();
  const formRef = useRef<HTMLFormElement>(null);
  const keys = useKeyHolder();

  async function submit(e: Event) {
    e.preventDefault();
    const local: FieldMessages = {};
    const at = p.timeZone ? zonedLocalToUtc(when, p.timeZone) : null;
    if (!at) local.scheduledAt = t('debrief.whenRequired');
    if (!location.trim()) local.location = t('debrief.whereRequired');
    if (cast.length && chosen.length === 0) local.participants = t('debrief.participantsRequired');
    if (!form.check(formRef.current, local, t('validation.fixErrors')) || !at) return;
    form.setBusy(true);
    const everyone = chosen.length === cast.length;
    const body = { scheduledAt: at, location: location.trim(), ...(everyone ? {} : { participantIds: chosen }) };
    // A new key whenever the body changes; the same one only for an identical retry.
    const r = await sendKeyed(keys, body, (key) => scheduleDebrief(p.scene.id, body, key), {
      onWaiting: () => form.setMessage(t('common.stillSending'), 'info'),
    });
    form.setBusy(false);
    if (r.ok || isRecorded(r.problem)) {
      navigate(`${scenePath(p.productionId, p.scene.id)}?debrief=scheduled`);
      return;
    }
    form.showProblem(formRef.current, r.problem);
  }

  return (
    <Page title={t('debrief.newTitle', { scene: sceneHeading(p.scene) })}>
      <form class="form" ref={formRef} onSubmit={submit} noValidate>
        <FormMessage message={form.message} tone={form.tone} />
        <WhenAndWhere
          timeZone={p.timeZone}
          when={when}
          onWhen={setWhen}
          location={location}
          onLocation={setLocation}
          errors={form.errors}
        />
        {cast.length ? (
          <CheckboxGrid
            id="participants"
            legend={t('debrief.participants')}
            hint={t('debrief.participantsHint')}
            options={cast}
            label={(id) => p.scene.cast.find((c) => c.userId === id)?.displayName ?? id}
            value={chosen}
            onValue={setPicked}
            error={form.errors.participants ?? form.errors.participantIds}
          />
        ) : (
          <p class="muted">{t('debrief.noCast')}</p>
        )}
        <div class="form-actions">
          <Button type="submit" busy={form.busy}>
            {t('debrief.schedule')}
          </Button>
        </div>
      </form>
    </Page>
  );
}

type Notice = { tone: 'success' | 'info' | 'error'; text: string } | null;

function EditDebrief(p: { productionId: string; scene: Scene; debrief: Debrief; timeZone?: string }) {
  const [debrief, setDebrief] = useState(p.debrief);
  const [when, setWhen] = useState(p.timeZone ? utcToZonedLocal(p.debrief.scheduledAt, p.timeZone) : '');
  const [location, setLocation] = useState(p.debrief.location);
  const [notes, setNotes] = useState(p.debrief.notes ?? '');
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [statusBusy, setStatusBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const form = useFormState();
  const formRef = useRef<HTMLFormElement>(null);
  const keys = useKeyHolder();
  const scheduled = debrief.status === 'scheduled';
  const stillSending = () => form.setMessage(t('common.stillSending'), 'info');

  /** The debrief as the server has it now, after a change whose answer was lost. */
  async function reloadDebrief() {
    const fresh = await getDebrief(debrief.id);
    if (fresh.ok) setDebrief(fresh.data);
  }
  // The zone may arrive after the debrief: fill the time in once it does.
  useEffect(() => {
    if (!when && p.timeZone) setWhen(utcToZonedLocal(debrief.scheduledAt, p.timeZone));
  }, [p.timeZone]);

  async function save(e: Event) {
    e.preventDefault();
    const local: FieldMessages = {};
    const at = p.timeZone ? zonedLocalToUtc(when, p.timeZone) : null;
    if (scheduled && !at) local.scheduledAt = t('debrief.whenRequired');
    if (scheduled && !location.trim()) local.location = t('debrief.whereRequired');
    if (!form.check(formRef.current, local, t('validation.fixErrors'))) return;
    const patch: Record<string, string> = {};
    if (scheduled && at && Date.parse(at) !== Date.parse(debrief.scheduledAt)) patch.scheduledAt = at;
    if (scheduled && location.trim() !== debrief.location) patch.location = location.trim();
    if (notes !== (debrief.notes ?? '')) patch.notes = notes;
    if (Object.keys(patch).length === 0) {
      setNotice({ tone: 'info', text: t('debrief.nothingChanged') });
      return;
    }
    form.setBusy(true);
    const r = await sendKeyed(keys, patch, (key) => updateDebrief(debrief.id, patch, key), { onWaiting: stillSending });
    form.setBusy(false);
    if (!r.ok && isRecorded(r.problem)) {
      form.setMessage(null);
      setNotice({ tone: 'info', text: t('common.alreadySent') });
      await reloadDebrief();
      return;
    }
    if (r.ok) {
      form.setMessage(null);
      setDebrief(r.data);
      setNotice({ tone: 'success', text: patch.scheduledAt || patch.location ? t('debrief.movedDone') : t('debrief.savedDone') });
      return;
    }
    form.showProblem(formRef.current, r.problem);
  }

  async function setStatus(status: 'done' | 'cancelled') {
    setStatusBusy(true);
    const r = await sendKeyed(keys, { status }, (key) => updateDebrief(debrief.id, { status }, key), { onWaiting: stillSending });
    setStatusBusy(false);
    setConfirmCancel(false);
    if (!r.ok && isRecorded(r.problem)) {
      setNotice({ tone: 'info', text: t('common.alreadySent') });
      await reloadDebrief();
      return;
    }
    if (r.ok) {
      form.setMessage(null);
      setDebrief(r.data);
      setNotice({ tone: 'success', text: status === 'done' ? t('debrief.doneDone') : t('debrief.cancelledDone') });
    } else {
      form.showProblem(formRef.current, r.problem);
    }
  }

  return (
    <Page
      title={t('debrief.editTitle', { scene: sceneHeading(p.scene) })}
      actions={
        scheduled ? (
          <div class="decide-row">
            <Button variant="secondary" class="btn-choice" onClick={() => setStatus('done')} busy={statusBusy}>
              {t('debrief.markDone')}
            </Button>
            <Button variant="secondary" class="btn-choice" onClick={() => setConfirmCancel(true)}>
              {t('debrief.cancel')}
            </Button>
          </div>
        ) : undefined
      }
    >
      <div class="scene-state" aria-live="polite">
        <StateBadgeView badge={debriefBadge(debrief.status)} large />
      </div>
      {notice ? <FormMessage tone={notice.tone} message={notice.text} /> : null}
      {!scheduled ? <DebriefFacts debrief={debrief} timeZone={p.timeZone} /> : null}
      <form class="form section-spaced" ref={formRef} onSubmit={save} noValidate>
        <FormMessage message={form.message} tone={form.tone} />
        {scheduled ? (
          <>
            <WhenAndWhere
              timeZone={p.timeZone}
              when={when}
              onWhen={setWhen}
              location={location}
              onLocation={setLocation}
              errors={form.errors}
            />
            <p class="muted">
              {t('debrief.participants')}: {debrief.participants.map((x) => x.displayName).join(', ') || t('step.none')}
            </p>
          </>
        ) : null}
        <TextArea
          id="notes"
          label={t('debrief.notes')}
          hint={t('debrief.notesHint')}
          optional
          maxLength={10000}
          rows={5}
          value={notes}
          onValue={setNotes}
          error={form.errors.notes}
        />
        <div class="form-actions">
          <Button type="submit" busy={form.busy}>
            {t('debrief.save')}
          </Button>
        </div>
      </form>
      {confirmCancel ? (
        <Dialog
          id="cancel-debrief"
          title={t('debrief.cancelTitle')}
          onClose={() => setConfirmCancel(false)}
          actions={
            <>
              <Button onClick={() => setStatus('cancelled')} busy={statusBusy}>
                {t('debrief.cancelSend')}
              </Button>
              <Button variant="secondary" onClick={() => setConfirmCancel(false)}>
                {t('common.back')}
              </Button>
            </>
          }
        >
          <p>{t('debrief.cancelBody')}</p>
        </Dialog>
      ) : null}
    </Page>
  );
}
