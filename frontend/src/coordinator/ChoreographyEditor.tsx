// Writing a choreography version (coordinators): a summary and steps (title,
// description, duration, performers with their level each, contacts as
// from → to + area, barrier), added, removed and reordered. A preview of the
// server's rules gives instant feedback; the server decides when publishing
// and its field errors are shown next to the fields.
import { Fragment } from 'preact';
import { useMemo, useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { api } from '../api/client';
import { call, type Result } from '../api/problem';
import { BODY_AREAS, NUDITY_LEVELS, type Boundary, type Choreography, type Nudity, type Rider, type Scene } from '../api/types';
import { Button, FormMessage, Page, SkeletonRows, TextField } from '../shared/ui';
import { Checkbox, LoadError, Mark, TextArea } from '../shared/widgets';
import { useFormState } from '../shared/forms';
import { useLoad } from '../shared/useLoad';
import { navigate } from '../shared/router';
import { isRecorded, sendKeyed, useKeyHolder } from '../shared/idempotency';
import { castName, sceneHeading, scenePath } from '../scenes/data';
import { isBlocking, previewFlags, type PreviewFlag } from '../scenes/flags';
import { areaLabel, nudityLabel } from '../scenes/labels';
import { draftOf, emptyStep, move, stepOf, validateDraft, type DraftContact, type DraftStep } from './draft';
import type { ChoreographyPreview } from './review';
import { PublishReview, type PublishBody } from './PublishReview';
import { riderDrafted } from '../scenes/riders';

interface EditorData {
  scene: Scene;
  current: Choreography | null;
  riders: Record<string, Rider | null>;
  boundaries: Record<string, Boundary[]>;
}

async function loadEditor(sceneId: string): Promise<Result<EditorData>> {
  const path = { params: { path: { sceneId } } };
  const scene = await call(api.GET('/api/v1/scenes/{sceneId}', path));
  if (!scene.ok) return scene;
  const [current, bounds, riders] = await Promise.all([
    scene.data.currentVersion === null ? Promise.resolve(null) : call(api.GET('/api/v1/scenes/{sceneId}/choreography', path)),
    call(api.GET('/api/v1/scenes/{sceneId}/boundaries', path)),
    Promise.all(
      scene.data.cast.map(async (c) => {
        if (!riderDrafted(scene.data, c.userId)) return [c.userId, null] as const;
        const r = await call(api.GET('/api/v1/scenes/{sceneId}/riders/{userId}', { params: { path: { sceneId, userId: c.userId } } }));
        return [c.userId, r.ok ? r.data : null] as const;
      }),
    ),
  ]);
  if (current && !current.ok && current.problem.status !== 404) return current;
  const boundaries: Record<string, Boundary[]> = {};
  if (bounds.ok) for (const b of bounds.data) boundaries[b.userId] = b.boundaries;
  return {
    ok: true,
    data: { scene: scene.data, current: current && current.ok ? current.data : null, riders: Object.fromEntries(riders), boundaries },
  };
}

function flagText(f: PreviewFlag, scene: Scene): string {
  switch (f.code) {
    case 'barrier_required':
      return t('editor.barrierRequired');
    case 'not_cast':
      return t('editor.notCastNamed', { name: castName(scene, f.userId) });
    case 'not_in_step':
      return t('editor.notInStepNamed', { name: castName(scene, f.userId) });
    case 'boundary_conflict':
      return t('flag.boundaryConflict', { name: castName(scene, f.userId) });
    case 'exceeds_rider':
      return t('flag.exceedsRider', { name: castName(scene, f.userId) });
  }
}

function StepEditor(p: {
  index: number;
  count: number;
  step: DraftStep;
  scene: Scene;
  errors: Record<string, string>;
  flags: PreviewFlag[];
  onChange: (s: DraftStep) => void;
  onMove: (delta: number) => void;
  onRemove: () => void;
}) {
  const { step, index: i, scene } = p;
  const at = `steps[${i}]`;
  const id = `step-${step.key}`;
  const set = (patch: Partial<DraftStep>) => p.onChange({ ...step, ...patch });
  const setContact = (k: number, patch: Partial<DraftContact>) =>
    set({ contacts: step.contacts.map((c, j) => (j === k ? { ...c, ...patch } : c)) });
  const castOptions = scene.cast.map((c) => (
    <option key={c.userId} value={c.userId}>
      {c.displayName}
    </option>
  ));
  // A barrier the step needs is not "(optional)": the label and the warning never say both.
  const needsBarrier = p.flags.some((f) => f.code === 'barrier_required');
  const loose = Object.entries(p.errors).filter(
    ([k]) => k === at || k === `${at}.contacts` || /\.performers\[\d+\]/.test(k.slice(at.length)),
  );

  return (
    <fieldset class="step-editor" data-testid="step-editor">
      <legend class="step-legend">{t('step.number', { n: i + 1 })}</legend>
      {p.flags.length ? (
        <ul class="plain-list flag-list" aria-label={t('editor.previewFor', { n: i + 1 })}>
          {p.flags.map((f, k) => (
            <li key={k}>
              <Mark tone={isBlocking(f) ? 'blocking' : 'warning'}>{flagText(f, scene)}</Mark>
            </li>
          ))}
        </ul>
      ) : null}
      {loose.map(([k, m]) => (
        <p key={k} class="field-error">
          {m}
        </p>
      ))}
      <TextField id={`${id}-title`} name={`${at}.title`} label={t('step.fieldTitle')} maxLength={200} autoComplete="off" value={step.title} onValue={(v) => set({ title: v })} error={p.errors[`${at}.title`]} />
      <TextArea id={`${id}-description`} name={`${at}.description`} label={t('step.fieldDescription')} hint={t('editor.descriptionHint')} optional maxLength={4000} value={step.description} onValue={(v) => set({ description: v })} error={p.errors[`${at}.description`]} />
      <TextField id={`${id}-duration`} name={`${at}.durationSec`} label={t('editor.duration')} optional inputMode="numeric" autoComplete="off" value={step.duration} onValue={(v) => set({ duration: v })} error={p.errors[`${at}.durationSec`]} />

      <fieldset class={p.errors[`${at}.performers`] ? 'field sub-fieldset field-invalid' : 'field sub-fieldset'} aria-describedby={p.errors[`${at}.performers`] ? `${id}-performers-error` : undefined}>
        <legend class="field-label">{t('editor.performers')}</legend>
        {scene.cast.length === 0 ? <p class="muted">{t('editor.noCast')}</p> : null}
        {p.errors[`${at}.performers`] ? (
          <p id={`${id}-performers-error`} class="field-error">
            {p.errors[`${at}.performers`]}
          </p>
        ) : null}
        {scene.cast.map((c, n) => {
          const part = step.performers.find((x) => x.userId === c.userId);
          return (
            <div key={c.userId} class="performer-row">
              <Checkbox
                id={`${id}-in-${c.userId}`}
                name={n === 0 ? `${at}.performers` : undefined}
                label={c.displayName}
                checked={!!part}
                onChange={(on) =>
                  set({
                    performers: on
                      ? [...step.performers, { userId: c.userId, nudity: 'none' }]
                      : step.performers.filter((x) => x.userId !== c.userId),
                  })
                }
              />
              {part ? (
                <div class="field inline-field">
                  <label class="field-label" for={`${id}-nudity-${c.userId}`}>
                    {t('vocab.editor.nudityOf', { name: c.displayName })}
                  </label>
                  <select
                    id={`${id}-nudity-${c.userId}`}
                    class="input select"
                    value={part.nudity}
                    onChange={(e) => {
                      const nudity = (e.currentTarget as HTMLSelectElement).value as Nudity;
                      set({ performers: step.performers.map((x) => (x.userId === c.userId ? { ...x, nudity } : x)) });
                    }}
                  >
                    {NUDITY_LEVELS.map((n) => (
                      <option key={n} value={n}>
                        {nudityLabel(n)}
                      </option>
                    ))}
                  </select>
                </div>
              ) : null}
            </div>
          );
        })}
      </fieldset>

      <fieldset class="field sub-fieldset">
        <legend class="field-label">{t('step.contacts')}</legend>
        {step.contacts.length === 0 ? <p class="muted">{t('step.noContact')}</p> : null}
        {step.contacts.map((c, k) => {
          const cid = `${id}-contact-${k}`;
          const areaError = p.errors[`${at}.contacts[${k}].area`];
          return (
            <div key={k} class="contact-row" role="group" aria-label={t('editor.contactN', { n: k + 1 })}>
              <div class="field">
                <label class="field-label" for={`${cid}-from`}>
                  {t('editor.from')}
                </label>
                <select id={`${cid}-from`} name={`${at}.contacts[${k}].fromUserId`} class="input select" value={c.fromUserId} onChange={(e) => setContact(k, { fromUserId: (e.currentTarget as HTMLSelectElement).value })}>
                  {castOptions}
                </select>
                <p class="field-error">{p.errors[`${at}.contacts[${k}].fromUserId`] ?? ''}</p>
              </div>
              <div class="field">
                <label class="field-label" for={`${cid}-to`}>
                  {t('editor.to')}
                </label>
                <select id={`${cid}-to`} name={`${at}.contacts[${k}].toUserId`} class="input select" value={c.toUserId} onChange={(e) => setContact(k, { toUserId: (e.currentTarget as HTMLSelectElement).value })}>
                  {castOptions}
                </select>
                <p class="field-error">{p.errors[`${at}.contacts[${k}].toUserId`] ?? ''}</p>
              </div>
              <div class={areaError ? 'field field-invalid' : 'field'}>
                <label class="field-label" for={`${cid}-area`}>
                  {t('editor.area')}
                </label>
                <select
                  id={`${cid}-area`}
                  name={`${at}.contacts[${k}].area`}
                  class="input select"
                  value={c.area}
                  aria-invalid={areaError ? 'true' : undefined}
                  aria-describedby={areaError ? `${cid}-area-error` : undefined}
                  onChange={(e) => setContact(k, { area: (e.currentTarget as HTMLSelectElement).value as DraftContact['area'] })}
                >
                  <option value="">{t('editor.chooseArea')}</option>
                  {BODY_AREAS.map((a) => (
                    <option key={a} value={a}>
                      {areaLabel(a)}
                    </option>
                  ))}
                </select>
                <p id={`${cid}-area-error`} class="field-error">
                  {areaError ?? ''}
                </p>
              </div>
              <Button type="button" variant="quiet" class="btn-small" onClick={() => set({ contacts: step.contacts.filter((_, j) => j !== k) })}>
                {t('editor.removeContact', { n: k + 1 })}
              </Button>
            </div>
          );
        })}
        <Button
          type="button"
          variant="secondary"
          class="btn-small"
          disabled={scene.cast.length === 0}
          onClick={() => {
            const from = step.performers[0]?.userId ?? scene.cast[0]?.userId ?? '';
            const to = step.performers.find((x) => x.userId !== from)?.userId ?? scene.cast.find((x) => x.userId !== from)?.userId ?? from;
            set({ contacts: [...step.contacts, { fromUserId: from, toUserId: to, area: '' }] });
          }}
        >
          {t('editor.addContact')}
        </Button>
      </fieldset>

      <TextField id={`${id}-barrier`} name={`${at}.barrier`} label={t('step.barrier')} hint={needsBarrier ? undefined : t('editor.barrierHint')} optional={!needsBarrier} maxLength={200} autoComplete="off" value={step.barrier} onValue={(v) => set({ barrier: v })} error={p.errors[`${at}.barrier`]} />

      <div class="step-tools" role="group" aria-label={t('editor.toolsFor', { n: i + 1 })}>
        <Button type="button" variant="secondary" class="btn-small" disabled={i === 0} onClick={() => p.onMove(-1)}>
          {t('editor.moveUp')}
        </Button>
        <Button type="button" variant="secondary" class="btn-small" disabled={i === p.count - 1} onClick={() => p.onMove(1)}>
          {t('editor.moveDown')}
        </Button>
        <Button type="button" variant="secondary" class="btn-small" disabled={p.count === 1} onClick={p.onRemove}>
          {t('editor.removeStep')}
        </Button>
      </div>
    </fieldset>
  );
}

/** A step just removed, kept for Undo where it was. */
interface Removed {
  step: DraftStep;
  index: number;
}

function Editor(props: { productionId: string; data: EditorData }) {
  const { scene, current } = props.data;
  const form = useRef<HTMLFormElement>(null);
  const [summary, setSummary] = useState('');
  const [steps, setSteps] = useState<DraftStep[]>(() => (current?.steps.length ? current.steps.map(draftOf) : [emptyStep()]));
  const [removed, setRemoved] = useState<Removed | null>(null);
  const [review, setReview] = useState<{ preview: ChoreographyPreview; body: PublishBody } | null>(null);
  const f = useFormState();
  const keys = useKeyHolder();
  const next = current ? current.version + 1 : 1;

  const flags = useMemo(
    () =>
      previewFlags(steps.map(stepOf), {
        sceneId: scene.id,
        contentTags: scene.contentTags,
        castIds: scene.cast.map((c) => c.userId),
        riders: props.data.riders,
        boundaries: props.data.boundaries,
      }),
    [steps, scene, props.data],
  );

  function remove(index: number) {
    const step = steps[index];
    if (!step) return;
    setRemoved({ step, index });
    setSteps((list) => list.filter((x) => x.key !== step.key));
  }

  function undoRemove() {
    if (!removed) return;
    const { step, index } = removed;
    setSteps((list) => [...list.slice(0, index), step, ...list.slice(index)]);
    setRemoved(null);
  }

  /** Asks the server what publishing would do (it writes nothing), then shows the review. */
  async function toReview(e: Event) {
    e.preventDefault();
    if (!f.check(form.current, validateDraft(summary, steps, flags), t('validation.fixErrors'))) return;
    f.setBusy(true);
    const body: PublishBody = { summary: summary.trim(), steps: steps.map(stepOf) };
    const r = await call(api.POST('/api/v1/scenes/{sceneId}/choreography/preview', { params: { path: { sceneId: scene.id } }, body }));
    f.setBusy(false);
    if (!r.ok) {
      f.showProblem(form.current, r.problem);
      return;
    }
    setRemoved(null);
    setReview({ preview: r.data, body });
    window.scrollTo(0, 0);
  }

  async function publish() {
    if (!review) return;
    const body = review.body;
    f.setBusy(true);
    // A new key whenever the body changes; the same one only for an identical retry.
    const r = await sendKeyed(
      keys,
      body,
      (key) =>
        call(
          api.POST('/api/v1/scenes/{sceneId}/choreography', {
            params: { path: { sceneId: scene.id }, header: { 'Idempotency-Key': key } },
            body,
          }),
        ),
      { onWaiting: () => f.setMessage(t('common.stillSending'), 'info') },
    );
    f.setBusy(false);
    if (!r.ok && isRecorded(r.problem)) {
      // Published before, its answer lost: the scene shows the version.
      navigate(scenePath(props.productionId, scene.id), { replace: true });
      return;
    }
    if (!r.ok) {
      // Refused (the scene changed meanwhile): back to the editor, with the server's words by the fields.
      setReview(null);
      f.showProblem(form.current, r.problem);
      return;
    }
    navigate(`${scenePath(props.productionId, scene.id)}?published=${r.data.version}`, { replace: true });
  }

  if (review) {
    return (
      <PublishReview
        scene={scene}
        current={current}
        version={next}
        preview={review.preview}
        steps={review.body.steps}
        busy={f.busy}
        message={f.message}
        tone={f.tone}
        onPublish={publish}
        onEdit={() => {
          setReview(null);
          f.setMessage(null);
        }}
      />
    );
  }

  const stray = Object.entries(f.errors).filter(([k]) => k !== 'summary' && !k.startsWith('steps['));
  const warnings = flags.filter((x) => x.code === 'boundary_conflict' || x.code === 'exceeds_rider').length;
  const removedNotice = removed ? (
    <div class="undo-bar" role="status" data-testid="undo-remove">
      <span>{t('editor.stepRemoved', { n: removed.index + 1 })}</span>
      <Button type="button" variant="secondary" class="btn-small" onClick={undoRemove}>
        {t('editor.undo')}
      </Button>
    </div>
  ) : null;
  return (
    <form ref={form} class="form" noValidate onSubmit={toReview}>
      <p class="muted">{current ? t('editor.basedOn', { version: current.version }) : t('editor.first')}</p>
      <FormMessage message={f.message} tone={f.tone} />
      {stray.length ? (
        <ul class="plain-list field-error">
          {stray.map(([k, m]) => (
            <li key={k}>{m}</li>
          ))}
        </ul>
      ) : null}
      <TextArea id="summary" label={t('editor.summary')} hint={t('editor.summaryHint')} maxLength={2000} value={summary} onValue={setSummary} error={f.errors.summary} />
      {steps.map((s, i) => (
        <Fragment key={s.key}>
          {removed && removed.index === i ? removedNotice : null}
          <StepEditor
            index={i}
            count={steps.length}
            step={s}
            scene={scene}
            errors={f.errors}
            flags={flags.filter((x) => x.step === i + 1)}
            onChange={(step) => setSteps((list) => list.map((x) => (x.key === s.key ? step : x)))}
            onMove={(delta) => setSteps((list) => move(list, i, delta))}
            onRemove={() => remove(i)}
          />
        </Fragment>
      ))}
      {removed && removed.index >= steps.length ? removedNotice : null}
      <Button type="button" variant="secondary" onClick={() => setSteps((list) => [...list, emptyStep()])}>
        {t('editor.addStep')}
      </Button>
      <p class="muted" role="status">
        {warnings ? t('editor.previewWarnings', { count: warnings }) : t('editor.previewClear')}
      </p>
      <div class="form-actions">
        <Button type="submit" busy={f.busy}>
          {t('editor.review', { version: next })}
        </Button>
      </div>
    </form>
  );
}

/** The choreography editor screen. */
export function ChoreographyEditor(props: { productionId: string; sceneId: string }) {
  const [data, reload] = useLoad(() => loadEditor(props.sceneId), [props.sceneId]);
  return (
    <Page title={data.state === 'ok' ? t('editor.title', { scene: sceneHeading(data.data.scene) }) : t('editor.titlePlain')}>
      {data.state === 'loading' ? <SkeletonRows count={5} /> : null}
      {data.state === 'error' ? <LoadError problem={data.problem} onRetry={reload} /> : null}
      {data.state === 'ok' ? <Editor productionId={props.productionId} data={data.data} /> : null}
    </Page>
  );
}
