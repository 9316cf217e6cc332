// The check-ins waiting for the signed-in person's answer, wherever they are in
// the app: a coordinator's request must reach a performer within seconds even
// when push is off or the phone's push service is slow. The banner
// (CheckinBanner) shows the soonest to close; this module decides which and
// keeps the list fresh: every 10 s while the app is on screen, at once when it
// comes back to the screen or a push arrives.
import { api } from '../api/client';
import { call } from '../api/problem';
import type { CheckIn, Me } from '../api/types';
import { createStore } from '../shared/store';
import { pushArrived } from '../push/messages';
import { listMyOpenCheckins } from './data';
import { isOpen, ownResponse } from './model';

/** A check-in waiting for an answer, with where it belongs. */
export interface WaitingCheckin {
  checkin: CheckIn;
  productionId: string;
  sceneNumber: string;
}

/** The open check-ins the person has not answered yet, soonest to close first. */
export function unanswered(list: readonly CheckIn[], userId: string, now: number): CheckIn[] {
  return list
    .filter((c) => isOpen(c, now))
    .filter((c) => {
      const own = ownResponse(c, userId);
      return !own?.answer || own.answer === 'no_response';
    })
    .sort((a, b) => Date.parse(a.expiresAt) - Date.parse(b.expiresAt));
}

/** Whether the person is cast anywhere (only performers are asked). */
export function mayBeAsked(me: Pick<Me, 'memberships'> | null): boolean {
  return !!me?.memberships.some((m) => m.role === 'performer');
}

/** What the banner shows: the check-ins waiting, soonest first. */
export const waitingCheckins = createStore<WaitingCheckin[]>([]);

/** Where each scene belongs (a scene never changes production). */
const sceneInfo = new Map<string, { productionId: string; number: string }>();

async function place(sceneId: string): Promise<{ productionId: string; number: string } | null> {
  const known = sceneInfo.get(sceneId);
  if (known) return known;
  const r = await call(api.GET('/api/v1/scenes/{sceneId}', { params: { path: { sceneId } } }));
  if (!r.ok) return null;
  const info = { productionId: r.data.productionId, number: r.data.number };
  sceneInfo.set(sceneId, info);
  return info;
}

let userId: string | null = null;
let loading = false;

async function refresh(): Promise<void> {
  if (!userId || loading) return;
  loading = true;
  try {
    const r = await listMyOpenCheckins();
    if (!r.ok || !userId) return;
    const out: WaitingCheckin[] = [];
    for (const checkin of unanswered(r.data, userId, Date.now())) {
      const where = await place(checkin.sceneId);
      if (where) out.push({ checkin, productionId: where.productionId, sceneNumber: where.number });
    }
    waitingCheckins.set(out);
  } finally {
    loading = false;
  }
}

/** Looks again now (after answering, the answered one disappears at once). */
export function refreshWaiting(): void {
  void refresh();
}

export const POLL_MS = 10_000;

/** Follows the person's waiting check-ins while signed in; returns a stop function. */
export function followWaiting(me: Pick<Me, 'id' | 'memberships'>): () => void {
  if (!mayBeAsked(me)) {
    waitingCheckins.set([]);
    return () => undefined;
  }
  userId = me.id;
  void refresh();
  const timer = window.setInterval(() => document.visibilityState === 'visible' && void refresh(), POLL_MS);
  const onVisible = () => document.visibilityState === 'visible' && void refresh();
  document.addEventListener('visibilitychange', onVisible);
  const stopPush = pushArrived.subscribe(() => void refresh());
  return () => {
    userId = null;
    window.clearInterval(timer);
    document.removeEventListener('visibilitychange', onVisible);
    stopPush();
    waitingCheckins.set([]);
  };
}
