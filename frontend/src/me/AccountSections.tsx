// The parts of Me that end things (rule 13) and hand the person their record
// (rule 14): leaving a production, downloading everything held about them,
// and deleting the account. Each says plainly what it does before it is done;
// leaving and deleting also delete what this device saved.
import { useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { problemMessage } from '../api/problem';
import { api } from '../api/client';
import { call } from '../api/problem';
import type { Me, Membership } from '../api/types';
import { endDeletedAccount, loadMe } from '../auth/session';
import { Button, FormMessage, RoleBadge, TextField } from '../shared/ui';
import { Dialog } from '../shared/widgets';
import { navigate } from '../shared/router';
import { membershipProblem, removeMember } from '../productions/membership';
import { forgetProductionOnDevice } from '../productions/gone';
import { downloadRecord } from './record';

type Notice = { tone: 'success' | 'error'; text: string } | null;

/** The confirmation for leaving one production. */
function LeaveDialog(p: { membership: Membership; busy: boolean; error: string | null; onLeave: () => void; onClose: () => void }) {
  const title = p.membership.productionTitle;
  return (
    <Dialog
      id="leave"
      title={t('leave.title', { title })}
      onClose={p.onClose}
      actions={
        <>
          <Button variant="secondary" class="btn-danger" onClick={p.onLeave} busy={p.busy}>
            {t('leave.send', { title })}
          </Button>
          <Button variant="secondary" onClick={p.onClose}>
            {t('common.back')}
          </Button>
        </>
      }
    >
      <FormMessage message={p.error} />
      <ul class="plain-points">
        <li>{t('leave.access')}</li>
        {p.membership.role === 'performer' ? <li>{t('leave.cast')}</li> : null}
        {p.membership.role === 'coordinator' ? <li>{t('leave.coordinator')}</li> : null}
        <li>{t('leave.record')}</li>
        <li>{t('leave.device')}</li>
      </ul>
    </Dialog>
  );
}

/** The person's productions, each with "Leave production". */
export function MyProductions(p: { me: Me }) {
  const [leaving, setLeaving] = useState<Membership | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const trigger = useRef<HTMLElement | null>(null);

  function close(focus: HTMLElement | null) {
    setLeaving(null);
    setError(null);
    if (focus) window.setTimeout(() => focus.focus(), 0);
  }

  async function leave(m: Membership) {
    setBusy(true);
    const r = await removeMember(m.productionId, p.me.id);
    if (!r.ok && r.problem.status !== 404) {
      setBusy(false);
      setError(membershipProblem('leave', r.problem));
      return;
    }
    // Left (or already gone): nothing of it stays on this device.
    await forgetProductionOnDevice(m.productionId, p.me.id);
    setBusy(false);
    close(heading.current);
    setNotice({ tone: 'success', text: t('leave.done', { title: m.productionTitle }) });
    void loadMe();
  }

  return (
    <section class="section" aria-labelledby="my-productions-heading">
      <h2 id="my-productions-heading" class="section-title" tabIndex={-1} ref={heading}>
        {t('me.productions')}
      </h2>
      {notice ? <FormMessage tone={notice.tone} message={notice.text} /> : null}
      {p.me.memberships.length === 0 ? <p class="muted">{t('me.productionsNone')}</p> : null}
      {p.me.memberships.length ? (
        <ul class="list" aria-labelledby="my-productions-heading">
          {p.me.memberships.map((m) => (
            <li key={m.productionId} class="list-row member-row" data-testid="my-production">
              <span class="list-main">
                <span class="list-title">{m.productionTitle}</span>
              </span>
              <span class="member-side">
                <RoleBadge role={m.role} />
                <Button
                  variant="secondary"
                  class="btn-small"
                  aria-label={t('leave.openFor', { title: m.productionTitle })}
                  onClick={(e) => {
                    trigger.current = e.currentTarget as HTMLElement;
                    setError(null);
                    setNotice(null);
                    setLeaving(m);
                  }}
                >
                  {t('leave.open')}
                </Button>
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {leaving ? <LeaveDialog membership={leaving} busy={busy} error={error} onLeave={() => void leave(leaving)} onClose={() => close(trigger.current)} /> : null}
    </section>
  );
}

/** "Download my record": everything held about the person, as a JSON file. */
export function MyRecord() {
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  async function download() {
    setBusy(true);
    setNotice(null);
    const r = await downloadRecord();
    setBusy(false);
    setNotice(r.ok ? { tone: 'success', text: t('record.done', { name: r.data }) } : { tone: 'error', text: problemMessage(r.problem) });
  }
  return (
    <section class="section" aria-labelledby="record-heading">
      <h2 id="record-heading" class="section-title">
        {t('record.title')}
      </h2>
      <p class="muted" id="record-hint">
        {t('record.hint')}
      </p>
      <Button variant="secondary" onClick={download} busy={busy} aria-describedby="record-hint">
        {busy ? t('record.busy') : t('record.download')}
      </Button>
      <div aria-live="polite">{notice ? <FormMessage tone={notice.tone} message={notice.text} /> : null}</div>
    </section>
  );
}

/** The confirmation for deleting the account: what is erased, what is kept, and the password. */
function DeleteDialog(p: { busy: boolean; error: string | null; onDelete: (password: string) => void; onClose: () => void }) {
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState(false);
  return (
    <Dialog
      id="delete-account"
      title={t('account.deleteTitle')}
      onClose={p.onClose}
      actions={
        <>
          <Button
            variant="secondary"
            class="btn-danger"
            busy={p.busy}
            onClick={() => {
              if (!password) {
                setMissing(true);
                document.getElementById('delete-password')?.focus();
                return;
              }
              p.onDelete(password);
            }}
          >
            {t('account.deleteSend')}
          </Button>
          <Button variant="secondary" onClick={p.onClose}>
            {t('common.back')}
          </Button>
        </>
      }
    >
      <FormMessage message={p.error} />
      <p>{t('account.erasedIntro')}</p>
      <ul class="plain-points" data-testid="erased">
        <li>{t('account.erasedProfile')}</li>
        <li>{t('account.erasedPrivate')}</li>
        <li>{t('account.erasedDevice')}</li>
        <li>{t('account.erasedAlone')}</li>
      </ul>
      <p>{t('account.keptIntro')}</p>
      <ul class="plain-points" data-testid="kept">
        <li>{t('account.keptDecisions')}</li>
        <li>{t('account.keptRiders')}</li>
        <li>{t('account.keptAudit')}</li>
      </ul>
      <p>{t('account.exportFirst')}</p>
      <TextField
        id="delete-password"
        type="password"
        autoComplete="current-password"
        maxLength={256}
        label={t('account.password')}
        hint={t('account.passwordHint')}
        value={password}
        onValue={(v) => {
          setPassword(v);
          setMissing(false);
        }}
        error={missing ? t('validation.required') : undefined}
      />
    </Dialog>
  );
}

/** The sentence for a failed account deletion. */
export function deleteProblemMessage(problem: { status: number; code?: string; detail?: string; title?: string }): string {
  if (problem.status === 401 || problem.status === 403 || /password|credential/.test(problem.code ?? '')) return t('account.wrongPassword');
  return membershipProblem('deleteAccount', { ...problem });
}

/** "Delete my account". */
export function DeleteAccount() {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const opener = useRef<HTMLElement | null>(null);

  async function remove(password: string) {
    setBusy(true);
    setError(null);
    const r = await call(api.DELETE('/api/v1/me', { body: { password } }));
    if (!r.ok) {
      setBusy(false);
      setError(deleteProblemMessage(r.problem));
      return;
    }
    // Everything this device kept goes, then nobody is signed in here.
    await endDeletedAccount();
    navigate('/signin', { replace: true });
  }

  return (
    <section class="section" aria-labelledby="delete-heading">
      <h2 id="delete-heading" class="section-title">
        {t('account.deleteHeading')}
      </h2>
      <p class="muted">{t('account.deleteHint')}</p>
      <div class="account-actions">
        <Button
          variant="secondary"
          class="btn-danger"
          onClick={(e) => {
            opener.current = e.currentTarget as HTMLElement;
            setError(null);
            setOpen(true);
          }}
        >
          {t('account.deleteOpen')}
        </Button>
      </div>
      {open ? (
        <DeleteDialog
          busy={busy}
          error={error}
          onDelete={(pw) => void remove(pw)}
          onClose={() => {
            setOpen(false);
            window.setTimeout(() => opener.current?.focus(), 0);
          }}
        />
      ) : null}
    </section>
  );
}
