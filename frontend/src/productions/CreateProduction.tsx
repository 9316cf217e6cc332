// The create-production form. The creator becomes the production's producer.
import { useMemo, useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { api } from '../api/client';
import { call } from '../api/problem';
import { KINDS, type ProductionKind } from '../api/types';
import { loadMe } from '../auth/session';
import { Button, FormMessage, Page, SelectField, TextField, kindLabel } from '../shared/ui';
import { useFormState } from '../shared/forms';
import { navigate } from '../shared/router';
import { browserTimeZone, parseNoticeHours, timeZones, validateProduction } from '../shared/validation';

/** Default notice period in hours (api.md). */
const DEFAULT_NOTICE_HOURS = 48;

/** Creates a production and opens it. */
export function CreateProduction() {
  const form = useRef<HTMLFormElement>(null);
  const zone = useMemo(browserTimeZone, []);
  const zones = useMemo(() => timeZones(zone), [zone]);
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<ProductionKind>('film');
  const [timezone, setTimezone] = useState(zone);
  const [noticeHours, setNoticeHours] = useState(String(DEFAULT_NOTICE_HOURS));
  const f = useFormState();

  async function submit(e: Event) {
    e.preventDefault();
    const local = validateProduction({ title, timezone, noticeHours }, zones);
    if (!f.check(form.current, local, t('validation.fixErrors'))) return;
    f.setBusy(true);
    const result = await call(
      api.POST('/api/v1/productions', {
        body: { title: title.trim(), kind, timezone, noticeHours: parseNoticeHours(noticeHours) ?? DEFAULT_NOTICE_HOURS },
      }),
    );
    if (!result.ok) {
      f.setBusy(false);
      f.showProblem(form.current, result.problem);
      return;
    }
    await loadMe();
    f.setBusy(false);
    navigate(`/productions/${encodeURIComponent(result.data.id)}`, { replace: true });
  }

  return (
    <Page title={t('create.title')}>
      <form ref={form} class="form" noValidate onSubmit={submit}>
        <FormMessage message={f.message} />
        <TextField
          id="title"
          maxLength={200}
          label={t('create.fieldTitle')}
          hint={t('create.fieldTitleHint')}
          autoComplete="off"
          value={title}
          onValue={setTitle}
          error={f.errors.title}
        />
        <SelectField
          id="kind"
          label={t('create.fieldKind')}
          value={kind}
          onValue={(v) => setKind(v as ProductionKind)}
          options={KINDS.map((k) => ({ value: k, label: kindLabel(k) }))}
          error={f.errors.kind}
        />
        <SelectField
          id="timezone"
          label={t('create.fieldTimezone')}
          hint={t('create.fieldTimezoneHint')}
          value={timezone}
          onValue={setTimezone}
          options={zones.map((z) => ({ value: z, label: z.replace(/_/g, ' ') }))}
          error={f.errors.timezone}
        />
        <TextField
          id="noticeHours"
          label={t('create.fieldNotice')}
          hint={t('create.fieldNoticeHint')}
          inputMode="numeric"
          autoComplete="off"
          value={noticeHours}
          onValue={setNoticeHours}
          error={f.errors.noticeHours}
        />
        <div class="form-actions">
          <Button type="submit" busy={f.busy}>
            {f.busy ? t('create.busy') : t('create.submit')}
          </Button>
          <a class="btn btn-quiet" href="/productions">
            {t('create.cancel')}
          </a>
        </div>
      </form>
    </Page>
  );
}
