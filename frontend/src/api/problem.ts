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
