// The e-mail setting's save logic, kept apart from the screen: a choice shows
// at once (optimistic), is saved, and goes back to what the server last
// confirmed when saving fails. Only the latest choice's answer is shown.
import type { Problem, Result } from '../api/problem';
import type { EmailSetting, NotificationSettings } from '../api/types';

/** What the e-mail setting shows. */
export interface SettingView {
  /** The chosen value (null until loaded). */
  value: EmailSetting | null;
  saving: boolean;
  /** The last choice was saved. */
  saved: boolean;
  /** Why the last choice was not saved (the value went back). */
  problem: Problem | null;
}

/** Before the setting has loaded. */
export const UNLOADED: SettingView = { value: null, saving: false, saved: false, problem: null };

/** Saves choices through `save` and reports each view to `show`. */
export function settingSaver(
  save: (value: EmailSetting) => Promise<Result<NotificationSettings>>,
  show: (view: SettingView) => void,
) {
  let confirmed: EmailSetting | null = null;
  let latest = 0;
  return {
    /** The value the server sent on load. */
    loaded(value: EmailSetting): void {
      confirmed = value;
      show({ value, saving: false, saved: false, problem: null });
    },
    /** A new choice: shown at once, saved, rolled back when saving fails. */
    async choose(value: EmailSetting): Promise<void> {
      const seq = ++latest;
      show({ value, saving: true, saved: false, problem: null });
      const result = await save(value);
      if (result.ok) confirmed = result.data.email;
      if (seq !== latest) return;
      show(
        result.ok
          ? { value: result.data.email, saving: false, saved: true, problem: null }
          : { value: confirmed, saving: false, saved: false, problem: result.problem },
      );
    },
  };
}
