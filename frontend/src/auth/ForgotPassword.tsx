// "Forgot password?": asks for a reset link by e-mail. The answer is the
// same whether or not the address has an account.
import { useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { api } from '../api/client';
import { call } from '../api/problem';
import { Button, FormMessage, Page, TextField } from '../shared/ui';
import { useFormState } from '../shared/forms';
import { validateForgot } from '../shared/validation';
import { forgotProblemText } from './messages';
import { typedEmail } from './typedEmail';
import { EmailOnly } from './EmailOnly';

/** The forgot-password screen (only when e-mail is on). */
export function ForgotPassword() {
  return (
    <EmailOnly title={t('forgot.title')}>
      <ForgotForm />
    </EmailOnly>
  );
}

/** The forgot-password form, then its calm confirmation. */
function ForgotForm() {
  const form = useRef<HTMLFormElement>(null);
  const [email, setEmail] = useState(typedEmail.get().trim());
  const [sent, setSent] = useState(false);
  const f = useFormState();

  async function submit(e: Event) {
    e.preventDefault();
    if (!f.check(form.current, validateForgot({ email }), t('validation.fixErrors'))) return;
    f.setBusy(true);
    const result = await call(api.POST('/api/v1/auth/password-reset', { body: { email: email.trim() } }));
    f.setBusy(false);
    if (!result.ok) {
      f.showProblem(form.current, result.problem, forgotProblemText(result.problem));
      return;
    }
    setSent(true);
  }

  if (sent) {
    return (
      <Page title={t('forgot.title')}>
        <FormMessage tone="success" message={t('forgot.sent')} />
        <p class="muted">{t('forgot.sentHint')}</p>
        <p class="form-alt">
          <a href="/signin">{t('forgot.backToSignin')}</a>
        </p>
      </Page>
    );
  }

  return (
    <Page title={t('forgot.title')}>
      <form ref={form} class="form" noValidate onSubmit={submit}>
        <p>{t('forgot.intro')}</p>
        <FormMessage message={f.message} tone={f.tone} />
        <TextField
          id="email"
          maxLength={254}
          label={t('field.email')}
          type="email"
          inputMode="email"
          autoComplete="email"
          value={email}
          onValue={setEmail}
          error={f.errors.email}
        />
        <div class="form-actions">
          <Button type="submit" busy={f.busy}>
            {f.busy ? t('forgot.busy') : t('forgot.submit')}
          </Button>
          <p class="form-alt">
            <a href="/signin">{t('forgot.backToSignin')}</a>
          </p>
        </div>
      </form>
    </Page>
  );
}
