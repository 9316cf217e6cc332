// A scene's reason codes as sentences a producer reads at a glance ("2 of 3
// performers have not confirmed version 4", "2 of 2 riders not signed, due in
// 20 h"), built from the codes the server sent and the states in the same
// coverage row — never from notes or boundaries, which coverage never holds.
// The dashboard, the daily report and their tests share this one mapping.
import { t } from '../i18n';
import type { CoverageScene, ReasonCode } from '../api/types';

/** What the sentences need besides the scene: the clock and the production's notice period. */
export interface ReasonContext {
  /** Now, in milliseconds since the epoch. */
  now: number;
  /** The production's notice period in hours (riders are due this long before call time); null when unknown. */
  noticeHours: number | null;
}

/** The parts of a coverage row the sentences read. */
export type ReasonScene = Pick<CoverageScene, 'reasons' | 'cast' | 'consentCounts' | 'currentVersion' | 'callTime' | 'status'>;

/** Reason codes in the order they are read: what blocks first, then what puts the scene at risk, then after the shoot. */
export const REASON_ORDER: readonly ReasonCode[] = [
  'no_coordinator',
  'consent_withdrawn',
  'consent_declined',
  'exceeds_rider',
  'minor_rule',
  'no_choreography',
  'consent_pending',
  'rider_missing',
  'late_rider',
  'closed_set_missing',
  'debrief_due',
];

const HOUR = 3600_000;

/** A span of time in plain words: "45 min", "20 h", "3 days" (rounded down, at least 1 min). */
export function formatSpan(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < HOUR) return t('reason.span.minutes', { n: Math.max(1, Math.floor(abs / 60_000)) });
  if (abs < 48 * HOUR) return t('reason.span.hours', { n: Math.floor(abs / HOUR) });
  return t('reason.span.days', { n: Math.floor(abs / (24 * HOUR)) });
}

function count<T>(items: readonly T[], pick: (x: T) => boolean): number {
  return items.filter(pick).length;
}

function pending(scene: ReasonScene): string {
  const total = scene.cast.length;
  const n = scene.consentCounts.pending; // counts: a producer's cast carries no consent (rule 10)
  const version = scene.currentVersion;
  if (n === 0 || version === null) return t('reason.pendingPlain');
  if (total === 1) return t('reason.pendingOnly', { version });
  return t(n === 1 ? 'reason.pendingOne' : 'reason.pendingMany', { n, total, version });
}

function withdrawn(scene: ReasonScene): string {
  const n = scene.consentCounts.withdrawn;
  // After photography a withdrawal is a question about footage use (product rule 3).
  const after = scene.status !== 'planned';
  if (n <= 1) return t(after ? 'reason.withdrewOneAfter' : 'reason.withdrewOne');
  return t(after ? 'reason.withdrewManyAfter' : 'reason.withdrewMany', { n });
}

function declined(scene: ReasonScene): string {
  const n = scene.consentCounts.declined;
  const version = scene.currentVersion;
  if (version === null) return t('reason.declinedPlain');
  return n <= 1 ? t('reason.declinedOne', { version }) : t('reason.declinedMany', { n, version });
}

function riderMissing(scene: ReasonScene, ctx: ReasonContext): string {
  const required = count(scene.cast, (c) => c.rider !== 'not_required');
  const unsigned = count(scene.cast, (c) => c.rider === 'unsigned');
  const call = Date.parse(scene.callTime);
  if (ctx.noticeHours === null || Number.isNaN(call)) {
    return unsigned && required ? t('reason.ridersUnsigned', { n: unsigned, total: required }) : t('reason.ridersPlain');
  }
  const dueIn = call - ctx.noticeHours * HOUR - ctx.now;
  const time = formatSpan(dueIn);
  if (!unsigned || !required) return t(dueIn > 0 ? 'reason.ridersPlainDue' : 'reason.ridersPlainOverdue', { time });
  if (required === 1) return t(dueIn > 0 ? 'reason.riderDue' : 'reason.riderOverdue', { time });
  return t(dueIn > 0 ? 'reason.ridersDue' : 'reason.ridersOverdue', { n: unsigned, total: required, time });
}

function lateRider(scene: ReasonScene): string {
  const n = count(scene.cast, (c) => c.rider === 'late');
  return n <= 1 ? t('reason.lateOne') : t('reason.lateMany', { n });
}

function exceeds(scene: ReasonScene): string {
  return scene.currentVersion === null ? t('reason.exceedsPlain') : t('reason.exceeds', { version: scene.currentVersion });
}

/** One reason code as a sentence. */
export function reasonSentence(code: ReasonCode, scene: ReasonScene, ctx: ReasonContext): string {
  switch (code) {
    case 'no_coordinator':
      return t('reason.noCoordinator');
    case 'consent_pending':
      return pending(scene);
    case 'consent_withdrawn':
      return withdrawn(scene);
    case 'consent_declined':
      return declined(scene);
    case 'exceeds_rider':
      return exceeds(scene);
    case 'rider_missing':
      return riderMissing(scene, ctx);
    case 'late_rider':
      return lateRider(scene);
    case 'closed_set_missing':
      return t('reason.closedSetMissing');
    case 'no_choreography':
      return t('reason.noChoreography');
    case 'debrief_due':
      return t('reason.debriefDue');
    case 'minor_rule':
      return t('reason.minorRule');
    default:
      // A code this version of the app does not know yet: still shown, never hidden.
      return t('reason.unknown', { code: String(code) });
  }
}

/** A scene's reasons as sentences, most serious first, each code once. */
export function reasonSentences(scene: ReasonScene, ctx: ReasonContext): string[] {
  const codes = [...new Set(scene.reasons)];
  const rank = (c: ReasonCode) => {
    const i = REASON_ORDER.indexOf(c);
    return i < 0 ? REASON_ORDER.length : i;
  };
  return codes
    .map((c, i) => ({ c, i }))
    .sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i)
    .map(({ c }) => reasonSentence(c, scene, ctx));
}
