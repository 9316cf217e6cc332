// What changed between two choreography versions, step by step: which steps
// were added, removed or changed (and in which fields), in the order of the
// newer version. Steps are matched by content first (a longest common
// subsequence of identical steps), then a rewritten step is paired with the
// old one it most resembles, so moving or inserting a step does not make every
// later step look changed.
import type { Step } from '../api/types';

/** A part of a step that can change. */
export type StepField = 'title' | 'description' | 'durationSec' | 'performers' | 'contacts' | 'barrier';

/** Every field, in the order a step is read. */
export const STEP_FIELDS: readonly StepField[] = [
  'title',
  'description',
  'durationSec',
  'performers',
  'contacts',
  'barrier',
];

/** One row of a diff. Indexes are 0-based positions in their version. */
export type StepDiff =
  | { kind: 'same'; step: Step; oldIndex: number; newIndex: number }
  | { kind: 'added'; step: Step; newIndex: number }
  | { kind: 'removed'; step: Step; oldIndex: number }
  | { kind: 'changed'; step: Step; before: Step; oldIndex: number; newIndex: number; fields: StepField[] };

/** A field's value in a form that compares equal when it means the same. */
function fieldKey(step: Step, field: StepField): string {
  switch (field) {
    case 'title':
      return step.title.trim();
    case 'description':
      return step.description.trim();
    case 'durationSec':
      return String(step.durationSec ?? '');
    case 'barrier':
      return (step.barrier ?? '').trim();
    case 'performers':
      return step.performers
        .map((p) => `${p.userId}:${p.nudity}`)
        .sort()
        .join('|');
    case 'contacts':
      return step.contacts
        .map((c) => `${c.fromUserId}>${c.toUserId}:${c.area}`)
        .sort()
        .join('|');
  }
}

function stepKey(step: Step): string {
  return JSON.stringify(STEP_FIELDS.map((f) => fieldKey(step, f)));
}

/** The fields in which two steps differ. */
export function changedFields(before: Step, after: Step): StepField[] {
  return STEP_FIELDS.filter((f) => fieldKey(before, f) !== fieldKey(after, f));
}

/** Longest common subsequence of equal keys, as pairs of indexes. */
function lcs(a: string[], b: string[]): [number, number][] {
  const n = a.length;
  const m = b.length;
  const table: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i]![j] = a[i] === b[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
    }
  }
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (table[i + 1]![j]! >= table[i]![j + 1]!) {
      i++;
    } else {
      j++;
    }
  }
  return pairs;
}

/** Steps that share at least this many fields count as one step rewritten. */
const SIMILAR_FIELDS = 3;

/** Diffs the steps between two unmatched anchors. */
function diffGap(before: Step[], after: Step[], oldFrom: number, oldTo: number, newFrom: number, newTo: number): StepDiff[] {
  const olds: number[] = [];
  for (let i = oldFrom; i < oldTo; i++) olds.push(i);
  const pairOf = new Map<number, number>(); // new index -> old index
  const used = new Set<number>();
  // Same title first, then the most similar remaining step.
  for (let j = newFrom; j < newTo; j++) {
    const title = after[j]!.title.trim().toLowerCase();
    const match = olds.find((i) => !used.has(i) && before[i]!.title.trim().toLowerCase() === title);
    if (match !== undefined) {
      pairOf.set(j, match);
      used.add(match);
    }
  }
  for (let j = newFrom; j < newTo; j++) {
    if (pairOf.has(j)) continue;
    let best = -1;
    let bestScore = SIMILAR_FIELDS - 1;
    for (const i of olds) {
      if (used.has(i)) continue;
      const score = STEP_FIELDS.length - changedFields(before[i]!, after[j]!).length;
      if (score > bestScore) {
        best = i;
        bestScore = score;
      }
    }
    if (best >= 0) {
      pairOf.set(j, best);
      used.add(best);
    }
  }
  const out: StepDiff[] = [];
  for (const i of olds) {
    if (!used.has(i)) out.push({ kind: 'removed', step: before[i]!, oldIndex: i });
  }
  for (let j = newFrom; j < newTo; j++) {
    const i = pairOf.get(j);
    if (i === undefined) {
      out.push({ kind: 'added', step: after[j]!, newIndex: j });
    } else {
      out.push({
        kind: 'changed',
        step: after[j]!,
        before: before[i]!,
        oldIndex: i,
        newIndex: j,
        fields: changedFields(before[i]!, after[j]!),
      });
    }
  }
  return out;
}

/** Compares two versions' steps; the result follows the newer version's order. */
export function diffSteps(before: readonly Step[], after: readonly Step[]): StepDiff[] {
  const a = [...before];
  const b = [...after];
  const anchors = lcs(a.map(stepKey), b.map(stepKey));
  const out: StepDiff[] = [];
  let oi = 0;
  let ni = 0;
  for (const [i, j] of [...anchors, [a.length, b.length] as [number, number]]) {
    out.push(...diffGap(a, b, oi, i, ni, j));
    if (i < a.length && j < b.length) out.push({ kind: 'same', step: b[j]!, oldIndex: i, newIndex: j });
    oi = i + 1;
    ni = j + 1;
  }
  return out;
}

/** Whether a diff has anything to show besides unchanged steps. */
export function hasChanges(diff: readonly StepDiff[]): boolean {
  return diff.some((d) => d.kind !== 'same');
}
