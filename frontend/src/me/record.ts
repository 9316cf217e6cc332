// "Download my record" (rule 14): GET /api/v1/me/export needs the access
// token, so it is fetched with it (never a plain link) and handed to the
// browser as a .json file under the name the server gives.
import { networkProblem, toProblem, type Result } from '../api/problem';
import { api } from '../api/client';
import { filenameFromDisposition, saveBlob } from '../shared/download';

/** The file name when the server gives none. */
export const RECORD_FALLBACK_NAME = 'closed-set-my-record.json';

/** What the export request answers (openapi-fetch's shape). */
export interface ExportAnswer {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** A JSON file name: the server's, with ".json" added when it has another ending. */
export function recordFileName(disposition: string | null | undefined): string {
  const name = filenameFromDisposition(disposition, RECORD_FALLBACK_NAME);
  return /\.json$/i.test(name) ? name : `${name}.json`;
}

/**
 * Fetches the person's record and saves it; resolves to the file name, or the
 * problem (nothing is saved then). `get` and `save` are injected for tests.
 */
export async function downloadRecord(
  get: () => Promise<ExportAnswer> = () => api.GET('/api/v1/me/export', { parseAs: 'blob' }),
  save: (blob: Blob, name: string) => void = saveBlob,
): Promise<Result<string>> {
  try {
    const r = await get();
    if (!r.response.ok) return { ok: false, problem: toProblem(r.error, r.response) };
    const data = r.data;
    const blob = data instanceof Blob ? data : new Blob([typeof data === 'string' ? data : JSON.stringify(data ?? null)]);
    const file = new Blob([blob], { type: 'application/json' });
    const name = recordFileName(r.response.headers.get('Content-Disposition'));
    save(file, name);
    return { ok: true, data: name };
  } catch {
    return { ok: false, problem: networkProblem() };
  }
}
