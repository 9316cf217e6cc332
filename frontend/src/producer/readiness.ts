// How a scene's readiness reads: colour, word and icon together (never colour
// alone), the order states are counted and shown in, and the plain counts a
// coverage row shows about its cast. The server decides readiness and its
// reason codes; these functions only shape what it sent.
import type { MessageKey } from '../i18n';
import type { CoverageScene, CoverageSummary, Readiness, RiderStatus } from '../api/types';
import type { StateBadge } from '../scenes/consent';

/** Every readiness, in the order the summary tiles show them. */
export const READINESS: readonly Readiness[] = ['ready', 'at_risk', 'blocked', 'debrief_due', 'not_needed'];

const BADGES: Record<Readiness, StateBadge> = {
  ready: { tone: 'green', label: 'readiness.ready', icon: 'check' },
  at_risk: { tone: 'amber', label: 'readiness.atRisk', icon: 'warning' },
  blocked: { tone: 'red', label: 'readiness.blocked', icon: 'stop' },
  debrief_due: { tone: 'amber', label: 'readiness.debriefDue', icon: 'clock' },
  not_needed: { tone: 'grey', label: 'readiness.notNeeded', icon: 'dash' },
};

/** The badge of a readiness (an unknown value reads as "at risk": it needs a look). */
export function readinessBadge(r: Readiness): StateBadge {
  return BADGES[r] ?? BADGES.at_risk;
}

/** The word of a readiness. */
export function readinessLabel(r: Readiness): MessageKey {
  return readinessBadge(r).label;
}

const SEVERITY: Record<Readiness, number> = { blocked: 4, at_risk: 3, debrief_due: 2, ready: 1, not_needed: 0 };

/** The most serious of some readiness states (blocked › at risk › debrief due › ready › not needed), or null for none. */
export function worstReadiness(states: Iterable<Readiness>): Readiness | null {
  let worst: Readiness | null = null;
  for (const s of states) if (worst === null || (SEVERITY[s] ?? 3) > (SEVERITY[worst] ?? 3)) worst = s;
  return worst;
}

/** The summary's count for a readiness. */
export function summaryCount(summary: CoverageSummary, r: Readiness): number {
  switch (r) {
    case 'ready':
      return summary.ready;
    case 'at_risk':
      return summary.atRisk;
    case 'blocked':
      return summary.blocked;
    case 'debrief_due':
      return summary.debriefDue;
    case 'not_needed':
      return summary.notNeeded;
  }
}

/** Counts scenes per readiness (all five keys present). */
export function countReadiness(scenes: readonly Pick<CoverageScene, 'readiness'>[]): Record<Readiness, number> {
  const out: Record<Readiness, number> = { ready: 0, at_risk: 0, blocked: 0, debrief_due: 0, not_needed: 0 };
  for (const s of scenes) out[s.readiness] = (out[s.readiness] ?? 0) + 1;
  return out;
}

/** Scenes in call-time order (stable for equal times). */
export function byCallTime<T extends Pick<CoverageScene, 'callTime'>>(scenes: readonly T[]): T[] {
  return scenes
    .map((s, i) => ({ s, i, at: Date.parse(s.callTime) }))
    .sort((a, b) => (a.at - b.at) || (a.i - b.i))
    .map((x) => x.s);
}

/** What a coverage row says about its cast: confirmations and riders. */
export interface CastCounts {
  total: number;
  confirmed: number;
  /** Cast members whose rider is required (signed, late or unsigned). */
  ridersRequired: number;
  /** Of those, signed (on time or late). */
  ridersSigned: number;
}

/**
 * Counts a scene's confirmations (from consentCounts: producers never get a
 * cast member's consent, rule 10) and signed riders.
 */
export function castCounts(scene: Pick<CoverageScene, 'cast' | 'consentCounts'>): CastCounts {
  const out: CastCounts = { total: scene.cast.length, confirmed: scene.consentCounts.confirmed, ridersRequired: 0, ridersSigned: 0 };
  for (const c of scene.cast) {
    if (c.rider !== 'not_required') out.ridersRequired++;
    if (c.rider === 'signed' || c.rider === 'late') out.ridersSigned++;
  }
  return out;
}

const RIDER_BADGES: Record<RiderStatus, StateBadge> = {
  signed: { tone: 'green', label: 'rider.signed', icon: 'check' },
  late: { tone: 'amber', label: 'rider.late', icon: 'warning' },
  unsigned: { tone: 'amber', label: 'rider.unsigned', icon: 'clock' },
  not_required: { tone: 'grey', label: 'coverage.riderNotRequired', icon: 'dash' },
};

/** A cast member's rider state as colour, word and icon. */
export function riderBadge(r: RiderStatus): StateBadge {
  return RIDER_BADGES[r] ?? RIDER_BADGES.unsigned;
}

/** The consent states, in the order counts are shown. */
export const CONSENT_STATES = ['confirmed', 'pending', 'declined', 'withdrawn'] as const;

/**
 * Who is not confirmed in a scene, by name: only in a coordinator's coverage,
 * the one that carries each cast member's consent (a producer's has none:
 * they see consentCounts, rule 10).
 */
export function notConfirmed(scene: Pick<CoverageScene, 'cast'>): CoverageScene['cast'] {
  return scene.cast.filter((c) => c.consent !== undefined && c.consent !== 'confirmed');
}
