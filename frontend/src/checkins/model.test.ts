import { describe, expect, it } from 'vitest';
import type { CheckIn, CheckInResponse, CheckinAnswer } from '../api/types';
import { t } from '../i18n';
import {
  ANSWERS,
  alerts,
  answerBadge,
  answerLabel,
  boardOrder,
  countAnswers,
  formatCountdown,
  isOpen,
  outcomeBadge,
  outcomeSentence,
  performerView,
  timeLeft,
} from './model';

const T0 = Date.parse('2026-03-01T10:00:00Z');

function response(userId: string, answer: CheckinAnswer | null): CheckInResponse {
  return { userId, displayName: userId.toUpperCase(), answer, answeredAt: answer && answer !== 'no_response' ? '2026-03-01T10:01:00Z' : null };
}

function checkin(over: Partial<CheckIn> = {}): CheckIn {
  return {
    id: 'c1',
    sceneId: 's1',
    reason: 'before take 4',
    requestedAt: '2026-03-01T10:00:00Z',
    expiresAt: '2026-03-01T10:05:00Z',
    open: true,
    outcome: null,
    responses: [response('alex', null), response('sam', null)],
    ...over,
  };
}

describe('countdown', () => {
  it('counts down to the expiry in m:ss, rounding up, never below zero', () => {
    const c = checkin();
    expect(timeLeft(c, T0)).toBe(300_000);
    expect(formatCountdown(timeLeft(c, T0))).toBe('5:00');
    expect(formatCountdown(timeLeft(c, T0 + 1))).toBe('5:00');
    expect(formatCountdown(timeLeft(c, T0 + 1000))).toBe('4:59');
    expect(formatCountdown(timeLeft(c, T0 + 295_500))).toBe('0:05');
    expect(formatCountdown(timeLeft(c, T0 + 300_000))).toBe('0:00');
    expect(timeLeft(c, T0 + 999_999)).toBe(0);
    expect(formatCountdown(3600_000)).toBe('1:00:00');
    expect(formatCountdown(30_000)).toBe('0:30');
  });

  it('is closed when the server says so or when the time has run out here', () => {
    expect(isOpen(checkin(), T0)).toBe(true);
    expect(isOpen(checkin(), T0 + 300_000)).toBe(false);
    expect(isOpen(checkin({ open: false }), T0)).toBe(false);
  });
});

describe("a performer's view", () => {
  it('shows the time left and no answer until they answer, then their answer', () => {
    expect(performerView(checkin(), 'alex', T0 + 60_000)).toEqual({ kind: 'open', remainingMs: 240_000, answer: null });
    const answered = checkin({ responses: [response('alex', 'stop')] });
    expect(performerView(answered, 'alex', T0)).toMatchObject({ kind: 'open', answer: 'stop' });
  });

  it('is calm once closed: their answer, or no response', () => {
    expect(performerView(checkin({ open: false, responses: [response('alex', 'ok')] }), 'alex', T0)).toEqual({ kind: 'closed', answer: 'ok' });
    expect(performerView(checkin({ open: false, outcome: 'no_response', responses: [response('alex', 'no_response')] }), 'alex', T0)).toEqual({
      kind: 'closed',
      answer: 'no_response',
    });
    expect(performerView(checkin(), 'alex', T0 + 301_000).kind).toBe('closed');
  });
});

describe('answers and outcome', () => {
  it('offers OK, Need a moment, Stop in that order, each with colour, word and icon', () => {
    expect(ANSWERS).toEqual(['ok', 'pause', 'stop']);
    expect(ANSWERS.map((a) => t(answerLabel(a)))).toEqual(['OK', 'Need a moment', 'Stop']);
    expect(answerBadge('ok')).toEqual({ tone: 'green', label: 'checkin.answer.ok', icon: 'check' });
    expect(answerBadge('pause')).toEqual({ tone: 'amber', label: 'checkin.answer.pause', icon: 'pause' });
    expect(answerBadge('stop')).toEqual({ tone: 'red', label: 'checkin.answer.stop', icon: 'stop' });
    expect(answerBadge('no_response')).toMatchObject({ tone: 'grey', label: 'checkin.answer.noResponse' });
    expect(answerBadge(null)).toMatchObject({ tone: 'grey', label: 'checkin.answer.waiting' });
  });

  it('counts answers and who has not answered', () => {
    const c = checkin({ responses: [response('a', 'ok'), response('b', 'pause'), response('c', null), response('d', 'stop'), response('e', null)] });
    expect(countAnswers(c)).toEqual({ ok: 1, pause: 1, stop: 1, noResponse: 0, waiting: 2, total: 5 });
    expect(alerts(c).map((r) => r.userId)).toEqual(['d', 'b']);
  });

  it("shows the server's outcome, never counting silence as OK", () => {
    expect(outcomeBadge(checkin({ outcome: 'ok', open: false })).label).toBe('checkin.answer.ok');
    expect(outcomeSentence({ outcome: 'ok', open: false })).toBe('checkin.outcome.ok');
    expect(outcomeSentence({ outcome: 'stop', open: true })).toBe('checkin.outcome.stop');
    expect(outcomeSentence({ outcome: 'pause', open: false })).toBe('checkin.outcome.pause');
    expect(outcomeSentence({ outcome: 'no_response', open: false })).toBe('checkin.outcome.noResponse');
    expect(t(outcomeSentence({ outcome: 'no_response', open: false }))).toMatch(/never counted as OK/);
    expect(outcomeSentence({ outcome: null, open: true })).toBe('checkin.outcome.waiting');
    expect(outcomeBadge(checkin()).label).toBe('checkin.answer.waiting');
  });

  it('orders a board: open ones soonest to close first, then the rest newest first', () => {
    const a = checkin({ id: 'a', expiresAt: '2026-03-01T10:09:00Z' });
    const b = checkin({ id: 'b', expiresAt: '2026-03-01T10:02:00Z' });
    const old = checkin({ id: 'old', open: false, requestedAt: '2026-02-28T10:00:00Z' });
    const newer = checkin({ id: 'newer', open: false, requestedAt: '2026-03-01T09:00:00Z' });
    expect(boardOrder([old, a, newer, b], T0).map((c) => c.id)).toEqual(['b', 'a', 'newer', 'old']);
  });
});

describe('board order by seriousness (issue 13)', () => {
  it('puts stop, need a moment, no response, waiting, then OK, open ones before closed ones', () => {
    const ok = checkin({ id: 'ok', responses: [response('a', 'ok')], expiresAt: '2026-03-01T10:01:00Z' });
    const pause = checkin({ id: 'pause', responses: [response('a', 'ok'), response('b', 'pause')] });
    const stop = checkin({ id: 'stop', responses: [response('a', 'stop')], expiresAt: '2026-03-01T10:09:00Z' });
    const waiting = checkin({ id: 'waiting', responses: [response('a', null)] });
    const none = checkin({ id: 'none', open: false, outcome: 'no_response', responses: [response('a', 'no_response')] });
    const closedOk = checkin({ id: 'closedOk', open: false, outcome: 'ok', responses: [response('a', 'ok')] });
    const closedPause = checkin({ id: 'closedPause', open: false, outcome: 'pause', requestedAt: '2026-02-01T10:00:00Z', responses: [response('a', 'pause')] });
    expect(boardOrder([ok, closedOk, waiting, none, pause, closedPause, stop], T0).map((c) => c.id)).toEqual([
      'stop',
      'pause',
      'waiting',
      'ok',
      'closedPause',
      'none',
      'closedOk',
    ]);
  });
});

describe('check-ins a producer sees (rule 10)', () => {
  it('counts from the server when there are no responses, and names nobody', async () => {
    const { countAnswers, alerts, ownResponse } = await import('./model');
    const producerView = { outcome: null, open: true, counts: { ok: 2, pause: 1, stop: 0, noResponse: 0, waiting: 1 } };
    expect(countAnswers(producerView)).toEqual({ ok: 2, pause: 1, stop: 0, noResponse: 0, waiting: 1, total: 4 });
    expect(alerts(producerView)).toEqual([]);
    expect(ownResponse(producerView, 'u1')).toBeNull();
    expect(countAnswers({})).toEqual({ ok: 0, pause: 0, stop: 0, noResponse: 0, waiting: 0, total: 0 });
  });
});
