// The page a reset link opens: a new password, typed twice. The token leaves
// the address bar at once. Changing the password ends every session of the
// account, this device's too, so the page ends with "Sign in".
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { api } from '../api/client';
import { call } from '../api/problem';
import { Button, FormMessage, Page, TextField } from '../shared/ui';
import { Checkbox } from '../shared/widgets';
import { useFormState } from '../shared/forms';
import { validateReset } from '../shared/validation';
import { location, navigate } from '../shared/router';
import { endSessionAfterReset } from './session';
import { forgotProblemText, resetProblem } from './messages';
import { takeResetToken } from './resetToken';
import { typedEmail } from './typedEmail';
import { EmailOnly } from './EmailOnly';

type Outcome = { kind: 'form' } | { kind: 'done' } | { kind: 'dead'; text: string };

function toSignIn() {
  typedEmail.set('');
  navigate('/signin');
}

/** The reset page: takes the token out of the address, then shows the form (when e-mail is on). */
export function ResetPassword() {
  const [token] = useState(takeResetToken);
  // The address was changed behind the router's back: tell it.
  useLayoutEffect(() => location.set({ path: window.location.pathname, query: new URLSearchParams(window.location.search) }), []);
  return (
    <EmailOnly title={t('reset.title')}>
      <ResetForm token={token} />
    </EmailOnly>
  );
}

/** The new-password form for `token`, and how it ended. */
function ResetForm({ token }: { token: string | null }) {
  const form = useRef<HTMLFormElement>(null);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [show, setShow] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(token ? { kind: 'form' } : { kind: 'dead', text: t('reset.noToken') });
  const f = useFormState();

  async function submit(e: Event) {
    e.preventDefault();
    if (!token || !f.check(form.current, validateReset({ password, confirm }), t('validation.fixErrors'))) return;
    f.setBusy(true);
    const result = await call(api.POST('/api/v1/auth/password-reset/confirm', { body: { token, password } }));
    if (result.ok) {
      // Every session ended on the server, this device's too: forget it here before offering "Sign in".
      await endSessionAfterReset();
      f.setBusy(false);
      setPassword('');
      setConfirm('');
      setOutcome({ kind: 'done' });
      return;
    }
    f.setBusy(false);
    const ended = resetProblem(result.problem);
    if (ended.linkDead) setOutcome({ kind: 'dead', text: ended.text });
    else f.showProblem(form.current, result.problem, result.problem.status === 429 ? forgotProblemText(result.problem) : undefined);
  }

  if (outcome.kind === 'done') {
    return (
      <Page title={t('reset.title')}>
        <FormMessage tone="success" message={t('reset.done')} />
        <div class="form-actions">
          <Button type="button" onClick={toSignIn}>
            {t('reset.toSignin')}
          </Button>
        </div>
      </Page>
    );
  }
  if (outcome.kind === 'dead') {
    return (
      <Page title={t('reset.title')}>
        <FormMessage tone="info" message={outcome.text} />
        <div class="form-actions">
          <a class="btn btn-primary" href="/forgot-password">
            {t('reset.askAgain')}
          </a>
        </div>
      </Page>
    );
  }

  return (
    <Page title={t('reset.title')}>
      <form ref={form} class="form" noValidate onSubmit={submit}>
        <FormMessage message={f.message} tone={f.tone} />
        <TextField
          id="password"
          maxLength={256}
          label={t('reset.password')}
          hint={t('field.passwordHint')}
          type={show ? 'text' : 'password'}
          autoComplete="new-password"
          value={password}
          onValue={setPassword}
          error={f.errors.password}
        />
        <TextField
          id="confirm"
          maxLength={256}
          label={t('reset.confirm')}
          type={show ? 'text' : 'password'}
          autoComplete="new-password"
          value={confirm}
          onValue={setConfirm}
          error={f.errors.confirm}
        />
        <Checkbox id="show-password" label={t('reset.show')} checked={show} onChange={setShow} />
        <div class="form-actions">
          <Button type="submit" busy={f.busy}>
            {f.busy ? t('reset.busy') : t('reset.submit')}
          </Button>
        </div>
      </form>
    </Page>
  );
}
