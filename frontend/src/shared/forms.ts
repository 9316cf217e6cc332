// Form helpers: a field-state hook and focusing the first invalid field.
import { useState } from 'preact/hooks';
import { IN_PROGRESS, RECORDED, fieldErrors, problemMessage, type Problem } from '../api/problem';
import type { FieldMessages } from './validation';

/** Moves focus to the first field (in document order) that has a message. */
export function focusFirstInvalid(form: HTMLFormElement | null, messages: FieldMessages): void {
  if (!form) return;
  for (const el of Array.from(form.elements)) {
    const name = (el as HTMLInputElement).name;
    if (name && messages[name]) {
      (el as HTMLElement).focus();
      return;
    }
  }
}

/** State for a form's field messages, its form-level message and its busy flag. */
export function useFormState() {
  const [errors, setErrors] = useState<FieldMessages>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [tone, setTone] = useState<'error' | 'info'>('error');
  return {
    errors,
    message,
    /** How the form-level message reads: an error, or news such as "Still sending…". */
    tone,
    busy,
    setBusy,
    setMessage(text: string | null, as: 'error' | 'info' = 'error') {
      setTone(as);
      setMessage(text);
    },
    /** Forgets the messages of fields that were just changed (the form-level summary too once none are left). */
    clearErrors(...names: string[]) {
      if (!names.some((n) => n in errors)) return;
      const next = { ...errors };
      for (const n of names) delete next[n];
      setErrors(next);
      if (Object.keys(next).length === 0) setMessage(null);
    },
    /** Shows local validation results; returns true when the form may be sent. */
    check(form: HTMLFormElement | null, local: FieldMessages, summary: string): boolean {
      setErrors(local);
      setTone('error');
      if (Object.keys(local).length === 0) {
        setMessage(null);
        return true;
      }
      setMessage(summary);
      focusFirstInvalid(form, local);
      return false;
    },
    /** Shows a server problem: its detail on the form and its field messages by the fields. */
    showProblem(form: HTMLFormElement | null, problem: Problem, override?: string): void {
      const fields = fieldErrors(problem);
      setErrors(fields);
      // The first copy still running, or already recorded, is not a failure.
      setTone(problem.status === 409 && (problem.code === IN_PROGRESS || problem.code === RECORDED) ? 'info' : 'error');
      setMessage(override ?? problemMessage(problem));
      focusFirstInvalid(form, fields);
    },
  };
}
