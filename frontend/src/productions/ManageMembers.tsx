// Members and invites, reached from the production's page (rule 13).
// Producers change a member's role or remove them — removal says plainly what
// it does before it is done — and see every unused invite; coordinators see
// and revoke the performer invites. The invite form lives here too.
import { useRef, useState } from 'preact/hooks';
import { t, formatDateTime } from '../i18n';
import { api } from '../api/client';
import { call } from '../api/problem';
import { ROLES, type Me, type Member, type Role } from '../api/types';
import type { PendingInvite } from '../api/types';
import { Button, FormMessage, Page, RoleBadge, SkeletonRows, roleLabel } from '../shared/ui';
import { Dialog, LoadError, RadioGroup } from '../shared/widgets';
import { useLoad } from '../shared/useLoad';
import { InviteForm } from '../invites/InviteForm';
import { canManage, canRevoke, changeRole, listInvites, membershipProblem, removeMember, revokeInvite } from './membership';

type Notice = { tone: 'success' | 'error'; text: string } | null;

/** What changing to a role does, in plain words (api.md). */
function roleChangeHint(from: Role, to: Role): string | undefined {
  if (from === to) return undefined;
  if (from === 'performer') return t('members.roleFromPerformer');
  if (from === 'coordinator') return t('members.roleFromCoordinator');
  return undefined;
}

/** The role dialog: the roles, what a change does, and the way to removal. */
function RoleDialog(p: { member: Member; busy: boolean; onSave: (role: Role) => void; onRemove: () => void; onClose: () => void; error: string | null }) {
  const [role, setRole] = useState<Role>(p.member.role);
  return (
    <Dialog
      id="member-role"
      title={t('members.manageFor', { name: p.member.displayName })}
      onClose={p.onClose}
      actions={
        <>
          <Button onClick={() => p.onSave(role)} busy={p.busy} disabled={role === p.member.role}>
            {t('members.saveRole')}
          </Button>
          <Button variant="secondary" class="btn-danger" onClick={p.onRemove}>
            {t('members.removeOpen')}
          </Button>
          <Button variant="secondary" onClick={p.onClose}>
            {t('common.back')}
          </Button>
        </>
      }
    >
      <FormMessage message={p.error} />
      <RadioGroup id="member-role-choice" legend={t('members.role')} options={ROLES} label={roleLabel} value={role} onValue={setRole} hint={roleChangeHint(p.member.role, role)} />
    </Dialog>
  );
}

/** The removal confirmation: what removal does, then one confirmation. */
function RemoveDialog(p: { member: Member; busy: boolean; onRemove: () => void; onClose: () => void; error: string | null }) {
  return (
    <Dialog
      id="member-remove"
      title={t('members.removeTitle', { name: p.member.displayName })}
      onClose={p.onClose}
      actions={
        <>
          <Button class="btn-danger" variant="secondary" onClick={p.onRemove} busy={p.busy}>
            {t('members.removeSend', { name: p.member.displayName })}
          </Button>
          <Button variant="secondary" onClick={p.onClose}>
            {t('common.back')}
          </Button>
        </>
      }
    >
      <FormMessage message={p.error} />
      <p>{t('members.removeIntro')}</p>
      <ul class="plain-points">
        <li>{t('members.removeAccess')}</li>
        {p.member.role === 'performer' ? <li>{t('members.removeCast')}</li> : null}
        {p.member.role === 'coordinator' ? <li>{t('members.removeCoordinator')}</li> : null}
        <li>{t('members.removeRecord')}</li>
      </ul>
    </Dialog>
  );
}

/** The revoke confirmation. */
function RevokeDialog(p: { invite: PendingInvite; busy: boolean; onRevoke: () => void; onClose: () => void; error: string | null }) {
  return (
    <Dialog
      id="invite-revoke"
      title={t('invites.revokeTitle')}
      onClose={p.onClose}
      actions={
        <>
          <Button class="btn-danger" variant="secondary" onClick={p.onRevoke} busy={p.busy}>
            {t('invites.revokeSend')}
          </Button>
          <Button variant="secondary" onClick={p.onClose}>
            {t('common.back')}
          </Button>
        </>
      }
    >
      <FormMessage message={p.error} />
      <p>{t('invites.revokeBody', { email: p.invite.email, role: roleLabel(p.invite.role) })}</p>
    </Dialog>
  );
}

type Open = { kind: 'role' | 'remove'; member: Member } | { kind: 'revoke'; invite: PendingInvite } | null;

/** The members and invites screen of a production. */
export function ManageMembers(props: { productionId: string; role: Role; me: Me }) {
  const path = { params: { path: { productionId: props.productionId } } };
  const [members, reloadMembers] = useLoad(() => call(api.GET('/api/v1/productions/{productionId}/members', path)), [props.productionId]);
  const [invites, reloadInvites] = useLoad(() => listInvites(props.productionId), [props.productionId]);
  const [open, setOpen] = useState<Open>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const membersHeading = useRef<HTMLHeadingElement>(null);
  const invitesHeading = useRef<HTMLHeadingElement>(null);
  const title = props.me.memberships.find((m) => m.productionId === props.productionId)?.productionTitle;

  function close(focus?: HTMLElement | null) {
    setOpen(null);
    setError(null);
    // Back where the person was: the button that opened the dialog, or the section when that row is gone.
    if (focus) window.setTimeout(() => focus.focus(), 0);
  }

  function opener(): HTMLElement | null {
    return document.activeElement instanceof HTMLElement ? document.activeElement : null;
  }
  const [trigger, setTrigger] = useState<HTMLElement | null>(null);
  function show(next: Open) {
    setTrigger(opener());
    setError(null);
    setNotice(null);
    setOpen(next);
  }

  async function saveRole(member: Member, role: Role) {
    setBusy(true);
    const r = await changeRole(props.productionId, member.userId, role);
    setBusy(false);
    if (!r.ok) {
      setError(membershipProblem('role', r.problem));
      return;
    }
    close(trigger);
    setNotice({ tone: 'success', text: t('members.roleChanged', { name: member.displayName, role: roleLabel(role) }) });
    reloadMembers();
  }

  async function remove(member: Member) {
    setBusy(true);
    const r = await removeMember(props.productionId, member.userId);
    setBusy(false);
    if (!r.ok) {
      setError(membershipProblem('remove', r.problem));
      return;
    }
    close(membersHeading.current);
    setNotice({ tone: 'success', text: t('members.removed', { name: member.displayName }) });
    reloadMembers();
  }

  async function revoke(invite: PendingInvite) {
    setBusy(true);
    const r = await revokeInvite(props.productionId, invite.id);
    setBusy(false);
    if (!r.ok && r.problem.status !== 404) {
      setError(membershipProblem('revoke', r.problem));
      return;
    }
    close(invitesHeading.current);
    setNotice({ tone: 'success', text: t('invites.revoked', { email: invite.email }) });
    reloadInvites();
  }

  return (
    <Page title={t('members.title')}>
      {title ? <p class="muted">{title}</p> : null}
      {notice ? <FormMessage tone={notice.tone} message={notice.text} /> : null}

      <section class="section" aria-labelledby="manage-members-heading">
        <h2 id="manage-members-heading" class="section-title" tabIndex={-1} ref={membersHeading}>
          {t('production.members')}
        </h2>
        {members.state === 'loading' ? <SkeletonRows count={3} /> : null}
        {members.state === 'error' ? <LoadError problem={members.problem} onRetry={reloadMembers} /> : null}
        {members.state === 'ok' ? (
          <ul class="list" aria-labelledby="manage-members-heading">
            {members.data.map((m) => (
              <li key={m.userId} class="list-row member-row" data-testid="member">
                <span class="list-main">
                  <span class="list-title">
                    {m.displayName}
                    {m.userId === props.me.id ? <span class="muted"> ({t('production.you')})</span> : null}
                  </span>
                  {m.pronouns ? <span class="list-sub">{m.pronouns}</span> : null}
                </span>
                <span class="member-side">
                  <RoleBadge role={m.role} />
                  {canManage(props.role, props.me.id, m) ? (
                    <Button variant="secondary" class="btn-small" aria-label={t('members.manageFor', { name: m.displayName })} onClick={() => show({ kind: 'role', member: m })}>
                      {t('members.manage')}
                    </Button>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
        ) : null}
        {props.role === 'producer' ? <p class="muted">{t('members.leaveHint')}</p> : null}
      </section>

      <section class="section" aria-labelledby="pending-invites-heading">
        <h2 id="pending-invites-heading" class="section-title" tabIndex={-1} ref={invitesHeading}>
          {t('invites.pending')}
        </h2>
        {props.role === 'coordinator' ? <p class="muted">{t('invites.coordinatorHint')}</p> : null}
        {invites.state === 'loading' ? <SkeletonRows count={1} /> : null}
        {invites.state === 'error' ? <LoadError problem={invites.problem} onRetry={reloadInvites} /> : null}
        {invites.state === 'ok' && invites.data.length === 0 ? <p class="muted">{t('invites.none')}</p> : null}
        {invites.state === 'ok' && invites.data.length ? (
          <ul class="list" aria-labelledby="pending-invites-heading">
            {invites.data.map((i) => (
              <li key={i.id} class="list-row member-row" data-testid="pending-invite">
                <span class="list-main">
                  <span class="list-title clip" title={i.email}>
                    {i.email}
                  </span>
                  <span class="list-sub">{t('invite.expires', { date: formatDateTime(i.expiresAt) })}</span>
                </span>
                <span class="member-side">
                  <RoleBadge role={i.role} />
                  {canRevoke(props.role, i) ? (
                    <Button variant="secondary" class="btn-small" aria-label={t('invites.revokeFor', { email: i.email })} onClick={() => show({ kind: 'revoke', invite: i })}>
                      {t('invites.revoke')}
                    </Button>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
        ) : null}
      </section>

      <section class="section" aria-labelledby="invite-heading">
        <h2 id="invite-heading" class="section-title">
          {t('invite.title')}
        </h2>
        <InviteForm productionId={props.productionId} inviterRole={props.role} onCreated={reloadInvites} />
      </section>

      {open?.kind === 'role' ? (
        <RoleDialog
          member={open.member}
          busy={busy}
          error={error}
          onSave={(role) => void saveRole(open.member, role)}
          onRemove={() => {
            setError(null);
            setOpen({ kind: 'remove', member: open.member });
          }}
          onClose={() => close(trigger)}
        />
      ) : null}
      {open?.kind === 'remove' ? (
        <RemoveDialog member={open.member} busy={busy} error={error} onRemove={() => void remove(open.member)} onClose={() => close(trigger)} />
      ) : null}
      {open?.kind === 'revoke' ? (
        <RevokeDialog invite={open.invite} busy={busy} error={error} onRevoke={() => void revoke(open.invite)} onClose={() => close(trigger)} />
      ) : null}
    </Page>
  );
}
