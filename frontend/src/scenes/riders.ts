// What a scene read says of a cast member's rider (issue 13): its state and
// the latest drafted version sit on the cast entry, so a screen asks for a
// rider only when there is one to read — no request, and no 404, per cast
// member without one.
import type { Scene } from '../api/types';

type CastEntry = Scene['cast'][number];

/**
 * Whether userId has a rider drafted on the scene (so `GET …/riders/{userId}`
 * has something to read). An entry without rider state — an older server —
 * is asked; someone not in the cast has none.
 */
export function riderDrafted(scene: Pick<Scene, 'cast'>, userId: string): boolean {
  const m: CastEntry | undefined = scene.cast.find((c) => c.userId === userId);
  if (!m) return false;
  if (m.rider === undefined) return true;
  return m.riderVersion !== undefined && m.riderVersion !== null;
}

/**
 * A rider waiting for userId's signature: required, drafted and the latest
 * version not signed. A required rider not drafted yet is not theirs to do.
 */
export function riderToSign(scene: Pick<Scene, 'cast'>, userId: string): boolean {
  const m = scene.cast.find((c) => c.userId === userId);
  return m?.rider === 'unsigned' && m.riderVersion !== undefined && m.riderVersion !== null;
}

/** When a rider is due: the call time less the production's notice hours (api.md). */
export function riderDue(callTime: string, noticeHours: number): string {
  return new Date(new Date(callTime).getTime() - noticeHours * 3_600_000).toISOString();
}
