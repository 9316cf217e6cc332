// What the sign-in, forgot-password and reset screens say for the server's
// answers that are not field errors: a lockout with its wait, e-mail being
// off, a reset link that was used or has expired.
import { t, waitText } from '../i18n';
import { problemMessage, type Problem } from '../api/problem';

/** The sign-in form's message for a failed sign-in. */
export function signInProblemText(problem: Problem): string {
  if (problem.status === 401) return t('signin.invalid');
  if (problem.status === 429) {
    return problem.retryAfter !== undefined ? t('signin.tooMany', { wait: waitText(problem.retryAfter) }) : t('signin.tooManyLater');
  }
  return problemMessage(problem);
}

/** The forgot-password form's message for a request that was not accepted. */
export function forgotProblemText(problem: Problem): string {
  if (problem.status === 429) {
    return problem.retryAfter !== undefined ? t('forgot.tooMany', { wait: waitText(problem.retryAfter) }) : t('forgot.tooManyLater');
  }
  if (problem.status === 503 && problem.code === 'email_off') return t('forgot.emailOff');
  return problemMessage(problem);
}

/** How a reset link ended when it could not be used: gone for good (ask again), or a message for the form. */
export function resetProblem(problem: Problem): { linkDead: boolean; text: string } {
  if (problem.status === 404) return { linkDead: true, text: t('reset.invalid') };
  if (problem.status === 410) return { linkDead: true, text: t('reset.expired') };
  return { linkDead: false, text: problemMessage(problem) };
}
