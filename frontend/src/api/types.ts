// Names for the API shapes the screens use, derived from the generated schema
// so they follow openapi.yaml.
import type { components, paths } from './schema';

type JSONOf<T> = T extends { content: { 'application/json': infer B } } ? B : never;

/** The signed-in person with their memberships. */
export type Me = JSONOf<paths['/api/v1/me']['get']['responses'][200]>;
/** One of the person's memberships. */
export type Membership = Me['memberships'][number];
/** A production, with the caller's role in it. */
export type Production = JSONOf<paths['/api/v1/productions/{productionId}']['get']['responses'][200]>;
/** A member of a production. */
export type Member = JSONOf<paths['/api/v1/productions/{productionId}/members']['get']['responses'][200]>[number];
/** A created invite, including its link. */
export type Invite = JSONOf<paths['/api/v1/productions/{productionId}/invites']['post']['responses'][201]>;
/** A role in a production. */
export type Role = Production['role'];
/** A kind of production. */
export type ProductionKind = Production['kind'];

/** Every role, most senior first. */
export const ROLES: readonly Role[] = ['producer', 'coordinator', 'performer'];
/** Every production kind, in the order the form offers them. */
export const KINDS: readonly ProductionKind[] = ['film', 'series', 'stage', 'commercial', 'other'];

type Schemas = components['schemas'];

/** A scene with its cast and current choreography version. */
export type Scene = Schemas['Scene'];
/** A performer cast in a scene. */
export type CastMember = Schemas['CastMember'];
/** What a producer or coordinator sends to cast a performer. */
export type CastMemberInput = Schemas['CastMemberInput'];
/** The fields of a new scene. */
export type SceneCreate = Schemas['SceneCreate'];
/** A partial update of a scene. */
export type ScenePatch = Schemas['ScenePatch'];
/** One step of a choreography. */
export type Step = Schemas['Step'];
/** A performer's part in a step. */
export type StepPerformer = Schemas['StepPerformer'];
/** A contact in a step: from one performer to an area of another. */
export type StepContact = Schemas['StepContact'];
/** A published choreography version (flags for coordinators only). */
export type Choreography = Schemas['Choreography'];
/** A warning the server raised on a step. */
export type ChoreographyFlag = Schemas['ChoreographyFlag'];
/** A version in a scene's choreography history. */
export type ChoreographyVersionSummary = Schemas['ChoreographyVersionSummary'];
/** A performer's consent on a scene. */
export type Consent = Schemas['Consent'];
/** A consent state. */
export type ConsentState = Schemas['ConsentState'];
/** A performer's rider for a scene. */
export type Rider = Schemas['Rider'];
/** What a coordinator writes as a new rider version. */
export type RiderInput = Schemas['RiderInput'];
/** A performer's private boundary. */
export type Boundary = Schemas['Boundary'];
/** What a performer sends to create a boundary. */
export type BoundaryInput = Schemas['BoundaryInput'];
/** The kind of a boundary. */
export type BoundaryKind = Schemas['BoundaryKind'];
/** A cast member's boundaries and their conflicts with the current version. */
export type SceneBoundaries = Schemas['SceneBoundaries'];
/** A content tag of a scene (also an act in a rider). */
export type ContentTag = Schemas['ContentTag'];
/** A nudity level. */
export type Nudity = Schemas['Nudity'];
/** A body area. */
export type BodyArea = Schemas['BodyArea'];
/** A scene's status. */
export type SceneStatus = Schemas['SceneStatus'];

/** Every content tag, in the contract's order. */
export const CONTENT_TAGS: readonly ContentTag[] = [
  'kissing',
  'touching',
  'partial_nudity',
  'full_nudity',
  'simulated_sex',
  'sexual_violence',
  'physical_violence',
  'restraint_suspension',
  'other_sensitive',
];
/** Tags that also require a signed rider and a closed set, and exclude minors. */
export const RIDER_TAGS: readonly ContentTag[] = ['partial_nudity', 'full_nudity', 'simulated_sex', 'sexual_violence'];
/** Nudity levels, lowest first. */
export const NUDITY_LEVELS: readonly Nudity[] = ['none', 'partial', 'full'];
/** The 17 body areas, head to feet. */
export const BODY_AREAS: readonly BodyArea[] = [
  'head',
  'face',
  'lips',
  'neck',
  'shoulders',
  'arms',
  'hands',
  'chest',
  'breasts',
  'abdomen',
  'back',
  'buttocks',
  'hips',
  'genitals',
  'thighs',
  'legs',
  'feet',
];
/** Scene statuses in order. */
export const SCENE_STATUSES: readonly SceneStatus[] = ['planned', 'shot', 'wrapped'];
/** Consent states in the order boards count them. */
export const CONSENT_STATES: readonly ConsentState[] = ['pending', 'confirmed', 'declined', 'withdrawn'];

/** An inbox entry (also the Web Push payload, without readAt). */
export type Notification = Schemas['Notification'];
/** A page of the inbox. */
export type NotificationPage = Schemas['NotificationPage'];
/** A notification's type. */
export type NotificationType = Schemas['NotificationType'];
/** An on-set check-in with the answers its viewer may see. */
export type CheckIn = Schemas['CheckIn'];
/** One addressed performer's answer (null until answered). */
export type CheckInResponse = Schemas['CheckInResponse'];
/** An answer to a check-in, including the server's no_response. */
export type CheckinAnswer = Schemas['CheckinAnswer'];
/** What a coordinator sends to request a check-in. */
export type CheckinRequest = Schemas['CheckinRequest'];
/** A scheduled debrief. */
export type Debrief = Schemas['Debrief'];
/** A debrief's status. */
export type DebriefStatus = Schemas['DebriefStatus'];
/** A change to a debrief. */
export type DebriefPatch = Schemas['DebriefPatch'];
/** An audit event (ids and states only). */
export type AuditEvent = Schemas['AuditEvent'];

/** A production's coverage: readiness and reasons per scene, and the counts (never boundaries or notes). */
export type Coverage = Schemas['Coverage'];
/** The counts at the top of the coverage. */
export type CoverageSummary = Schemas['CoverageSummary'];
/** One scene in the coverage. */
export type CoverageScene = Schemas['CoverageScene'];
/** A cast member in the coverage: consent and rider states only. */
export type CoverageCast = Schemas['CoverageCast'];
/** Whether a scene can be shot as scheduled. */
export type Readiness = Schemas['Readiness'];
/** Why a scene is not ready (machine-readable). */
export type ReasonCode = Schemas['ReasonCode'];
/** A cast member's rider state in the coverage. */
export type RiderStatus = Schemas['RiderStatus'];

/** An invite not yet used and not expired (never its token). */
export type PendingInvite = Schemas['PendingInvite'];
/** How many of a scene's cast are in each consent state against its current version. */
export type ConsentCounts = Schemas['ConsentCounts'];
/** GET /scenes/{id}/consents/summary: the counts against the current version. */
export type ConsentSummary = Schemas['ConsentSummary'];
/** A check-in's answers as counts (coordinators and producers). */
export type CheckInCounts = Schemas['CheckinCounts'];
/** Every notification type. */
export type NotificationKind = Schemas['NotificationType'];
/** A scene as the scene list sends it: counts for staff, the performer's own state for a performer. */
export type SceneListItem = Scene;

/** The server's public configuration (GET /api/v1/config). */
export type PublicConfig = Schemas['PublicConfig'];
/** When notifications are also e-mailed. */
export type EmailSetting = Schemas['EmailSetting'];
/** The caller's notification settings. */
export type NotificationSettings = Schemas['NotificationSettings'];

/** Every e-mail setting, in the order the Me screen offers them. */
export const EMAIL_SETTINGS: readonly EmailSetting[] = ['off', 'when_no_push', 'always'];
