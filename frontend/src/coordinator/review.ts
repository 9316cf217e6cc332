// Review before publishing (issue 13, finding 4): the server's preview of a
// new choreography version (POST …/choreography/preview, which writes nothing)
// turned into what the review screen shows — the diff as the app's diff rows
// (with the steps themselves), who will be asked again by name, and every
// warning in step order.
import type { ChoreographyFlag, Scene, Step } from '../api/types';
import type { components } from '../api/schema';
import type { StepDiff } from '../scenes/diff';
import { castName } from '../scenes/data';

/** What the server answers to a preview. */
export type ChoreographyPreview = components['schemas']['ChoreographyPreview'];

/**
 * The server's diff rows (indexes only) with the steps they point at: old
 * steps from the current version, new ones from the draft. Rows whose index
 * points nowhere are left out rather than shown wrong.
 */
export function reviewDiff(rows: ChoreographyPreview['diff'], before: readonly Step[], after: readonly Step[]): StepDiff[] {
  const out: StepDiff[] = [];
  for (const r of rows) {
    const old = r.oldIndex === null ? undefined : before[r.oldIndex];
    const now = r.newIndex === null ? undefined : after[r.newIndex];
    if (r.kind === 'added' && now) out.push({ kind: 'added', step: now, newIndex: r.newIndex! });
    else if (r.kind === 'removed' && old) out.push({ kind: 'removed', step: old, oldIndex: r.oldIndex! });
    else if (r.kind === 'changed' && old && now)
      out.push({ kind: 'changed', step: now, before: old, oldIndex: r.oldIndex!, newIndex: r.newIndex!, fields: [...r.fields] });
    else if (r.kind === 'same' && old && now) out.push({ kind: 'same', step: now, oldIndex: r.oldIndex!, newIndex: r.newIndex! });
  }
  return out;
}

/** The people whose consent goes back to pending, by display name from the cast, in cast order. */
export function reopenNames(reopens: readonly string[], scene: Pick<Scene, 'cast'>): string[] {
  const ids = new Set(reopens);
  const inCast = scene.cast.filter((c) => ids.has(c.userId)).map((c) => c.displayName);
  const unknown = reopens.filter((id) => !scene.cast.some((c) => c.userId === id)).map((id) => castName(scene, id));
  return [...inCast, ...unknown];
}

/** Every warning, in step order (then as the server sent them). */
export function reviewFlags(flags: readonly ChoreographyFlag[]): ChoreographyFlag[] {
  return flags.map((f, i) => ({ f, i })).sort((a, b) => a.f.step - b.f.step || a.i - b.i).map(({ f }) => f);
}
