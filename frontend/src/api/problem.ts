// Turns failed API calls into something a screen can show: the RFC 9457
// problem's detail and its per-field messages.
import { t } from '../i18n';

/** A validation message for one request field. */
export interface FieldError {
  field: string;
  message: string;
}

/** An RFC 9457 problem as the server sends it. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  errors?: FieldError[];
  /** With `stale_version`: the version that is current now. */
  currentVersion?: number;
  /** Seconds from the response's Retry-After header, else the problem's retryAfter (429, 503, 409 idempotency_in_progress). */
  retryAfter?: number;
}

/** The first request with this Idempotency-Key is still running: send the same request again a little later. */
export const IN_PROGRESS = 'idempotency_in_progress';
/** The first request with this Idempotency-Key was recorded but its answer was lost: it is done; reload the state. */
export const RECORDED = 'idempotency_recorded';
/** This Idempotency-Key was used for another request: the app must make a new key for a new body. */
export const KEY_REUSED = 'idempotency_key_reused';

/**
 * Whether a status says nothing final about the request: it never got an
 * answer (0), timed out, was rate limited, met server trouble, or its first
 * copy is still running. The same request may be sent again, with the same
 * Idempotency-Key, and the data on screen stays.
 */
export function isTemporary(status: number, code?: string): boolean {
  return status === 0 || status === 408 || status === 429 || status >= 500 || (status === 409 && code === IN_PROGRESS);
}

function retryAfterOf(response: Response): number | undefined {
  const raw = response.headers?.get('Retry-After');
  if (!raw) return undefined;
  const secs = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : (Date.parse(raw) - Date.now()) / 1000;
  return Number.isFinite(secs) && secs >= 0 ? secs : undefined;
}

/** Builds a Problem from an openapi-fetch error body and its response. */
export function toProblem(error: unknown, response: Response): Problem {
  const body = (typeof error === 'object' && error !== null ? error : {}) as Partial<Problem>;
  return {
    type: typeof body.type === 'string' ? body.type : undefined,
    title: typeof body.title === 'string' ? body.title : undefined,
    status: typeof body.status === 'number' ? body.status : response.status,
    detail: typeof body.detail === 'string' ? body.detail : undefined,
    code: typeof body.code === 'string' ? body.code : undefined,
    currentVersion: typeof body.currentVersion === 'number' ? body.currentVersion : undefined,
    retryAfter:
      retryAfterOf(response) ??
      (typeof body.retryAfter === 'number' && Number.isFinite(body.retryAfter) && body.retryAfter >= 0 ? body.retryAfter : undefined),
    errors: Array.isArray(body.errors)
      ? body.errors.filter(
          (e): e is FieldError =>
            typeof e === 'object' && e !== null && typeof e.field === 'string' && typeof e.message === 'string',
        )
      : undefined,
  };
}

/** A Problem standing for a request that never reached the server. */
export function networkProblem(): Problem {
  return { status: 0, code: 'network', detail: t('common.networkError') };
}

/** The sentence to show for a problem: its detail, else its title, else a generic one. */
export function problemMessage(problem: Problem): string {
  if (problem.code === IN_PROGRESS) return t('common.stillSending');
  if (problem.code === RECORDED) return t('common.alreadySent');
  if (problem.detail) return problem.detail;
  if (problem.title) return problem.title;
  return t('common.unexpectedError');
}

/** Field messages keyed by field name (the first message per field wins). */
export function fieldErrors(problem: Problem | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of problem?.errors ?? []) {
    const field = e.field.replace(/^body\./, '');
    out[field] ??= e.message;
  }
  return out;
}

/** The outcome of call(): data on success, a Problem otherwise. */
export type Result<T> = { ok: true; data: T } | { ok: false; problem: Problem };

/**
 * Awaits an openapi-fetch call and folds network failures and error bodies
 * into a Result, so screens handle one shape.
 */
export async function call<T>(
  request: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<Result<T>> {
  try {
    const { data, error, response } = await request;
    if (response.ok) return { ok: true, data: data as T };
    return { ok: false, problem: toProblem(error, response) };
  } catch {
    return { ok: false, problem: networkProblem() };
  }
}
