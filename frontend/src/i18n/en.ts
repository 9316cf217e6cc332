// The English message catalogue: every string a person sees in the app lives
// here, keyed by screen. It is kept in two parts (issue 14, PWA): core.ts, the
// messages of the first screens, which ship with the first chunk, and
// more.ts, loaded with the first screen that needs it. This whole catalogue is
// for the tests and the types; the app reads it through t() (./index.ts).
import { core } from './core';
import { more } from './more';

export const en = { ...core, ...more } as const;

/** A key of the message catalogue. */
export type MessageKey = keyof typeof core | keyof typeof more;
