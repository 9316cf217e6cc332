// Opening an invite link: sign in or sign up first if needed (coming back
// here afterwards), then accept and go to the production.
import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { api } from '../api/client';
import { call, problemMessage, type Problem } from '../api/problem';
import type { Me } from '../api/types';
import { loadMe } from '../auth/session';
import { Button, FormMessage, Page } from '../shared/ui';
import { navigate, withNext } from '../shared/router';

/** The message for a failed accept: unknown/used (404) and expired (410) are named plainly. */
export function acceptProblemMessage(problem: Problem): string {
  if (problem.status === 404) return t('accept.invalid');
  if (problem.status === 410) return t('accept.expired');
  return problemMessage(problem);
}

/** The accept-invite screen for /invite/:token. */
export function AcceptInvite(props: { token: string; me: Me | null }) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const here = `/invite/${encodeURIComponent(props.token)}`;

  async function accept() {
    setBusy(true);
    setMessage(null);
    const result = await call(
      api.POST('/api/v1/invites/{token}/accept', { params: { path: { token: props.token } } }),
    );
    if (!result.ok) {
      setBusy(false);
      setMessage(acceptProblemMessage(result.problem));
      return;
    }
    await loadMe();
    setBusy(false);
    navigate(`/productions/${encodeURIComponent(result.data.productionId)}`, { replace: true });
  }

  return (
    <Page
      title={t('accept.title')}
      actions={
        props.me ? (
          <Button onClick={accept} busy={busy}>
            {busy ? t('accept.busy') : t('accept.submit')}
          </Button>
        ) : (
          <>
            <a class="btn btn-primary" href={withNext('/signin', here)}>
              {t('accept.signin')}
            </a>
            <a class="btn btn-secondary" href={withNext('/signup', here)}>
              {t('accept.signup')}
            </a>
          </>
        )
      }
    >
      <p>{t('accept.intro')}</p>
      {props.me ? (
        <p class="muted">{t('accept.signedInAs', { email: props.me.email })}</p>
      ) : (
        <p class="muted">{t('accept.signedOut')}</p>
      )}
      <FormMessage message={message} />
    </Page>
  );
}
