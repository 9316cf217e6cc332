// Debriefs through the API: scheduling, changes, the person's own list, a
// scene's debriefs and the calendar file.
import { api } from '../api/client';
import { call, networkProblem, toProblem, type Result } from '../api/problem';
import type { Debrief, DebriefPatch, DebriefStatus } from '../api/types';
import type { StateBadge } from '../scenes/consent';
import { saveBlob } from '../shared/download';

/** Schedules a debrief (participants default to the cast when ids is omitted). */
export function scheduleDebrief(
  sceneId: string,
  body: { scheduledAt: string; location: string; participantIds?: string[] },
  key: string,
): Promise<Result<Debrief>> {
  return call(api.POST('/api/v1/scenes/{sceneId}/debriefs', { params: { path: { sceneId }, header: { 'Idempotency-Key': key } }, body }));
}

/** Moves, re-places, completes or cancels a debrief, or keeps notes. */
export function updateDebrief(debriefId: string, patch: DebriefPatch, key: string): Promise<Result<Debrief>> {
  return call(api.PATCH('/api/v1/debriefs/{debriefId}', { params: { path: { debriefId }, header: { 'Idempotency-Key': key } }, body: patch }));
}

/** One debrief. */
export function getDebrief(debriefId: string): Promise<Result<Debrief>> {
  return call(api.GET('/api/v1/debriefs/{debriefId}', { params: { path: { debriefId } } }));
}

/** The caller's upcoming debriefs, soonest first. */
export function listMyDebriefs(): Promise<Result<Debrief[]>> {
  return call(api.GET('/api/v1/me/debriefs'));
}

/** A scene's debriefs (for coordinators and producers), soonest first. */
export function loadSceneDebriefs(_productionId: string, sceneId: string): Promise<Result<Debrief[]>> {
  return call(api.GET('/api/v1/scenes/{sceneId}/debriefs', { params: { path: { sceneId } } }));
}

/** A performer's debriefs of one scene (from their own list). */
export async function loadMySceneDebriefs(sceneId: string): Promise<Result<Debrief[]>> {
  const r = await listMyDebriefs();
  return r.ok ? { ok: true, data: r.data.filter((d) => d.sceneId === sceneId) } : r;
}

/**
 * Downloads the debrief's calendar file. The link needs the access token, so
 * the file is fetched with it and handed to the browser as a download.
 */
export async function downloadCalendar(debriefId: string): Promise<Result<null>> {
  let res: Response;
  try {
    const r = await api.GET('/api/v1/debriefs/{debriefId}/calendar.ics', { params: { path: { debriefId } }, parseAs: 'blob' });
    if (!r.response.ok) return { ok: false, problem: toProblem(r.error, r.response) };
    res = r.response;
    const blob = r.data instanceof Blob ? r.data : new Blob([String(r.data ?? '')]);
    const file = new Blob([blob], { type: res.headers.get('Content-Type') || 'text/calendar' });
    saveBlob(file, 'closed-set-debrief.ics');
    return { ok: true, data: null };
  } catch {
    return { ok: false, problem: networkProblem() };
  }
}

const STATUS_BADGES: Record<DebriefStatus, StateBadge> = {
  scheduled: { tone: 'amber', label: 'debrief.status.scheduled', icon: 'clock' },
  done: { tone: 'green', label: 'debrief.status.done', icon: 'check' },
  cancelled: { tone: 'grey', label: 'debrief.status.cancelled', icon: 'dash' },
};

/** A debrief's status as colour, word and icon. */
export function debriefBadge(status: DebriefStatus): StateBadge {
  return STATUS_BADGES[status] ?? STATUS_BADGES.scheduled;
}

/** A location that is a web link (a video call), else null. */
export function videoLink(location: string): string | null {
  try {
    const u = new URL(location.trim());
    return u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** The path of a debrief screen. */
export function debriefPath(productionId: string, debriefId: string): string {
  return `/productions/${encodeURIComponent(productionId)}/debriefs/${encodeURIComponent(debriefId)}`;
}
