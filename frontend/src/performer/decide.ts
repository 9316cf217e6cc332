// Loading a performer's view of a scene: the scene, their consent, the current
// choreography, the version they last decided on (for the diff) and their rider.
import { api, type Api } from '../api/client';
import { call, type Result } from '../api/problem';
import type { Choreography, Consent, Rider, Scene } from '../api/types';
import { riderDrafted } from '../scenes/riders';

/** Everything the performer's scene screen shows. */
export interface PerformerScene {
  scene: Scene;
  consent: Consent | null;
  current: Choreography | null;
  /** The version the performer last decided on, when it is not the current one. */
  previous: Choreography | null;
  rider: Rider | null;
}

/**
 * Loads the performer's scene; a missing choreography or rider is not an
 * error. client is the network one, or the one reading what this device saved.
 */
export async function loadPerformerScene(sceneId: string, meId: string, client: Api = api): Promise<Result<PerformerScene>> {
  const api = client;
  const path = { params: { path: { sceneId } } };
  const scene = await call(api.GET('/api/v1/scenes/{sceneId}', path));
  if (!scene.ok) return scene;
  const [consents, current, rider] = await Promise.all([
    call(api.GET('/api/v1/scenes/{sceneId}/consents', path)),
    scene.data.currentVersion === null
      ? Promise.resolve(null)
      : call(api.GET('/api/v1/scenes/{sceneId}/choreography', path)),
    riderDrafted(scene.data, meId)
      ? call(api.GET('/api/v1/scenes/{sceneId}/riders/{userId}', { params: { path: { sceneId, userId: meId } } }))
      : Promise.resolve(null),
  ]);
  if (current && !current.ok && current.problem.status !== 404) return current;
  if (!consents.ok) return consents;
  const consent = consents.data.find((c) => c.userId === meId) ?? null;
  const cur = current && current.ok ? current.data : null;
  let previous: Choreography | null = null;
  if (cur && consent?.version && consent.version !== cur.version) {
    const v = await call(
      api.GET('/api/v1/scenes/{sceneId}/choreography/versions/{version}', {
        params: { path: { sceneId, version: consent.version } },
      }),
    );
    previous = v.ok ? v.data : null;
  }
  return { ok: true, data: { scene: scene.data, consent, current: cur, previous, rider: rider && rider.ok ? rider.data : null } };
}
