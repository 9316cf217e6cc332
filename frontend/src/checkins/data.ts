// Check-in requests and answers through the API.
import { api } from '../api/client';
import { call, type Result } from '../api/problem';
import type { CheckIn, CheckinRequest, Scene } from '../api/types';
import type { Answer } from './model';

/** A performer's answer, sent once per key (a retry with the same key is answered as the first). */
export function answerCheckin(checkinId: string, answer: Answer, note: string, key: string): Promise<Result<CheckIn>> {
  const trimmed = note.trim();
  return call(
    api.POST('/api/v1/checkins/{checkinId}/response', {
      params: { path: { checkinId }, header: { 'Idempotency-Key': key } },
      body: { answer, ...(trimmed ? { note: trimmed } : {}) },
    }),
  );
}

/** A coordinator's request. */
export function requestCheckin(sceneId: string, body: CheckinRequest, key: string): Promise<Result<CheckIn>> {
  return call(api.POST('/api/v1/scenes/{sceneId}/checkins', { params: { path: { sceneId }, header: { 'Idempotency-Key': key } }, body }));
}

/** A scene's check-ins, newest first. */
export function listSceneCheckins(sceneId: string): Promise<Result<CheckIn[]>> {
  return call(api.GET('/api/v1/scenes/{sceneId}/checkins', { params: { path: { sceneId } } }));
}

/** The open check-ins addressed to the caller (every production). */
export function listMyOpenCheckins(): Promise<Result<CheckIn[]>> {
  return call(api.GET('/api/v1/me/checkins', { params: { query: { open: true } } }));
}

/** A check-in with its scene. */
export interface SceneCheckin {
  checkin: CheckIn;
  scene: Scene;
}

/** Every check-in of a production's scenes (for the coordinator's board). */
export async function loadProductionCheckins(productionId: string): Promise<Result<SceneCheckin[]>> {
  const scenes = await call(api.GET('/api/v1/productions/{productionId}/scenes', { params: { path: { productionId } } }));
  if (!scenes.ok) return scenes;
  const lists = await Promise.all(
    scenes.data.map(async (scene) => {
      const r = await listSceneCheckins(scene.id);
      return r.ok ? r.data.map((checkin) => ({ checkin, scene })) : [];
    }),
  );
  return { ok: true, data: lists.flat() };
}

/** The caller's open check-ins in one production, each with its scene. */
export async function loadMyCheckins(productionId: string): Promise<Result<SceneCheckin[]>> {
  const [mine, scenes] = await Promise.all([
    listMyOpenCheckins(),
    call(api.GET('/api/v1/productions/{productionId}/scenes', { params: { path: { productionId } } })),
  ]);
  if (!mine.ok) return mine;
  if (!scenes.ok) return scenes;
  const byId = new Map(scenes.data.map((s) => [s.id, s]));
  return {
    ok: true,
    data: mine.data.flatMap((checkin) => {
      const scene = byId.get(checkin.sceneId);
      return scene ? [{ checkin, scene }] : [];
    }),
  };
}

/** The path of a check-in screen. */
export function checkinPath(productionId: string, checkinId?: string): string {
  const base = `/productions/${encodeURIComponent(productionId)}/checkins`;
  return checkinId ? `${base}/${encodeURIComponent(checkinId)}` : base;
}
