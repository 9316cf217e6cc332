// Loading what the scene screens share: the production (for its time zone and
// the caller's role there), scenes with their consents, and small helpers.
import { useEffect, useState } from 'preact/hooks';
import { api, type Api } from '../api/client';
import { readSaved } from '../offline/saved';
import { call, type Result } from '../api/problem';
import type { Consent, ConsentState, Production, Scene } from '../api/types';
import type { ConsentCounts, SceneListItem } from '../api/types';
import { countStates } from './consent';

const productions = new Map<string, Production>();

/** Forgets cached productions (on sign-out: roles belong to the person). */
export function forgetProductions(): void {
  productions.clear();
}

/** Forgets one production kept in memory (the person no longer belongs to it). */
export function forgetProduction(productionId: string): void {
  productions.delete(productionId);
}

/**
 * The production, from memory at once when seen before (else from the copy
 * saved on this device), refreshed from the server.
 */
export function useProduction(productionId: string): Production | null {
  const [p, setP] = useState<Production | null>(productions.get(productionId) ?? null);
  useEffect(() => {
    let live = true;
    let answered = false;
    const get = (client: Api) => call(client.GET('/api/v1/productions/{productionId}', { params: { path: { productionId } } }));
    setP(productions.get(productionId) ?? null);
    if (!productions.has(productionId)) {
      void readSaved(get).then((s) => {
        if (live && !answered && s.result.ok) setP(s.result.data);
      });
    }
    void get(api).then((r) => {
      if (!r.ok || !live) return;
      answered = true;
      productions.set(productionId, r.data);
      setP(r.data);
    });
    return () => {
      live = false;
    };
  }, [productionId]);
  return p;
}

/**
 * A scene in a list: the consents its viewer may see (a performer's own
 * entry; null when not loaded) and the counts per state (producers and
 * coordinators; null when not known).
 */
export interface SceneRow {
  scene: SceneListItem;
  consents: Consent[] | null;
  counts: ConsentCounts | null;
  /** A performer's own state as the list gave it (then no per-scene read was made). */
  myState?: ConsentState | null;
}

const STATES: readonly string[] = ['pending', 'confirmed', 'declined', 'withdrawn'];

/** The performer's own state in a list item's myConsent, when it carries one. */
export function myStateOf(item: Pick<SceneListItem, 'myConsent'>): ConsentState | null | undefined {
  const m = item.myConsent;
  if (m === undefined) return undefined;
  return typeof m === 'string' && STATES.includes(m) ? m : null;
}

/**
 * Loads a production's scenes (client: the network, or what this device
 * saved). Producers and coordinators get each scene's counts in the list
 * itself (`consentCounts`), a performer their own state (`myConsent`): one
 * request for the list. A list without them (an older server) reads the
 * consents per scene and counts them here.
 */
export async function loadSceneRows(productionId: string, client: Api = api): Promise<Result<SceneRow[]>> {
  const api = client;
  const scenes = await call(api.GET('/api/v1/productions/{productionId}/scenes', { params: { path: { productionId } } }));
  if (!scenes.ok) return scenes;
  const rows = await Promise.all(
    (scenes.data as SceneListItem[]).map(async (scene): Promise<SceneRow> => {
      if (scene.consentCounts) return { scene, consents: null, counts: scene.consentCounts };
      const myState = myStateOf(scene);
      if (myState !== undefined) return { scene, consents: null, counts: null, myState };
      const c = await call(api.GET('/api/v1/scenes/{sceneId}/consents', { params: { path: { sceneId: scene.id } } }));
      return { scene, consents: c.ok ? c.data : null, counts: c.ok ? countStates(c.data) : null };
    }),
  );
  return { ok: true, data: rows };
}

/** The path of a scene screen inside its production. */
export function scenePath(productionId: string, sceneId?: string, ...rest: string[]): string {
  const base = `/productions/${encodeURIComponent(productionId)}/scenes`;
  if (!sceneId) return base;
  return [base, encodeURIComponent(sceneId), ...rest.map(encodeURIComponent)].join('/');
}

/** The display name of someone in a scene's cast, or the id when unknown. */
export function castName(scene: Pick<Scene, 'cast'>, userId: string): string {
  return scene.cast.find((c) => c.userId === userId)?.displayName ?? userId;
}

/** A scene's heading: its number and title. */
export function sceneHeading(scene: Pick<Scene, 'number' | 'title'>): string {
  return scene.title ? `${scene.number} · ${scene.title}` : scene.number;
}
