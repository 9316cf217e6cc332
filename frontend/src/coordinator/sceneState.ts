// What a coordinator's scene page leads with (issue 13, finding 6): the main
// button follows the scene's state, and the warnings are counted across the
// current version's flags and the cast's boundary conflicts, so the page never
// says "no warnings" while a conflict is listed elsewhere.
import type { Readiness, ReasonCode, SceneBoundaries, SceneStatus } from '../api/types';
import { isFilmed } from '../scenes/decisions';

/** The scene page's main button. */
export type MainAction = 'writeFirst' | 'scheduleDebrief' | 'writeRevision';

/**
 * No choreography → Write choreography; filmed with a debrief due → Schedule
 * debrief; otherwise Write a new version.
 */
export function mainAction(p: {
  currentVersion: number | null;
  status: SceneStatus;
  readiness: Readiness | null;
  reasons: readonly ReasonCode[];
}): MainAction {
  if (p.currentVersion === null) return 'writeFirst';
  if (isFilmed(p.status) && (p.readiness === 'debrief_due' || p.reasons.includes('debrief_due'))) return 'scheduleDebrief';
  return 'writeRevision';
}

/** Every warning on the scene: the current version's flags and each cast member's boundary conflicts (each step and person once). */
export function warningCount(flags: readonly { step: number; userId: string; code: string }[], boundaries: readonly SceneBoundaries[] | null): number {
  const seen = new Set(flags.map((f) => `${f.code}:${f.step}:${f.userId}`));
  for (const b of boundaries ?? []) for (const c of b.conflicts) seen.add(`${c.code}:${c.step}:${b.userId}`);
  return seen.size;
}

/** The first and last call dates (UTC) a coverage query needs to hold a call time in any zone. */
export function coverageDays(callTime: string): { from: string; to: string } | null {
  const at = Date.parse(callTime);
  if (Number.isNaN(at)) return null;
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { from: day(at - 86400_000), to: day(at + 86400_000) };
}
