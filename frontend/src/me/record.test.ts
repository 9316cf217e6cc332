import { describe, expect, it, vi } from 'vitest';
import { RECORD_FALLBACK_NAME, downloadRecord, recordFileName } from './record';
import { deleteProblemMessage } from './AccountSections';
import { en } from '../i18n/en';

describe('download my record (rule 14)', () => {
  it("saves the server's JSON under the name it gives", async () => {
    const save = vi.fn();
    const body = new Blob([JSON.stringify({ user: { id: 'u1' }, consents: [] })], { type: 'application/json' });
    const r = await downloadRecord(
      async () => ({
        data: body,
        response: new Response(null, { status: 200, headers: { 'Content-Disposition': 'attachment; filename="closed-set-record-2026-12-04.json"' } }),
      }),
      save,
    );
    expect(r).toEqual({ ok: true, data: 'closed-set-record-2026-12-04.json' });
    expect(save).toHaveBeenCalledOnce();
    const [blob, name] = save.mock.calls[0]! as [Blob, string];
    expect(name).toBe('closed-set-record-2026-12-04.json');
    expect(blob.type).toBe('application/json');
    expect(JSON.parse(await blob.text())).toEqual({ user: { id: 'u1' }, consents: [] });
  });

  it('names the file itself when the server does not, always as .json', () => {
    expect(recordFileName(null)).toBe(RECORD_FALLBACK_NAME);
    expect(recordFileName('attachment')).toBe(RECORD_FALLBACK_NAME);
    expect(recordFileName('attachment; filename="me"')).toBe('me.json');
    expect(recordFileName('attachment; filename="../../me.JSON"')).toBe('me.JSON');
  });

  it('saves nothing when the server refuses or cannot be reached', async () => {
    const save = vi.fn();
    const refused = await downloadRecord(
      async () => ({
        error: { status: 503, code: 'unavailable', detail: 'Try again shortly.' },
        response: new Response(null, { status: 503 }),
      }),
      save,
    );
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.problem).toMatchObject({ status: 503, detail: 'Try again shortly.' });
    const offline = await downloadRecord(async () => {
      throw new TypeError('Failed to fetch');
    }, save);
    expect(offline.ok).toBe(false);
    if (!offline.ok) expect(offline.problem.status).toBe(0);
    expect(save).not.toHaveBeenCalled();
  });
});

describe('delete my account', () => {
  it('says which problem stopped it', () => {
    expect(deleteProblemMessage({ status: 401, code: 'invalid_credentials' })).toBe(en['account.wrongPassword']);
    expect(deleteProblemMessage({ status: 403 })).toBe(en['account.wrongPassword']);
    expect(deleteProblemMessage({ status: 422, code: 'wrong_password', detail: 'x' })).toBe(en['account.wrongPassword']);
    expect(deleteProblemMessage({ status: 409, code: 'last_producer' })).toBe(en['account.lastProducer']);
    expect(deleteProblemMessage({ status: 500, detail: 'internal' })).toBe('internal');
  });
});
