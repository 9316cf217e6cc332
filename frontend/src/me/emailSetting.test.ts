import { describe, expect, it } from 'vitest';
import { settingSaver, type SettingView } from './emailSetting';
import type { Result } from '../api/problem';
import type { EmailSetting, NotificationSettings } from '../api/types';

/** A save whose answers the test releases one by one. */
function deferredSaves() {
  const pending: { value: EmailSetting; resolve: (r: Result<NotificationSettings>) => void }[] = [];
  const save = (value: EmailSetting) => new Promise<Result<NotificationSettings>>((resolve) => pending.push({ value, resolve }));
  return { pending, save };
}

const ok = (email: EmailSetting): Result<NotificationSettings> => ({ ok: true, data: { email } });
const fail = (status: number, detail: string): Result<NotificationSettings> => ({ ok: false, problem: { status, detail } });

describe('the e-mail setting', () => {
  it('shows a choice at once and keeps it once saved', async () => {
    const views: SettingView[] = [];
    const { pending, save } = deferredSaves();
    const s = settingSaver(save, (v) => views.push(v));
    s.loaded('when_no_push');
    const done = s.choose('always');
    expect(views.at(-1)).toEqual({ value: 'always', saving: true, saved: false, problem: null });
    expect(pending.map((p) => p.value)).toEqual(['always']);
    pending[0]!.resolve(ok('always'));
    await done;
    expect(views.at(-1)).toEqual({ value: 'always', saving: false, saved: true, problem: null });
  });

  it('goes back to the saved value, with the reason, when saving fails', async () => {
    const views: SettingView[] = [];
    const { pending, save } = deferredSaves();
    const s = settingSaver(save, (v) => views.push(v));
    s.loaded('off');
    const done = s.choose('always');
    pending[0]!.resolve(fail(503, 'Service unavailable'));
    await done;
    expect(views.at(-1)).toEqual({ value: 'off', saving: false, saved: false, problem: { status: 503, detail: 'Service unavailable' } });
  });

  it('shows only the latest choice, and rolls back to the last value the server confirmed', async () => {
    const views: SettingView[] = [];
    const { pending, save } = deferredSaves();
    const s = settingSaver(save, (v) => views.push(v));
    s.loaded('when_no_push');
    const first = s.choose('off');
    const second = s.choose('always');
    pending[0]!.resolve(ok('off'));
    await first;
    // The first answer is not shown over the second choice.
    expect(views.at(-1)).toEqual({ value: 'always', saving: true, saved: false, problem: null });
    pending[1]!.resolve(fail(0, 'offline'));
    await second;
    expect(views.at(-1)?.value).toBe('off');
    expect(views.at(-1)?.problem?.detail).toBe('offline');
  });
});
