// Inviting someone to a production: producers may invite any role,
// coordinators only performers (the server enforces this too).
import { useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { api } from '../api/client';
import { call } from '../api/problem';
import { ROLES, type Invite, type Role } from '../api/types';
import { Button, FormMessage, SelectField, TextField, roleLabel } from '../shared/ui';
import { useFormState } from '../shared/forms';
import { validateInvite } from '../shared/validation';
import { InviteLink } from './InviteLink';
import { appConfig } from '../shared/config';
import { useStore } from '../shared/store';

/** The roles someone holding inviterRole may invite. */
export function invitableRoles(inviterRole: Role): Role[] {
  if (inviterRole === 'producer') return [...ROLES];
  if (inviterRole === 'coordinator') return ['performer'];
  return [];
}

/** Creates an invite (e-mailed when the server sends e-mail) and shows its link. */
export function InviteForm(props: { productionId: string; inviterRole: Role; onCreated?: () => void }) {
  const form = useRef<HTMLFormElement>(null);
  const roles = invitableRoles(props.inviterRole);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('performer');
  const [invite, setInvite] = useState<Invite | null>(null);
  const f = useFormState();
  const emailOn = useStore(appConfig).emailEnabled;

  async function submit(e: Event) {
    e.preventDefault();
    if (!f.check(form.current, validateInvite({ email }), t('validation.fixErrors'))) return;
    f.setBusy(true);
    const result = await call(
      api.POST('/api/v1/productions/{productionId}/invites', {
        params: { path: { productionId: props.productionId } },
        body: { email: email.trim(), role },
      }),
    );
    f.setBusy(false);
    if (!result.ok) {
      f.showProblem(form.current, result.problem);
      return;
    }
    setInvite(result.data);
    props.onCreated?.();
  }

  if (invite) {
    return (
      <InviteLink
        invite={invite}
        onAnother={() => {
          setInvite(null);
          setEmail('');
          setRole('performer');
        }}
      />
    );
  }

  return (
    <form ref={form} class="form" noValidate onSubmit={submit}>
      <FormMessage message={f.message} />
      <TextField
        id="invite-email"
        maxLength={254}
        name="email"
        label={t('invite.email')}
        type="email"
        inputMode="email"
        autoComplete="off"
        value={email}
        onValue={setEmail}
        error={f.errors.email}
      />
      <SelectField
        id="invite-role"
        label={t('invite.role')}
        hint={roles.length === 1 ? t('invite.roleOnlyPerformer') : undefined}
        value={role}
        onValue={(v) => setRole(v as Role)}
        options={roles.map((r) => ({ value: r, label: roleLabel(r) }))}
        disabled={roles.length === 1}
        error={f.errors.role}
      />
      <div class="form-actions">
        <Button type="submit" busy={f.busy}>
          {emailOn ? (f.busy ? t('invite.busyEmail') : t('invite.submitEmail')) : f.busy ? t('invite.busy') : t('invite.submit')}
        </Button>
      </div>
    </form>
  );
}
