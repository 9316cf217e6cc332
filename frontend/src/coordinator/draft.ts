// The choreography editor's draft: steps as typed (duration as text, a stable
// key per step for the list), converted to the API's steps and checked.
import { t } from '../i18n';
import type { BodyArea, Nudity, Step, StepContact } from '../api/types';
import type { FieldMessages } from '../shared/validation';
import { isBlocking, type PreviewFlag } from '../scenes/flags';

/** A contact as edited: the area may not be chosen yet. */
export interface DraftContact {
  fromUserId: string;
  toUserId: string;
  area: BodyArea | '';
}

/** A step as edited. */
export interface DraftStep {
  key: number;
  title: string;
  description: string;
  duration: string;
  performers: { userId: string; nudity: Nudity }[];
  contacts: DraftContact[];
  barrier: string;
}

let nextKey = 1;

/** A new empty step. */
export function emptyStep(): DraftStep {
  return { key: nextKey++, title: '', description: '', duration: '', performers: [], contacts: [], barrier: '' };
}

/** A draft step from a published one (to write a revision). */
export function draftOf(step: Step): DraftStep {
  return {
    key: nextKey++,
    title: step.title,
    description: step.description,
    duration: step.durationSec ? String(step.durationSec) : '',
    performers: step.performers.map((p) => ({ ...p })),
    contacts: step.contacts.map((c) => ({ ...c })),
    barrier: step.barrier ?? '',
  };
}

/** The API's step for a draft (contacts without an area are left out; validation reports them). */
export function stepOf(d: DraftStep): Step {
  const seconds = Number(d.duration.trim());
  return {
    title: d.title.trim(),
    description: d.description.trim(),
    ...(d.duration.trim() && Number.isInteger(seconds) && seconds > 0 ? { durationSec: seconds } : {}),
    performers: d.performers.map((p) => ({ userId: p.userId, nudity: p.nudity })),
    contacts: d.contacts.filter((c): c is StepContact => c.area !== ''),
    ...(d.barrier.trim() ? { barrier: d.barrier.trim() } : {}),
  };
}

/** Moves the item at index by delta (-1 up, +1 down); out of range leaves the list as is. */
export function move<T>(list: readonly T[], index: number, delta: number): T[] {
  const to = index + delta;
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return [...list];
  const out = [...list];
  const [item] = out.splice(index, 1);
  out.splice(to, 0, item!);
  return out;
}

/** Checks a draft: field messages keyed by the API's field paths. Blocking preview flags become messages too. */
export function validateDraft(summary: string, steps: readonly DraftStep[], flags: readonly PreviewFlag[]): FieldMessages {
  const out: FieldMessages = {};
  if (!summary.trim()) out.summary = t('validation.required');
  if (steps.length === 0) out.steps = t('editor.needStep');
  steps.forEach((s, i) => {
    const at = `steps[${i}]`;
    if (!s.title.trim()) out[`${at}.title`] = t('validation.required');
    // As the API's minItems 1: a step names at least one performer.
    if (s.performers.length === 0) out[`${at}.performers`] = t('editor.needPerformer');
    const d = s.duration.trim();
    if (d && !(Number.isInteger(Number(d)) && Number(d) > 0 && Number(d) <= 86400)) out[`${at}.durationSec`] = t('editor.durationInvalid');
    s.contacts.forEach((c, k) => {
      if (!c.area) out[`${at}.contacts[${k}].area`] = t('editor.areaRequired');
    });
  });
  for (const f of flags) {
    if (!isBlocking(f)) continue;
    if (f.code === 'barrier_required') out[f.field] ??= t('editor.barrierRequired');
    else if (f.code === 'not_cast') out[f.field] ??= t('editor.notCast');
    else if (f.code === 'not_in_step') out[f.field] ??= t('editor.notInStep');
  }
  return out;
}
