// The sign-in screen.
import { useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { Button, FormMessage, Page, TextField } from '../shared/ui';
import { useFormState } from '../shared/forms';
import { validateSignIn } from '../shared/validation';
import { navigate, safeNext, withNext } from '../shared/router';
import { useStore } from '../shared/store';
import { appConfig } from '../shared/config';
import { signIn } from './session';
import { signInProblemText } from './messages';
import { typedEmail } from './typedEmail';

/** Signs a person in, then continues to `next` (or their productions). */
export function SignIn(props: { next: string | null; expired?: boolean; deleted?: boolean }) {
  const form = useRef<HTMLFormElement>(null);
  const [email, setEmailState] = useState(typedEmail.get());
  const config = useStore(appConfig);
  const [password, setPassword] = useState('');
  const f = useFormState();

  function setEmail(value: string) {
    setEmailState(value);
    typedEmail.set(value);
  }

  async function submit(e: Event) {
    e.preventDefault();
    if (!f.check(form.current, validateSignIn({ email, password }), t('validation.fixErrors'))) return;
    f.setBusy(true);
    const problem = await signIn({ email: email.trim(), password });
    f.setBusy(false);
    if (problem) {
      f.showProblem(form.current, problem, signInProblemText(problem));
      return;
    }
    typedEmail.set('');
    navigate(safeNext(props.next), { replace: true });
  }

  const signupHref = props.next ? withNext('/signup', props.next) : '/signup';
  return (
    <Page title={t('signin.title')}>
      <form ref={form} class="form" noValidate onSubmit={submit}>
        <FormMessage message={f.message ?? (props.deleted ? t('account.deletedDone') : props.expired ? t('session.expired') : null)} tone={f.message ? 'error' : 'info'} />
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
        <TextField
          id="password"
          maxLength={256}
          label={t('field.password')}
          type="password"
          autoComplete="current-password"
          value={password}
          onValue={setPassword}
          error={f.errors.password}
        />
        {config.emailEnabled ? (
          <p class="form-alt form-alt-start">
            <a href="/forgot-password">{t('signin.forgot')}</a>
          </p>
        ) : null}
        <div class="form-actions">
          <Button type="submit" busy={f.busy}>
            {f.busy ? t('signin.busy') : t('signin.submit')}
          </Button>
          <p class="form-alt">
            {t('signin.noAccount')} <a href={signupHref}>{t('signin.toSignup')}</a>
          </p>
        </div>
      </form>
    </Page>
  );
}
