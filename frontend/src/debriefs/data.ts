// Debriefs through the API: scheduling, changes, the person's own list, a
// scene's debriefs and the calendar file.
import { api } from '../api/client';
import { call, networkProblem, toProblem, type Result } from '../api/problem';
import type { Debrief, DebriefPatch, DebriefStatus } from '../api/types';
import type { StateBadge } from '../scenes/consent';

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

// The contract has no "debriefs of a scene" read. Coordinators and producers
// find a scene's debriefs through the production's audit trail (each
// scheduling is an event naming the debrief and its scene), then read each
// one. What has been scanned is remembered per production, so later looks
// read only new events. Replace this with a list endpoint when there is one.
const scanned = new Map<string, { after: number; byScene: Map<string, Set<string>> }>();

/** Forgets what was scanned (on sign-out). */
export function forgetDebriefScan(): void {
  scanned.clear();
}

async function debriefIdsOf(productionId: string, sceneId: string): Promise<Result<string[]>> {
  const known = scanned.get(productionId) ?? { after: 0, byScene: new Map<string, Set<string>>() };
  for (let page = 0; page < 50; page++) {
    const r = await call(
      api.GET('/api/v1/productions/{productionId}/audit', {
        params: { path: { productionId }, query: { after: known.after, limit: 200 } },
      }),
    );
    if (!r.ok) return r;
    for (const e of r.data.events) {
      known.after = Math.max(known.after, e.seq);
      const scene = typeof e.data.sceneId === 'string' ? e.data.sceneId : null;
      if (e.subjectType === 'debrief' && scene) {
        const set = known.byScene.get(scene) ?? new Set<string>();
        set.add(e.subjectId);
        known.byScene.set(scene, set);
      }
    }
    if (!r.data.next || r.data.events.length === 0) break;
  }
  scanned.set(productionId, known);
  return { ok: true, data: [...(known.byScene.get(sceneId) ?? [])] };
}

/** A scene's debriefs (for coordinators and producers), soonest first. */
export async function loadSceneDebriefs(productionId: string, sceneId: string): Promise<Result<Debrief[]>> {
  const ids = await debriefIdsOf(productionId, sceneId);
  if (!ids.ok) return ids;
  const all = await Promise.all(ids.data.map(getDebrief));
  const found = all.flatMap((r) => (r.ok ? [r.data] : []));
  return { ok: true, data: found.sort((a, b) => Date.parse(a.scheduledAt) - Date.parse(b.scheduledAt)) };
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
    const url = URL.createObjectURL(file);
    const a = document.createElement('a');
    a.href = url;
    a.download = 'closed-set-debrief.ics';
    a.hidden = true;
    document.body.append(a);
    a.click();
    a.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
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
