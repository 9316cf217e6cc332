// Requesting a check-in (coordinators): what it is about, whom to ask (the
// whole cast unless some are unticked) and how long answers are open (30 s to
// an hour, five minutes unless changed). Sending opens its live board.
import { useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { api } from '../api/client';
import { call } from '../api/problem';
import { Button, FormMessage, Page, SelectField, TextField } from '../shared/ui';
import { CheckboxGrid, pendingPage } from '../shared/widgets';
import { useLoad } from '../shared/useLoad';
import { useFormState } from '../shared/forms';
import { navigate } from '../shared/router';
import type { FieldMessages } from '../shared/validation';
import { isRecorded, sendKeyed, useKeyHolder } from '../shared/idempotency';
import { sceneHeading, scenePath } from '../scenes/data';
import { checkinPath, requestCheckin } from '../checkins/data';

/** Expiry choices in seconds (the API allows 30–3600; 300 is the default). */
export const EXPIRY_CHOICES: readonly number[] = [30, 60, 120, 300, 600, 900, 1800, 3600];
/** The default expiry. */
export const DEFAULT_EXPIRY = 300;

function expiryLabel(sec: number): string {
  if (sec < 60) return t('checkin.expirySeconds', { n: sec });
  if (sec < 3600) return t('checkin.expiryMinutes', { n: sec / 60 });
  return t('checkin.expiryHour');
}

/** The request form. */
export function RequestCheckin(props: { productionId: string; sceneId: string }) {
  const [data, reload] = useLoad(
    () => call(api.GET('/api/v1/scenes/{sceneId}', { params: { path: { sceneId: props.sceneId } } })),
    [props.sceneId],
  );
  const [reason, setReason] = useState('');
  const [picked, setPicked] = useState<string[] | null>(null);
  const [expiry, setExpiry] = useState(String(DEFAULT_EXPIRY));
  const form = useFormState();
  const formRef = useRef<HTMLFormElement>(null);
  const keys = useKeyHolder();

  if (data.state !== 'ok') return pendingPage({ load: data, title: t('checkin.requestTitlePlain'), rows: 4, onRetry: reload });
  const scene = data.data;
  const cast = scene.cast.map((c) => c.userId);
  const chosen = picked ?? cast;

  async function submit(e: Event) {
    e.preventDefault();
    const local: FieldMessages = {};
    if (!reason.trim()) local.reason = t('checkin.reasonRequired');
    if (chosen.length === 0) local.performers = t('checkin.performersRequired');
    if (!form.check(formRef.current, local, t('validation.fixErrors'))) return;
    form.setBusy(true);
    const everyone = chosen.length === cast.length;
    const body = { reason: reason.trim(), expiresInSec: Number(expiry), ...(everyone ? {} : { performerIds: chosen }) };
    // A new key whenever the body changes; the same one only for an identical retry.
    const r = await sendKeyed(keys, body, (key) => requestCheckin(props.sceneId, body, key), {
      onWaiting: () => form.setMessage(t('common.stillSending'), 'info'),
    });
    form.setBusy(false);
    if (r.ok) {
      navigate(checkinPath(props.productionId, r.data.id));
      return;
    }
    if (isRecorded(r.problem)) {
      // Sent before, its answer lost: the scene shows the check-in.
      navigate(scenePath(props.productionId, props.sceneId));
      return;
    }
    form.showProblem(formRef.current, r.problem);
  }

  return (
    <Page title={t('checkin.requestTitle', { scene: sceneHeading(scene) })}>
      {cast.length === 0 ? (
        <p class="muted">{t('checkin.noCast')}</p>
      ) : (
        <form class="form" ref={formRef} onSubmit={submit} noValidate>
          <FormMessage message={form.message} tone={form.tone} />
          <TextField
            id="reason"
            label={t('checkin.reason')}
            hint={t('checkin.reasonHint')}
            value={reason}
            onValue={(v) => {
              setReason(v);
              form.clearErrors('reason');
            }}
            maxLength={200}
            error={form.errors.reason}
          />
          <CheckboxGrid
            id="performers"
            legend={t('checkin.performers')}
            hint={t('checkin.performersHint')}
            options={cast}
            label={(id) => scene.cast.find((c) => c.userId === id)?.displayName ?? id}
            value={chosen}
            onValue={(v) => {
              setPicked(v);
              form.clearErrors('performers', 'performerIds');
            }}
            error={form.errors.performers ?? form.errors.performerIds}
            columns={2}
          />
          <SelectField
            id="expiresInSec"
            label={t('checkin.expiry')}
            hint={t('checkin.expiryHint')}
            value={expiry}
            onValue={(v) => {
              setExpiry(v);
              form.clearErrors('expiresInSec');
            }}
            options={EXPIRY_CHOICES.map((s) => ({ value: String(s), label: expiryLabel(s) }))}
            error={form.errors.expiresInSec}
          />
          <div class="form-actions">
            <Button type="submit" busy={form.busy}>
              {form.busy ? t('checkin.sending') : t('checkin.send')}
            </Button>
          </div>
        </form>
      )}
    </Page>
  );
}
