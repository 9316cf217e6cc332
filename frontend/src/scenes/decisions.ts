// One clear decision per consent state (issue 13, finding 3): the buttons a
// performer is offered on a scene, as a pure mapping from their consent state
// and whether the scene has been filmed. Never two "no" buttons at once:
//
// | state              | not filmed         | filmed (shot / wrapped)      |
// | ------------------ | ------------------ | ---------------------------- |
// | nothing published  | —                  | —                            |
// | pending            | Confirm · Decline  | Withdraw (+ footage sentence) |
// | confirmed          | Withdraw (+ promise) | Withdraw (+ footage sentence) |
// | declined           | Confirm version N  | Confirm version N            |
// | withdrawn          | Confirm version N  | Confirm version N            |
// | withdrawal sending | —                  | —                            |
//
// After filming a withdrawal is still recorded, flagged postPhotography and
// sent to the production as a request about footage use (product rule 3).
import type { ConsentState, SceneStatus } from '../api/types';

/** A button on the performer's scene. */
export type DecisionButton = 'confirm' | 'decline' | 'withdraw' | 'confirmVersion';

/** The sentence shown with the buttons. */
export type DecisionNote = 'promise' | 'footage' | null;

/** What a performer is offered: the buttons, in order, and the sentence beside them. */
export interface Decisions {
  buttons: DecisionButton[];
  note: DecisionNote;
}

/** The performer's state as the screen knows it: a consent state, nothing published yet, or a withdrawal on its way. */
export type DecisionState = ConsentState | 'unpublished' | 'sending';

/** Whether a scene has been filmed (status shot or wrapped, product rule 3). */
export function isFilmed(status: SceneStatus | null | undefined): boolean {
  return status === 'shot' || status === 'wrapped';
}

/** The buttons for a state (see the table above). */
export function decisionsFor(state: DecisionState, filmed: boolean): Decisions {
  switch (state) {
    case 'pending':
      return filmed ? { buttons: ['withdraw'], note: 'footage' } : { buttons: ['confirm', 'decline'], note: null };
    case 'confirmed':
      return { buttons: ['withdraw'], note: filmed ? 'footage' : 'promise' };
    case 'declined':
    case 'withdrawn':
      return { buttons: ['confirmVersion'], note: null };
    default:
      return { buttons: [], note: null };
  }
}

/** The buttons that say "no": at most one is ever offered. */
export const NO_BUTTONS: readonly DecisionButton[] = ['decline', 'withdraw'];
