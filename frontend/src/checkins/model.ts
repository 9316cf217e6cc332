// How a check-in reads: the three answers with their colour, word and icon,
// the time left, each performer's state, the counts a coordinator sees and the
// outcome. The server decides the outcome and when a check-in closes; these
// functions only shape what it sent (the clock is passed in).
import type { MessageKey } from '../i18n';
import type { CheckIn, CheckInResponse, CheckinAnswer } from '../api/types';
import type { StateBadge } from '../scenes/consent';
import type { CheckInCounts } from '../api/types';

/**
 * A check-in as its viewer gets it: producers get no `responses` (only
 * `outcome` and `counts`, rule 10); performers only their own response.
 */
type Answers = { responses?: CheckIn['responses']; counts?: CheckInCounts };

const responsesOf = (c: Answers): CheckInResponse[] => c.responses ?? [];

/** An answer a performer can give. */
export type Answer = 'ok' | 'pause' | 'stop';

/** The three answers, in the order they are offered: OK · Need a moment · Stop. */
export const ANSWERS: readonly Answer[] = ['ok', 'pause', 'stop'];

const ANSWER_BADGES: Record<CheckinAnswer, StateBadge> = {
  ok: { tone: 'green', label: 'checkin.answer.ok', icon: 'check' },
  pause: { tone: 'amber', label: 'checkin.answer.pause', icon: 'pause' },
  stop: { tone: 'red', label: 'checkin.answer.stop', icon: 'stop' },
  no_response: { tone: 'grey', label: 'checkin.answer.noResponse', icon: 'dash' },
};

/** Not answered yet (the check-in is still open). */
export const WAITING_BADGE: StateBadge = { tone: 'grey', label: 'checkin.answer.waiting', icon: 'clock' };

/** The badge for an answer, or for "not answered yet" when it is null. */
export function answerBadge(answer: CheckinAnswer | null | undefined): StateBadge {
  return answer ? (ANSWER_BADGES[answer] ?? WAITING_BADGE) : WAITING_BADGE;
}

/** The label of an answer button. */
export function answerLabel(answer: Answer): MessageKey {
  return ANSWER_BADGES[answer].label;
}

/** Milliseconds until the check-in expires (never negative). */
export function timeLeft(c: Pick<CheckIn, 'expiresAt'>, now: number): number {
  const at = Date.parse(c.expiresAt);
  return Number.isNaN(at) ? 0 : Math.max(0, at - now);
}

/** A countdown as m:ss (or h:mm:ss from an hour), rounded up to the second. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Whether the check-in can still be answered: the server says open and its time has not run out here. */
export function isOpen(c: Pick<CheckIn, 'open' | 'expiresAt'>, now: number): boolean {
  return c.open && timeLeft(c, now) > 0;
}

/** The caller's own entry among the responses (performers see only theirs). */
export function ownResponse(c: Answers, userId: string): CheckInResponse | null {
  const responses = responsesOf(c);
  return responses.find((r) => r.userId === userId) ?? responses[0] ?? null;
}

/** What the performer's screen shows. */
export type PerformerView =
  /** Open: the time left and their answer so far (null until they answer). */
  | { kind: 'open'; remainingMs: number; answer: Answer | null }
  /** Closed: their answer, or no_response / null when they gave none. */
  | { kind: 'closed'; answer: CheckinAnswer | null };

/** The performer's view of a check-in at a moment. */
export function performerView(c: CheckIn, userId: string, now: number): PerformerView {
  const mine = ownResponse(c, userId)?.answer ?? null;
  if (isOpen(c, now)) return { kind: 'open', remainingMs: timeLeft(c, now), answer: mine === 'no_response' ? null : mine };
  return { kind: 'closed', answer: mine };
}

/** Answers counted for a coordinator's board. */
export interface CheckinCounts {
  ok: number;
  pause: number;
  stop: number;
  noResponse: number;
  /** Addressed performers who have not answered (while open). */
  waiting: number;
  total: number;
}

/** Counts a check-in's answers: the server's counts when it sent them (producers get nothing else), else from the responses. */
export function countAnswers(c: Answers): CheckinCounts {
  if (c.counts) {
    const n = (v: unknown) => (typeof v === 'number' && v > 0 ? v : 0);
    const k = { ok: n(c.counts.ok), pause: n(c.counts.pause), stop: n(c.counts.stop), noResponse: n(c.counts.noResponse), waiting: n(c.counts.waiting) };
    return { ...k, total: k.ok + k.pause + k.stop + k.noResponse + k.waiting };
  }
  const responses = responsesOf(c);
  const out: CheckinCounts = { ok: 0, pause: 0, stop: 0, noResponse: 0, waiting: 0, total: responses.length };
  for (const r of responses) {
    if (r.answer === 'ok') out.ok++;
    else if (r.answer === 'pause') out.pause++;
    else if (r.answer === 'stop') out.stop++;
    else if (r.answer === 'no_response') out.noResponse++;
    else out.waiting++;
  }
  return out;
}

/** The performers who need attention first: stop, then need a moment. */
export function alerts(c: Answers): CheckInResponse[] {
  const rank = (a: CheckinAnswer | null) => (a === 'stop' ? 0 : a === 'pause' ? 1 : 2);
  return responsesOf(c).filter((r) => r.answer === 'stop' || r.answer === 'pause').sort((a, b) => rank(a.answer) - rank(b.answer));
}

/** A check-in's outcome as a badge: the server's outcome, or "waiting" while it has none. */
export function outcomeBadge(c: Pick<CheckIn, 'outcome'>): StateBadge {
  return answerBadge(c.outcome);
}

/** The sentence under a check-in's outcome. */
export function outcomeSentence(c: Pick<CheckIn, 'outcome' | 'open'>): MessageKey {
  switch (c.outcome) {
    case 'ok':
      return 'checkin.outcome.ok';
    case 'pause':
      return 'checkin.outcome.pause';
    case 'stop':
      return 'checkin.outcome.stop';
    case 'no_response':
      return 'checkin.outcome.noResponse';
    default:
      return c.open ? 'checkin.outcome.waiting' : 'checkin.outcome.closed';
  }
}

type Ranked = Answers & { outcome?: CheckIn['outcome'] };

/**
 * How serious a check-in is, most serious first: any stop (0), any "need a
 * moment" (1), anyone who did not respond (2), anyone still waiting (3),
 * all OK (4). The server's outcome counts when it has one.
 */
export function seriousness(c: Ranked): number {
  const n = countAnswers(c);
  if (c.outcome === 'stop' || n.stop) return 0;
  if (c.outcome === 'pause' || n.pause) return 1;
  if (c.outcome === 'no_response' || n.noResponse) return 2;
  if (n.waiting || (!c.outcome && n.total === 0)) return 3;
  return 4;
}

/**
 * The board's order (issue 13, finding 6): open check-ins first, then the
 * rest; within each, by seriousness (stop, need a moment, no response,
 * waiting, OK), then open ones soonest to expire and closed ones newest first.
 */
export function boardOrder<T extends Pick<CheckIn, 'open' | 'expiresAt' | 'requestedAt'> & Ranked & { checkin?: Ranked }>(items: readonly T[], now: number): T[] {
  const rank = (x: T) => seriousness(x.checkin ?? x);
  const open = items.filter((c) => isOpen(c, now)).sort((a, b) => rank(a) - rank(b) || Date.parse(a.expiresAt) - Date.parse(b.expiresAt));
  const closed = items.filter((c) => !isOpen(c, now)).sort((a, b) => rank(a) - rank(b) || Date.parse(b.requestedAt) - Date.parse(a.requestedAt));
  return [...open, ...closed];
}
