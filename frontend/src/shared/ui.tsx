// Small building blocks shared by every screen: page frame, the not-found
// page, form fields, messages, skeletons and role badges. Styling lives in
// styles.css.
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { t, type MessageKey } from '../i18n';
import type { ProductionKind, Role } from '../api/types';

/**
 * A screen with its heading; the heading takes focus when the screen opens.
 * `wide` screens (dashboards, reports) use the width of a laptop.
 */
export function Page(props: { title: string; children: ComponentChildren; actions?: ComponentChildren; wide?: boolean }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // Move focus to the new screen so screen readers announce it.
    heading.current?.focus({ preventScroll: true });
  }, [props.title]);
  return (
    <div class={props.wide ? 'page page-wide' : 'page'}>
      <h1 class="page-title" tabIndex={-1} ref={heading}>
        {props.title}
      </h1>
      <div class="page-body">{props.children}</div>
      {props.actions ? <div class="page-actions">{props.actions}</div> : null}
    </div>
  );
}

/** The page for a path that leads nowhere (or nowhere this person may go). */
export function NotFound() {
  return (
    <Page title={t('common.notFoundTitle')}>
      <p>{t('common.notFoundBody')}</p>
      <a class="btn btn-secondary" href="/">
        {t('common.goHome')}
      </a>
    </Page>
  );
}

/** What every form field has: an id, a label, and maybe a hint and an error. */
export interface FieldProps {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  optional?: boolean;
}

/** The aria-describedby of a field's control: its hint and error, when shown. */
export function describedBy(p: { id: string; hint?: string; error?: string }): string | undefined {
  const ids = [p.hint ? `${p.id}-hint` : '', p.error ? `${p.id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

/** A field's hint (id `${id}-hint`, which describedBy names), when there is one. */
export function FieldHint(p: { id: string; hint?: string }) {
  return p.hint ? (
    <p id={`${p.id}-hint`} class="field-hint">
      {p.hint}
    </p>
  ) : null;
}

/** A field's frame: label (with "optional"), hint, the control, and the error line. */
export function FieldFrame(p: FieldProps & { children: ComponentChildren }) {
  return (
    <div class={p.error ? 'field field-invalid' : 'field'}>
      <label for={p.id} class="field-label">
        {p.label}
        {p.optional ? <span class="field-optional"> ({t('common.optional')})</span> : null}
      </label>
      <FieldHint id={p.id} hint={p.hint} />
      {p.children}
      <p id={`${p.id}-error`} class="field-error" aria-live="polite">
        {p.error ?? ''}
      </p>
    </div>
  );
}

/** A labelled text input with its hint and error message. */
export function TextField(
  p: FieldProps & {
    value: string;
    onValue: (v: string) => void;
    type?: 'text' | 'email' | 'password' | 'url' | 'datetime-local';
    inputMode?: 'text' | 'email' | 'numeric';
    placeholder?: string;
    autoComplete?: string;
    name?: string;
    maxLength?: number;
  },
) {
  return (
    <FieldFrame {...p}>
      <input
        id={p.id}
        name={p.name ?? p.id}
        class="input"
        type={p.type ?? 'text'}
        inputMode={p.inputMode}
        autoComplete={p.autoComplete}
        value={p.value}
        maxLength={p.maxLength}
        placeholder={p.placeholder}
        required={!p.optional}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(p)}
        onInput={(e) => p.onValue((e.currentTarget as HTMLInputElement).value)}
      />
    </FieldFrame>
  );
}

/** A labelled select with its hint and error message. */
export function SelectField(
  p: FieldProps & {
    value: string;
    onValue: (v: string) => void;
    options: readonly { value: string; label: string }[];
    disabled?: boolean;
  },
) {
  return (
    <FieldFrame {...p}>
      <select
        id={p.id}
        name={p.id}
        class="input select"
        value={p.value}
        disabled={p.disabled}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(p)}
        onChange={(e) => p.onValue((e.currentTarget as HTMLSelectElement).value)}
      >
        {p.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** A form-level message (the problem's detail); space is reserved only when shown. */
export function FormMessage(p: { message?: string | null; tone?: 'error' | 'info' | 'success' }) {
  if (!p.message) return null;
  const tone = p.tone ?? 'error';
  return (
    <p class={`notice notice-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {p.message}
    </p>
  );
}

/** A primary or secondary button; busy buttons stay the same size. */
export function Button(
  p: JSX.ButtonHTMLAttributes<HTMLButtonElement> & { variant?: 'primary' | 'secondary' | 'quiet'; busy?: boolean },
) {
  const { variant = 'primary', busy, class: cls, children, ...rest } = p;
  return (
    <button
      {...rest}
      class={`btn btn-${variant}${cls ? ` ${String(cls)}` : ''}`}
      aria-busy={busy ? 'true' : undefined}
      disabled={busy || p.disabled}
    >
      {children}
    </button>
  );
}

/** Fixed-height placeholder rows shown while a list loads (no layout shift). */
export function SkeletonRows(p: { count: number; label?: string }) {
  return (
    <div class="skeleton-list" role="status" aria-label={p.label ?? t('common.loading')}>
      {Array.from({ length: p.count }, (_, i) => (
        <div key={i} class="skeleton-row" aria-hidden="true" />
      ))}
    </div>
  );
}

const ROLE_LABELS: Record<Role, MessageKey> = {
  producer: 'role.producer',
  coordinator: 'role.coordinator',
  performer: 'role.performer',
};

const KIND_LABELS: Record<ProductionKind, MessageKey> = {
  film: 'kind.film',
  series: 'kind.series',
  stage: 'kind.stage',
  commercial: 'kind.commercial',
  other: 'kind.other',
};

/** The display name of a role. */
export function roleLabel(role: Role): string {
  return t(ROLE_LABELS[role] ?? 'role.performer');
}

/** The display name of a production kind. */
export function kindLabel(kind: ProductionKind): string {
  return t(KIND_LABELS[kind] ?? 'kind.other');
}

/** A role shown as a word in a pill (never colour alone). */
export function RoleBadge(p: { role: Role }) {
  return <span class={`badge badge-${p.role}`}>{roleLabel(p.role)}</span>;
}
