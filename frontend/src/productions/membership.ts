// Membership through the API (rule 13): change a member's role, remove a
// member, leave a production, list and revoke unused invites; and the plain
// sentences for what can go wrong.
import { t } from '../i18n';
import { call, problemMessage, type Problem, type Result } from '../api/problem';
import { api } from '../api/client';
import type { PendingInvite } from '../api/types';
import { newIdempotencyKey } from '../offline/queue';
import type { Member, Role } from '../api/types';

/** The code the server gives when a change would leave a production without a producer. */
export const LAST_PRODUCER = 'last_producer';

/** Changes a member's role (producers). */
export function changeRole(productionId: string, userId: string, role: Role): Promise<Result<Member>> {
  return call(
    api.PATCH('/api/v1/productions/{productionId}/members/{userId}', {
      params: { path: { productionId, userId } },
      headers: { 'Idempotency-Key': newIdempotencyKey() },
      body: { role },
    }),
  );
}

/** Removes a member (producers), or the caller themself (leaving). */
export function removeMember(productionId: string, userId: string): Promise<Result<undefined>> {
  return call(
    api.DELETE('/api/v1/productions/{productionId}/members/{userId}', {
      params: { path: { productionId, userId } },
      headers: { 'Idempotency-Key': newIdempotencyKey() },
    }),
  );
}

/** The unused, unexpired invites the caller may see (producers all, coordinators performer invites). */
export function listInvites(productionId: string): Promise<Result<PendingInvite[]>> {
  return call(api.GET('/api/v1/productions/{productionId}/invites', { params: { path: { productionId } } }));
}

/** Revokes an unused invite: its link stops working. */
export function revokeInvite(productionId: string, inviteId: string): Promise<Result<undefined>> {
  return call(
    api.DELETE('/api/v1/productions/{productionId}/invites/{inviteId}', {
      params: { path: { productionId, inviteId } },
      headers: { 'Idempotency-Key': newIdempotencyKey() },
    }),
  );
}

/** What a membership change's problem says, in plain words. */
export type MembershipAction = 'role' | 'remove' | 'leave' | 'revoke' | 'deleteAccount';

/** The sentence for a failed membership change. */
export function membershipProblem(action: MembershipAction, problem: Problem): string {
  if (problem.status === 409 && problem.code === LAST_PRODUCER) {
    if (action === 'leave') return t('members.lastProducerLeave');
    if (action === 'deleteAccount') return t('account.lastProducer');
    return t('members.lastProducer');
  }
  if (problem.status === 404) return action === 'revoke' ? t('invites.alreadyGone') : t('members.alreadyGone');
  if (problem.status === 403) return t('members.notAllowed');
  return problemMessage(problem);
}

/** Invites the caller may revoke: producers all, coordinators performer invites. */
export function canRevoke(callerRole: Role, invite: Pick<PendingInvite, 'role'>): boolean {
  return callerRole === 'producer' || (callerRole === 'coordinator' && invite.role === 'performer');
}

/** Whether the caller may change or remove this member (producers, never themself: they leave from Me). */
export function canManage(callerRole: Role, callerId: string, member: Pick<Member, 'userId'>): boolean {
  return callerRole === 'producer' && member.userId !== callerId;
}
