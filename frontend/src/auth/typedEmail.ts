// The e-mail address typed on the sign-in screen, kept in memory only, so
// "Forgot password?" starts with it filled in (never in the address bar).
import { createStore } from '../shared/store';

/** What the sign-in e-mail field holds now. */
export const typedEmail = createStore('');
