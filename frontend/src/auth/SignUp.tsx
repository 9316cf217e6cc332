// The sign-up screen.
import { useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { Button, FormMessage, Page, TextField } from '../shared/ui';
import { useFormState } from '../shared/forms';
import { validateSignUp } from '../shared/validation';
import { navigate, safeNext, withNext } from '../shared/router';
import { signUp } from './session';

/** Creates an account, signs in, then continues to `next` (or their productions). */
export function SignUp(props: { next: string | null }) {
  const form = useRef<HTMLFormElement>(null);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [pronouns, setPronouns] = useState('');
  const f = useFormState();

  async function submit(e: Event) {
    e.preventDefault();
    const local = validateSignUp({ email, password, displayName });
    if (!f.check(form.current, local, t('validation.fixErrors'))) return;
    f.setBusy(true);
    const problem = await signUp({
      email: email.trim(),
      password,
      displayName: displayName.trim(),
      ...(pronouns.trim() ? { pronouns: pronouns.trim() } : {}),
    });
    f.setBusy(false);
    if (problem) {
      f.showProblem(form.current, problem, problem.code === 'email_taken' ? t('signup.emailTaken') : undefined);
      return;
    }
    navigate(safeNext(props.next), { replace: true });
  }

  const signinHref = props.next ? withNext('/signin', props.next) : '/signin';
  return (
    <Page title={t('signup.title')}>
      <form ref={form} class="form" noValidate onSubmit={submit}>
        <FormMessage message={f.message} />
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
          hint={t('field.passwordHint')}
          type="password"
          autoComplete="new-password"
          value={password}
          onValue={setPassword}
          error={f.errors.password}
        />
        <TextField
          id="displayName"
          maxLength={100}
          label={t('field.displayName')}
          hint={t('field.displayNameHint')}
          autoComplete="name"
          value={displayName}
          onValue={setDisplayName}
          error={f.errors.displayName}
        />
        <TextField
          id="pronouns"
          maxLength={40}
          label={t('field.pronouns')}
          hint={t('field.pronounsHint')}
          optional
          value={pronouns}
          onValue={setPronouns}
          error={f.errors.pronouns}
        />
        <div class="form-actions">
          <Button type="submit" busy={f.busy}>
            {f.busy ? t('signup.busy') : t('signup.submit')}
          </Button>
          <p class="form-alt">
            {t('signup.haveAccount')} <a href={signinHref}>{t('signup.toSignin')}</a>
          </p>
        </div>
      </form>
    </Page>
  );
}
