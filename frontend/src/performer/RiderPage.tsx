// A performer's rider for a scene: the terms, the due date (and "late" when it
// is), and signing by typing their full name.
import { useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { api } from '../api/client';
import { call } from '../api/problem';
import type { Me } from '../api/types';
import { Button, FormMessage, Page, SkeletonRows, TextField } from '../shared/ui';
import { LoadError } from '../shared/widgets';
import { useLoad } from '../shared/useLoad';
import { useFormState } from '../shared/forms';
import { isRecorded, sendKeyed, useKeyHolder } from '../shared/idempotency';
import { RiderStatus, RiderTerms, overdue } from '../scenes/RiderTerms';
import { sceneHeading, useProduction } from '../scenes/data';

/** The performer's own rider: read and sign. */
export function RiderPage(props: { productionId: string; sceneId: string; me: Me }) {
  const production = useProduction(props.productionId);
  const params = { params: { path: { sceneId: props.sceneId, userId: props.me.id } } };
  const [rider, reload] = useLoad(() => call(api.GET('/api/v1/scenes/{sceneId}/riders/{userId}', params)), [props.sceneId]);
  // The title names the scene (issue 13, finding 9).
  const [scene] = useLoad(() => call(api.GET('/api/v1/scenes/{sceneId}', { params: { path: { sceneId: props.sceneId } } })), [props.sceneId]);
  const [name, setName] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const keys = useKeyHolder();
  const f = useFormState();
  const tz = production?.timezone;

  async function sign(e: Event) {
    e.preventDefault();
    if (rider.state !== 'ok') return;
    const local: Record<string, string> = name.trim() ? {} : { fullName: t('rider.nameRequired') };
    if (!f.check(form.current, local, t('validation.fixErrors'))) return;
    f.setBusy(true);
    const body = { version: rider.data.version, fullName: name.trim() };
    // A new key whenever the body changes; the same one only for an identical retry.
    const r = await sendKeyed(
      keys,
      body,
      (key) =>
        call(
          api.POST('/api/v1/scenes/{sceneId}/riders/{userId}/sign', {
            params: { path: { sceneId: props.sceneId, userId: props.me.id }, header: { 'Idempotency-Key': key } },
            body,
          }),
        ),
      { onWaiting: () => f.setMessage(t('common.stillSending'), 'info') },
    );
    f.setBusy(false);
    if (!r.ok && isRecorded(r.problem)) {
      f.setMessage(null);
      setDone(t('rider.signedDone'));
      reload();
      return;
    }
    if (r.ok) {
      f.setMessage(null);
      setDone(r.data.late ? t('rider.signedLateDone') : t('rider.signedDone'));
      reload();
      return;
    }
    if (r.problem.status === 409 && r.problem.code !== 'idempotency_in_progress') {
      f.setMessage(t('rider.stale', { version: r.problem.currentVersion ?? '' }));
      reload();
      return;
    }
    f.showProblem(form.current, r.problem);
  }

  const title = scene.state === 'ok' ? t('rider.titleFor', { scene: sceneHeading(scene.data) }) : t('rider.title');
  if (rider.state === 'loading') {
    return (
      <Page title={title}>
        <SkeletonRows count={4} />
      </Page>
    );
  }
  if (rider.state === 'error') {
    return (
      <Page title={title}>
        {rider.problem.status === 404 ? <p class="muted">{t('rider.none')}</p> : <LoadError problem={rider.problem} onRetry={reload} />}
      </Page>
    );
  }
  const r = rider.data;
  return (
    <Page title={title}>
      <RiderStatus rider={r} timeZone={tz} />
      {done ? <FormMessage tone="success" message={done} /> : null}
      <RiderTerms rider={r} />
      {!r.signedAt ? (
        <form ref={form} class="form section-spaced" noValidate onSubmit={sign}>
          <FormMessage message={f.message} tone={f.tone} />
          {overdue(r, Date.now()) ? <FormMessage tone="info" message={t('rider.lateWarning')} /> : null}
          <TextField
            id="fullName"
            label={t('rider.fullName')}
            hint={t('rider.fullNameHint')}
            autoComplete="name"
            maxLength={200}
            value={name}
            onValue={setName}
            error={f.errors.fullName}
          />
          <div class="form-actions">
            <Button type="submit" busy={f.busy}>
              {t('rider.sign', { version: r.version })}
            </Button>
          </div>
        </form>
      ) : null}
    </Page>
  );
}
