// Names for the API shapes the screens use, derived from the generated schema
// so they follow openapi.yaml.
import type { paths } from './schema';

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
