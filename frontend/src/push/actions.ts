// Answering a check-in from the notification itself: a check-in request shows
// two buttons, "OK" and "Stop", so a performer can answer from the lock screen
// without opening the app ("Need a moment" opens the check-in screen with a
// tap on the notification). The service worker sends the answer with a token
// borrowed through the refresh cookie; when it cannot (signed out, offline,
// the check-in closed), it opens the check-in screen instead, which explains.
import type { components } from '../api/schema';

type Answer = components['schemas']['CheckinAnswerRequest']['answer'];

/** The answers a check-in notification offers as buttons, in order. */
export const NOTIFICATION_ANSWERS = ['ok', 'stop'] as const satisfies readonly Answer[];

export type NotificationAnswer = (typeof NOTIFICATION_ANSWERS)[number];

/** The check-in a notification's in-app url points to, if it does. */
export function checkinIdOf(url: string): string | null {
  const m = /^\/productions\/[^/?#]+\/checkins\/([^/?#]+)$/.exec(url.split(/[?#]/)[0] ?? '');
  if (!m?.[1]) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return null;
  }
}

/** What a click on a notification's button answers, or null for a plain tap or another kind of notification. */
export function answerOfClick(type: string | undefined, url: string, action: string): { checkinId: string; answer: NotificationAnswer } | null {
  if (type !== 'checkin.requested') return null;
  const answer = NOTIFICATION_ANSWERS.find((a) => a === action);
  const checkinId = checkinIdOf(url);
  return answer && checkinId ? { checkinId, answer } : null;
}
