// More shared pieces for the scene screens: state badges (colour + word +
// icon), a modal dialog, checkbox groups, text areas, load errors, the screen
// shown until its data comes, and the quiet offline line.
import { savedAge } from '../offline/age';
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n';
import { problemMessage, type Problem } from '../api/problem';
import type { StateBadge } from '../scenes/consent';
import { offlineState } from '../offline/status';
import { useStore } from './store';
import { useNow } from './useNow';
import { Button, FieldFrame, FieldHint, FormMessage, Page, SkeletonRows, describedBy, type FieldProps } from './ui';

function Icon(p: { name: StateBadge['icon'] | 'warning' | 'plus' | 'minus' | 'edit' }) {
  const paths: Record<typeof p.name, JSX.Element> = {
    clock: (
      <>
        <circle cx="12" cy="12" r="8" fill="none" stroke="currentColor" stroke-width="2.2" />
        <path d="M12 7.5V12l3 2" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" />
      </>
    ),
    check: <path d="M5 12.5l4.5 4.5L19 7.5" fill="none" stroke="currentColor" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round" />,
    cross: <path d="M6.5 6.5l11 11M17.5 6.5l-11 11" fill="none" stroke="currentColor" stroke-width="2.6" stroke-linecap="round" />,
    undo: (
      <>
        <path d="M8 8H14a5 5 0 010 10H9" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" />
        <path d="M10.5 4.5L7 8l3.5 3.5" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round" />
      </>
    ),
    dash: <path d="M6 12h12" fill="none" stroke="currentColor" stroke-width="2.6" stroke-linecap="round" />,
    pause: <path d="M9 6.5v11M15 6.5v11" fill="none" stroke="currentColor" stroke-width="3" stroke-linecap="round" />,
    stop: (
      <>
        <path d="M8.5 3.5h7l5 5v7l-5 5h-7l-5-5v-7z" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linejoin="round" />
        <path d="M8.5 12h7" fill="none" stroke="currentColor" stroke-width="2.6" stroke-linecap="round" />
      </>
    ),
    warning: (
      <>
        <path d="M12 3.5L21 19.5H3z" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" />
        <path d="M12 10v4.5M12 17v.5" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" />
      </>
    ),
    plus: <path d="M12 5v14M5 12h14" fill="none" stroke="currentColor" stroke-width="2.6" stroke-linecap="round" />,
    minus: <path d="M5 12h14" fill="none" stroke="currentColor" stroke-width="2.6" stroke-linecap="round" />,
    edit: <path d="M5 19l1-4L16 5l3 3L9 18z" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" />,
  };
  return (
    <svg class="icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
      {paths[p.name]}
    </svg>
  );
}

export { Icon };

/** A state shown as colour, word and icon together. */
export function StateBadgeView(p: { badge: StateBadge; large?: boolean; label?: string }) {
  return (
    <span class={`state state-${p.badge.tone}${p.large ? ' state-large' : ''}`}>
      <Icon name={p.badge.icon} />
      <span>{p.label ?? t(p.badge.label)}</span>
    </span>
  );
}

/** A tag for a diff row or a warning: a word with an icon, never colour alone. */
export function Mark(p: { tone: 'added' | 'removed' | 'changed' | 'warning' | 'blocking'; children: ComponentChildren }) {
  const icon = p.tone === 'added' ? 'plus' : p.tone === 'removed' ? 'minus' : p.tone === 'changed' ? 'edit' : 'warning';
  return (
    <span class={`mark mark-${p.tone}`}>
      <Icon name={icon} />
      <span>{p.children}</span>
    </span>
  );
}

/**
 * A modal dialog (the native <dialog>, so focus stays inside and Escape
 * closes it). Mount it to open it; onClose runs on Escape or a close button.
 */
export function Dialog(p: { id: string; title: string; onClose: () => void; children: ComponentChildren; actions: ComponentChildren }) {
  const ref = useRef<HTMLDialogElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // The close event of a dialog being unmounted (replaced by another one) arrives after it is gone: ignore it.
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    const d = ref.current;
    if (d && !d.open) d.showModal();
    heading.current?.focus();
    return () => {
      mounted.current = false;
      if (d?.open) d.close();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      class="dialog"
      aria-labelledby={`${p.id}-title`}
      onClose={() => {
        if (mounted.current) p.onClose();
      }}
      onCancel={(e) => {
        e.preventDefault();
        p.onClose();
      }}
    >
      <h2 id={`${p.id}-title`} class="dialog-title" tabIndex={-1} ref={heading}>
        {p.title}
      </h2>
      <div class="dialog-body">{p.children}</div>
      <div class="dialog-actions">{p.actions}</div>
    </dialog>
  );
}

/** A labelled multi-line text field. */
export function TextArea(
  p: FieldProps & {
    name?: string;
    value: string;
    onValue: (v: string) => void;
    maxLength?: number;
    rows?: number;
  },
) {
  return (
    <FieldFrame {...p}>
      <textarea
        id={p.id}
        name={p.name ?? p.id}
        class="input textarea"
        rows={p.rows ?? 3}
        maxLength={p.maxLength}
        value={p.value}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(p)}
        onInput={(e) => p.onValue((e.currentTarget as HTMLTextAreaElement).value)}
      />
    </FieldFrame>
  );
}

/** One checkbox with its label (a 48 px row). */
export function Checkbox(p: { id: string; name?: string; label: string; checked: boolean; onChange: (v: boolean) => void; hint?: string }) {
  return (
    <div class="check-row">
      <label class="choice" for={p.id}>
        <input
          id={p.id}
          name={p.name ?? p.id}
          type="checkbox"
          checked={p.checked}
          aria-describedby={p.hint ? `${p.id}-hint` : undefined}
          onChange={(e) => p.onChange((e.currentTarget as HTMLInputElement).checked)}
        />
        <span>{p.label}</span>
      </label>
      <FieldHint id={p.id} hint={p.hint} />
    </div>
  );
}

/** A group of checkboxes in a grid (fieldset + legend), e.g. the 17 body areas. */
export function CheckboxGrid<T extends string>(p: {
  id: string;
  legend: string;
  hint?: string;
  options: readonly T[];
  label: (v: T) => string;
  value: readonly T[];
  onValue: (v: T[]) => void;
  error?: string;
  columns?: 2 | 3;
}) {
  const set = new Set(p.value);
  return (
    <fieldset class={`field check-grid-field${p.error ? ' field-invalid' : ''}`} aria-describedby={describedBy(p)}>
      <legend class="field-label">{p.legend}</legend>
      <FieldHint id={p.id} hint={p.hint} />
      <div class={`check-grid check-grid-${p.columns ?? 2}`}>
        {p.options.map((o) => (
          <label key={o} class="check-cell" for={`${p.id}-${o}`}>
            <input
              id={`${p.id}-${o}`}
              type="checkbox"
              name={p.id}
              value={o}
              checked={set.has(o)}
              onChange={(e) => {
                const on = (e.currentTarget as HTMLInputElement).checked;
                p.onValue(p.options.filter((x) => (x === o ? on : set.has(x))));
              }}
            />
            <span>{p.label(o)}</span>
          </label>
        ))}
      </div>
      <p id={`${p.id}-error`} class="field-error" aria-live="polite">
        {p.error ?? ''}
      </p>
    </fieldset>
  );
}

/** A radio group (fieldset + legend). */
export function RadioGroup<T extends string>(p: {
  id: string;
  legend: string;
  options: readonly T[];
  label: (v: T) => string;
  value: T | null;
  onValue: (v: T) => void;
  error?: string;
  hint?: string;
}) {
  return (
    <fieldset class={`field choice-group${p.error ? ' field-invalid' : ''}`} aria-describedby={describedBy(p)}>
      <legend class="field-label">{p.legend}</legend>
      <FieldHint id={p.id} hint={p.hint} />
      {p.options.map((o) => (
        <label key={o} class="choice" for={`${p.id}-${o}`}>
          <input id={`${p.id}-${o}`} type="radio" name={p.id} value={o} checked={p.value === o} onChange={() => p.onValue(o)} />
          <span>{p.label(o)}</span>
        </label>
      ))}
      <p id={`${p.id}-error`} class="field-error" aria-live="polite">
        {p.error ?? ''}
      </p>
    </fieldset>
  );
}

/** A failed load: the problem and a retry button. */
export function LoadError(p: { problem: Problem; onRetry: () => void; prefix?: string }) {
  return (
    <div class="stack">
      <FormMessage message={p.prefix ? `${p.prefix} ${problemMessage(p.problem)}` : problemMessage(p.problem)} />
      <Button variant="secondary" onClick={p.onRetry}>
        {t('common.retry')}
      </Button>
    </div>
  );
}

/**
 * A screen whose data has not come: skeleton rows while it loads, the problem
 * and a retry when it failed. A function, not a component, so the screen's
 * Page stays mounted when the data comes (and focus stays where it is).
 */
export function pendingPage(p: { load: { state: 'loading' } | { state: 'error'; problem: Problem }; title: string; rows: number; onRetry: () => void }) {
  return (
    <Page title={p.title}>
      {p.load.state === 'loading' ? <SkeletonRows count={p.rows} /> : <LoadError problem={p.load.problem} onRetry={p.onRetry} />}
    </Page>
  );
}

/** The quiet offline line: shown only while offline. */
export function OfflineLine() {
  const state = useStore(offlineState);
  const now = useNow(30_000, state.offline, state.savedAt);
  if (!state.offline) return null;
  return (
    <p class="offline-line" role="status" data-testid="offline-line">
      {state.savedAt !== null ? t('offline.savedAt', { when: savedAge(state.savedAt, now) }) : t('offline.plain')}
    </p>
  );
}
