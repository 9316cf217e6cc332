// A preview of what the server will say about a choreography draft, for
// instant feedback in the editor. The server is the authority: it repeats
// every rule when the version is published (422 for a missing barrier, people
// not cast or not in the step; flags for boundary conflicts and riders
// exceeded). One difference is known: the server compares with each
// performer's latest signed rider, the preview only with the current rider
// version when it is signed (the API offers no older versions).
import type { BodyArea, Boundary, ContentTag, Nudity, Rider, Step } from '../api/types';
import { NUDITY_LEVELS, RIDER_TAGS } from '../api/types';

/** A problem found in a draft, on a 1-based step. */
export type PreviewFlag =
  | { step: number; code: 'barrier_required'; field: string }
  | { step: number; code: 'not_cast'; userId: string; field: string }
  | { step: number; code: 'not_in_step'; userId: string; field: string }
  | { step: number; code: 'boundary_conflict'; userId: string; boundaryId: string }
  | { step: number; code: 'exceeds_rider'; userId: string; reason: 'nudity' | 'area' | 'act'; area?: BodyArea; act?: ContentTag };

/** Whether a flag stops publishing (422) rather than warning. */
export function isBlocking(flag: PreviewFlag): boolean {
  return flag.code === 'barrier_required' || flag.code === 'not_cast' || flag.code === 'not_in_step';
}

/** What the preview knows about the scene. */
export interface PreviewInput {
  sceneId: string;
  /** The scene's content tags: riders count only when one is required, and acts are checked against them. */
  contentTags?: readonly ContentTag[];
  castIds: readonly string[];
  /** Each cast member's current rider, or null when none is written. */
  riders: Readonly<Record<string, Rider | null | undefined>>;
  /** Each cast member's boundaries (the coordinator's view). */
  boundaries: Readonly<Record<string, readonly Boundary[] | undefined>>;
}

const rank = (n: Nudity) => NUDITY_LEVELS.indexOf(n);

function applies(b: Boundary, sceneId: string): boolean {
  return b.sceneId == null || b.sceneId === '' || b.sceneId === sceneId;
}

/** Flags for every step of a draft, in step order. */
export function previewFlags(steps: readonly Step[], input: PreviewInput): PreviewFlag[] {
  const cast = new Set(input.castIds);
  const tags = input.contentTags ?? [];
  const ridersCount = tags.some((t) => RIDER_TAGS.includes(t));
  const signed = (userId: string) => {
    const r = input.riders[userId];
    return ridersCount && r?.signedAt ? r : null;
  };
  const out: PreviewFlag[] = [];
  steps.forEach((s, i) => {
    const step = i + 1;
    const at = `steps[${i}]`;
    const inStep = new Set(s.performers.map((p) => p.userId));
    s.performers.forEach((p, k) => {
      if (!cast.has(p.userId)) out.push({ step, code: 'not_cast', userId: p.userId, field: `${at}.performers[${k}].userId` });
    });
    s.contacts.forEach((c, k) => {
      for (const [name, id] of [
        ['fromUserId', c.fromUserId],
        ['toUserId', c.toUserId],
      ] as const) {
        const field = `${at}.contacts[${k}].${name}`;
        if (!cast.has(id)) out.push({ step, code: 'not_cast', userId: id, field });
        else if (!inStep.has(id)) out.push({ step, code: 'not_in_step', userId: id, field });
      }
    });
    if (s.contacts.some((c) => c.area === 'genitals') && !(s.barrier ?? '').trim()) {
      out.push({ step, code: 'barrier_required', field: `${at}.barrier` });
    }
    for (const userId of input.castIds) {
      const mine = (input.boundaries[userId] ?? []).filter((b) => applies(b, input.sceneId));
      const nudity = s.performers.find((p) => p.userId === userId)?.nudity;
      const touched = s.contacts.filter((c) => c.toUserId === userId).map((c) => c.area);
      const appears = inStep.has(userId) || s.contacts.some((c) => c.fromUserId === userId || c.toUserId === userId);
      // Boundaries: contact on a protected area, or more nudity than the limit.
      for (const b of mine) {
        const hit =
          (b.kind === 'no_contact' && b.areas.some((a) => touched.includes(a))) ||
          (b.kind === 'max_nudity' && b.maxNudity != null && nudity !== undefined && rank(nudity) > rank(b.maxNudity));
        if (hit) out.push({ step, code: 'boundary_conflict', userId, boundaryId: b.id });
      }
      // Riders: more nudity, an area not agreed, or a scene act not agreed.
      const rider = signed(userId);
      if (!rider) continue;
      if (nudity !== undefined && rank(nudity) > rank(rider.nudity)) out.push({ step, code: 'exceeds_rider', userId, reason: 'nudity' });
      for (const area of new Set(touched)) {
        if (!rider.visibleAreas.includes(area)) out.push({ step, code: 'exceeds_rider', userId, reason: 'area', area });
      }
      if (appears) {
        for (const act of tags) {
          if (!rider.acts.includes(act)) out.push({ step, code: 'exceeds_rider', userId, reason: 'act', act });
        }
      }
    }
  });
  return out;
}
