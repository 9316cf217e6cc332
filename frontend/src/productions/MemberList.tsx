// The members of a production with their roles.
import { t } from '../i18n';
import type { Member } from '../api/types';
import { RoleBadge } from '../shared/ui';

/** Lists members; the signed-in person is marked "you". */
export function MemberList(props: { members: readonly Member[]; meId: string }) {
  if (props.members.length === 0) return <p class="muted">{t('production.membersEmpty')}</p>;
  return (
    <ul class="list" aria-labelledby="members-heading">
      {props.members.map((m) => (
        <li key={m.userId} class="list-row" data-testid="member">
          <span class="list-main">
            <span class="list-title">
              {m.displayName}
              {m.userId === props.meId ? <span class="muted"> ({t('production.you')})</span> : null}
            </span>
            {m.pronouns ? <span class="list-sub">{m.pronouns}</span> : null}
          </span>
          <RoleBadge role={m.role} />
        </li>
      ))}
    </ul>
  );
}
