// Hand-written types and a typed client for the parts of the issue-11 contract
// (api.md: membership, invites, account deletion, export, producer counts,
// footage.review) that the generated schema does not describe yet. The calls
// go through the app's own client (`api`), so the token, the refresh and the
// offline watch apply as for every other call.
//
// MERGER: once `make generate` puts these paths and fields into schema.d.ts,
// replace `pendingApi` with `api` at its call sites, derive the types below
// from the schema in types.ts, and delete this file.
import type { Client } from 'openapi-fetch';
import { api } from './client';
import type { components } from './schema';

type Schemas = components['schemas'];
type Role = Schemas['Role'];
type Member = Schemas['Member'];

/** An invite not yet used and not expired (never its token). */
export interface PendingInvite {
  id: string;
  email: string;
  role: Role;
  createdAt: string;
  expiresAt: string;
}

/** How many of a scene's cast are in each consent state against its current version. */
export type ConsentCounts = Schemas['ConsentCounts'];

/** GET /scenes/{id}/consents/summary: the counts against the current version. */
export interface ConsentSummary extends ConsentCounts {
  version: number | null;
}

/** A check-in's answers as counts (coordinators and producers). */
export interface CheckInCounts {
  ok: number;
  pause: number;
  stop: number;
  noResponse: number;
  waiting: number;
}

/** Every notification type, including footage.review (a withdrawal after photography). */
export type NotificationKind = Schemas['NotificationType'] | 'footage.review';

/** A scene as the scene list sends it: counts for producers and coordinators, the performer's own state for a performer. */
export type SceneListItem = Schemas['Scene'] & {
  consentCounts?: ConsentCounts;
  /** The performer's own consent (api.md: "myConsent"); read as a state or an object with one. */
  myConsent?: Schemas['ConsentState'] | { state?: Schemas['ConsentState'] | null } | null;
};

type Json<T> = { content: { 'application/json': T } };
type NoContent = { content?: never };
type Problem = { content: { 'application/problem+json': unknown } };
type Params<P> = { query?: never; header?: never; path: P; cookie?: never };
type Errors = { 400: Problem; 401: Problem; 403: Problem; 404: Problem; 409: Problem; 422: Problem };

type MemberPath = { productionId: string; userId: string };
type InvitePath = { productionId: string; inviteId: string };
type ProductionPath = { productionId: string };
type ScenePath = { sceneId: string };
type Headers = { [name: string]: unknown };

/** The issue-11 paths, in the shape openapi-typescript writes. */
export interface PendingPaths {
  '/api/v1/productions/{productionId}/members/{userId}': {
    parameters: Params<MemberPath>;
    patch: {
      parameters: Params<MemberPath>;
      requestBody: Json<{ role: Role }>;
      responses: { 200: Json<Member> & { headers: Headers } } & Errors;
    };
    delete: {
      parameters: Params<MemberPath>;
      requestBody?: never;
      responses: { 204: NoContent & { headers: Headers } } & Errors;
    };
  };
  '/api/v1/productions/{productionId}/invites': {
    parameters: Params<ProductionPath>;
    get: {
      parameters: Params<ProductionPath>;
      requestBody?: never;
      responses: { 200: Json<PendingInvite[]> & { headers: Headers } } & Errors;
    };
  };
  '/api/v1/productions/{productionId}/invites/{inviteId}': {
    parameters: Params<InvitePath>;
    delete: {
      parameters: Params<InvitePath>;
      requestBody?: never;
      responses: { 204: NoContent & { headers: Headers } } & Errors;
    };
  };
  '/api/v1/me': {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    delete: {
      parameters: { query?: never; header?: never; path?: never; cookie?: never };
      requestBody: Json<{ password: string }>;
      responses: { 204: NoContent & { headers: Headers } } & Errors;
    };
  };
  '/api/v1/me/export': {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get: {
      parameters: { query?: never; header?: never; path?: never; cookie?: never };
      requestBody?: never;
      responses: { 200: Json<unknown> & { headers: Headers } } & Errors;
    };
  };
  '/api/v1/scenes/{sceneId}/consents/summary': {
    parameters: Params<ScenePath>;
    get: {
      parameters: Params<ScenePath>;
      requestBody?: never;
      responses: { 200: Json<ConsentSummary> & { headers: Headers } } & Errors;
    };
  };
}

/** The app's client, typed for the issue-11 paths (same instance, same middleware). */
export const pendingApi = api as unknown as Client<PendingPaths>;
