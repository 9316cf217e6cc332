// Me → Notifications: when notifications are also e-mailed. Three choices,
// each with what it means; a choice is saved at once.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { t, type MessageKey } from '../i18n';
import { api } from '../api/client';
import { call, problemMessage, type Problem } from '../api/problem';
import { EMAIL_SETTINGS, type EmailSetting } from '../api/types';
import { FormMessage, SkeletonRows } from '../shared/ui';
import { LoadError } from '../shared/widgets';
import { UNLOADED, settingSaver, type SettingView } from './emailSetting';

const TEXT: Record<EmailSetting, { label: MessageKey; hint: MessageKey }> = {
  off: { label: 'email.off', hint: 'email.offHint' },
  when_no_push: { label: 'email.whenNoPush', hint: 'email.whenNoPushHint' },
  always: { label: 'email.always', hint: 'email.alwaysHint' },
};

/** The e-mail setting (shown only when the server sends e-mail). */
export function EmailSettings() {
  const [view, setView] = useState<SettingView>(UNLOADED);
  const [loadProblem, setLoadProblem] = useState<Problem | null>(null);
  const [attempt, setAttempt] = useState(0);
  const saver = useMemo(
    () =>
      settingSaver(
        (email) => call(api.PUT('/api/v1/me/notification-settings', { body: { email } })),
        setView,
      ),
    [],
  );

  useEffect(() => {
    let live = true;
    setLoadProblem(null);
    void call(api.GET('/api/v1/me/notification-settings')).then((r) => {
      if (!live) return;
      if (r.ok) saver.loaded(r.data.email);
      else setLoadProblem(r.problem);
    });
    return () => {
      live = false;
    };
  }, [saver, attempt]);

  if (loadProblem) return <LoadError problem={loadProblem} onRetry={() => setAttempt((n) => n + 1)} />;
  if (view.value === null && !view.problem) return <SkeletonRows count={3} label={t('common.loading')} />;

  return (
    <>
      <fieldset class="choice-group email-setting" aria-describedby="email-setting-note" aria-busy={view.saving ? 'true' : undefined}>
        <legend class="section-subtitle">{t('email.legend')}</legend>
        {EMAIL_SETTINGS.map((v) => (
          <label key={v} class="choice choice-tall" for={`email-${v}`}>
            <input
              id={`email-${v}`}
              type="radio"
              name="email-setting"
              value={v}
              checked={view.value === v}
              onChange={() => void saver.choose(v)}
            />
            <span class="choice-text">
              <span class="choice-title">{t(TEXT[v].label)}</span>
              <span class="choice-hint">{t(TEXT[v].hint)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <p id="email-setting-note" class="muted">
        {t('email.checkinsNever')} {t('email.discreet')}
      </p>
      <FormMessage message={view.problem ? t('email.saveFailed', { reason: problemMessage(view.problem) }) : null} />
      <p class="copy-status" role="status" data-testid="email-setting-status">
        {view.saved ? t('email.saved') : ''}
      </p>
    </>
  );
}
