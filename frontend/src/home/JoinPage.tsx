// Joining with an invite link pasted into the app (an installed app has no
// address bar): the link's token opens the invite screen, nothing else.
import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { Button, Page, TextField } from '../shared/ui';
import { navigate } from '../shared/router';

/** The invite token in a pasted link ("https://…/invite/<token>" or "/invite/<token>"), or null. */
export function inviteTokenOf(text: string): string | null {
  const m = /(?:^|\/)invite\/([A-Za-z0-9_-]{8,200})\/?(?:[?#].*)?$/.exec(text.trim());
  return m ? m[1]! : null;
}

/** Paste an invite link to open it. */
export function JoinPage() {
  const [link, setLink] = useState('');
  const [error, setError] = useState<string | undefined>();
  function submit(e: Event) {
    e.preventDefault();
    const token = inviteTokenOf(link);
    if (!token) {
      setError(t('join.invalid'));
      return;
    }
    navigate(`/invite/${encodeURIComponent(token)}`);
  }
  return (
    <Page title={t('join.title')}>
      <form class="stack" onSubmit={submit} noValidate>
        <TextField
          id="invite-link-input"
          label={t('join.label')}
          hint={t('join.hint')}
          type="url"
          value={link}
          onValue={(v) => {
            setLink(v);
            setError(undefined);
          }}
          error={error}
          autoComplete="off"
        />
        <Button type="submit">{t('join.submit')}</Button>
      </form>
    </Page>
  );
}
