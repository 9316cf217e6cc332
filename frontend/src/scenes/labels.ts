// Display names for the domain's enums. Words for content and body areas live
// under "vocab." in the catalogue: they are shown only inside a scene, never
// in titles, notifications or anything visible before someone taps in.
import { t, type MessageKey } from '../i18n';
import type { BodyArea, BoundaryKind, ContentTag, Nudity, SceneStatus } from '../api/types';

const TAGS: Record<ContentTag, MessageKey> = {
  kissing: 'vocab.tag.kissing',
  touching: 'vocab.tag.touching',
  partial_nudity: 'vocab.tag.partialNudity',
  full_nudity: 'vocab.tag.fullNudity',
  simulated_sex: 'vocab.tag.simulatedSex',
  sexual_violence: 'vocab.tag.sexualViolence',
  physical_violence: 'vocab.tag.physicalViolence',
  restraint_suspension: 'vocab.tag.restraint',
  other_sensitive: 'vocab.tag.otherSensitive',
};

const AREAS: Record<BodyArea, MessageKey> = {
  head: 'vocab.area.head',
  face: 'vocab.area.face',
  lips: 'vocab.area.lips',
  neck: 'vocab.area.neck',
  shoulders: 'vocab.area.shoulders',
  arms: 'vocab.area.arms',
  hands: 'vocab.area.hands',
  chest: 'vocab.area.chest',
  breasts: 'vocab.area.breasts',
  abdomen: 'vocab.area.abdomen',
  back: 'vocab.area.back',
  buttocks: 'vocab.area.buttocks',
  hips: 'vocab.area.hips',
  genitals: 'vocab.area.genitals',
  thighs: 'vocab.area.thighs',
  legs: 'vocab.area.legs',
  feet: 'vocab.area.feet',
};

const NUDITY: Record<Nudity, MessageKey> = {
  none: 'vocab.nudity.none',
  partial: 'vocab.nudity.partial',
  full: 'vocab.nudity.full',
};

const STATUS: Record<SceneStatus, MessageKey> = {
  planned: 'scene.status.planned',
  shot: 'scene.status.shot',
  wrapped: 'scene.status.wrapped',
};

const BOUNDARY_KINDS: Record<BoundaryKind, MessageKey> = {
  no_contact: 'boundary.kind.noContact',
  max_nudity: 'vocab.boundary.kindMaxNudity',
  note: 'boundary.kind.note',
};

/** The name of a content tag (or a rider act). */
export const tagLabel = (tag: ContentTag): string => t(TAGS[tag] ?? 'vocab.tag.otherSensitive');
/** The name of a body area. */
export const areaLabel = (area: BodyArea): string => (AREAS[area] ? t(AREAS[area]) : area);
/** The name of a nudity level. */
export const nudityLabel = (n: Nudity): string => (NUDITY[n] ? t(NUDITY[n]) : n);
/** The name of a scene status. */
export const statusLabel = (s: SceneStatus): string => (STATUS[s] ? t(STATUS[s]) : s);
/** The name of a boundary kind. */
export const boundaryKindLabel = (k: BoundaryKind): string => (BOUNDARY_KINDS[k] ? t(BOUNDARY_KINDS[k]) : k);

/** "about 1 min 30 s" for a step's approximate duration. */
export function durationLabel(sec: number | undefined | null): string | null {
  if (!sec || sec <= 0) return null;
  const m = Math.floor(sec / 60);
  const s = sec % 60;
  if (m === 0) return t('step.durationSec', { s });
  if (s === 0) return t('step.durationMin', { m });
  return t('step.durationMinSec', { m, s });
}
