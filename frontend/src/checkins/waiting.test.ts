import { describe, expect, it } from 'vitest';
import type { CheckIn } from '../api/types';
import { mayBeAsked, unanswered } from './waiting';

const now = Date.parse('2026-11-22T18:00:00Z');
function checkin(id: string, expiresInMin: number, answer: NonNullable<CheckIn['responses']>[number]['answer'] | undefined, open = true): CheckIn {
  return {
    id,
    sceneId: 's1',
    reason: 'before take 2',
    requestedAt: new Date(now - 60_000).toISOString(),
    expiresAt: new Date(now + expiresInMin * 60_000).toISOString(),
    open,
    outcome: null,
    responses: [{ userId: 'me', displayName: 'Me', ...(answer ? { answer } : {}), answeredAt: answer ? new Date(now).toISOString() : null }],
  } as CheckIn;
}

describe('waiting check-ins', () => {
  it('keeps open check-ins not answered yet, soonest to close first', () => {
    const list = [checkin('late', 4, undefined), checkin('soon', 1, undefined), checkin('answered', 3, 'ok'), checkin('closed', 3, undefined, false), checkin('expired', -1, undefined)];
    expect(unanswered(list, 'me', now).map((c) => c.id)).toEqual(['soon', 'late']);
  });

  it('asks again when the only answer recorded is no_response', () => {
    expect(unanswered([checkin('c', 2, 'no_response')], 'me', now).map((c) => c.id)).toEqual(['c']);
  });

  it('follows only people cast somewhere', () => {
    expect(mayBeAsked({ memberships: [{ productionId: 'p', role: 'producer' }] } as never)).toBe(false);
    expect(mayBeAsked({ memberships: [{ productionId: 'p', role: 'coordinator' }, { productionId: 'q', role: 'performer' }] } as never)).toBe(true);
    expect(mayBeAsked(null)).toBe(false);
  });
});
