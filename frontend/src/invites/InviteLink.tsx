// A freshly created invite: "Invite sent to …" when it was e-mailed, its link
// with a Copy button, and a select-all text field as the fallback where the
// clipboard is not available.
import { useEffect, useRef, useState } from 'preact/hooks';
import { t, formatDateTime } from '../i18n';
import type { Invite } from '../api/types';
import { Button, roleLabel } from '../shared/ui';

/** The link someone opens to accept the invite. */
export function inviteUrl(invite: Invite, origin: string): string {
  return invite.url || `${origin}/invite/${encodeURIComponent(invite.token)}`;
}

/** Shows an invite's link for the inviter to send. */
export function InviteLink(props: { invite: Invite; onAnother: () => void }) {
  const field = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState<'idle' | 'copied' | 'fallback'>('idle');
  const url = inviteUrl(props.invite, window.location.origin);

  useEffect(() => {
    field.current?.focus();
    field.current?.select();
  }, [url]);

  async function copy() {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(url);
      setStatus('copied');
    } catch {
      field.current?.focus();
      field.current?.select();
      setStatus('fallback');
    }
  }

  return (
    <div class="invite-link stack">
      {props.invite.emailed ? (
        <p role="status" class="notice notice-success">
          {t('invite.sent', { email: props.invite.email })}{' '}
          {t('invite.expires', { date: formatDateTime(props.invite.expiresAt) })}
        </p>
      ) : (
        <p role="status">
          {t('invite.created', { email: props.invite.email, role: roleLabel(props.invite.role) })}{' '}
          {t('invite.expires', { date: formatDateTime(props.invite.expiresAt) })}
        </p>
      )}
      <div class="field">
        <label for="invite-link" class="field-label">
          {t('invite.linkLabel')}
        </label>
        <p id="invite-link-hint" class="field-hint">
          {props.invite.emailed ? t('invite.alsoShare') : t('invite.shareHint')}
        </p>
        <input
          id="invite-link"
          ref={field}
          class="input input-mono"
          type="text"
          readOnly
          value={url}
          aria-describedby="invite-link-hint"
          onFocus={(e) => (e.currentTarget as HTMLInputElement).select()}
        />
      </div>
      <p class="copy-status" aria-live="polite">
        {status === 'copied' ? t('invite.copied') : status === 'fallback' ? t('invite.copyFallback') : ''}
      </p>
      <div class="form-actions">
        <Button type="button" onClick={copy}>
          {t('invite.copy')}
        </Button>
        <Button type="button" variant="secondary" onClick={props.onAnother}>
          {t('invite.another')}
        </Button>
      </div>
    </div>
  );
}
