// Creating and editing a scene (coordinators and producers): number, title,
// synopsis, call time in the production's time zone (sent as UTC), location,
// content tags, the assigned coordinator, the closed-set roster and, when
// editing, the status.
import { useMemo, useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { api } from '../api/client';
import { call } from '../api/problem';
import { CONTENT_TAGS, SCENE_STATUSES, type ContentTag, type Scene, type SceneStatus } from '../api/types';
import { Button, FormMessage, Page, SelectField, SkeletonRows, TextField } from '../shared/ui';
import { CheckboxGrid, LoadError, RadioGroup, TextArea } from '../shared/widgets';
import { useFormState } from '../shared/forms';
import { useLoad } from '../shared/useLoad';
import { navigate } from '../shared/router';
import { utcToZonedLocal, zonedLocalToUtc } from '../shared/time';
import type { FieldMessages } from '../shared/validation';
import { isRecorded, sendKeyed, useKeyHolder } from '../shared/idempotency';
import { scenePath, useProduction } from '../scenes/data';
import { statusLabel, tagLabel } from '../scenes/labels';

/** The form's values as typed. */
export interface SceneDraft {
  number: string;
  title: string;
  synopsis: string;
  callTime: string; // datetime-local in the production's zone
  location: string;
  contentTags: ContentTag[];
  coordinatorId: string;
  roster: string;
  status: SceneStatus;
}

/** Checks a scene draft; the server repeats every rule. */
export function validateScene(d: SceneDraft, timeZone: string): FieldMessages {
  const out: FieldMessages = {};
  if (!d.number.trim()) out.number = t('validation.required');
  else if (d.number.trim().length > 16) out.number = t('sceneForm.numberLong');
  if (!d.title.trim()) out.title = t('validation.required');
  if (!zonedLocalToUtc(d.callTime, timeZone)) out.callTime = t('sceneForm.callTimeInvalid');
  return out;
}

/** The roster typed one per line, as the API's list. */
export function rosterOf(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

function draftOf(scene: Scene | null, timeZone: string): SceneDraft {
  return {
    number: scene?.number ?? '',
    title: scene?.title ?? '',
    synopsis: scene?.synopsis ?? '',
    callTime: scene ? utcToZonedLocal(scene.callTime, timeZone) : '',
    location: scene?.location ?? '',
    contentTags: scene?.contentTags ? [...scene.contentTags] : [],
    coordinatorId: scene?.coordinatorId ?? '',
    roster: scene?.closedSet.roster.join('\n') ?? '',
    status: scene?.status ?? 'planned',
  };
}

function Form(props: { productionId: string; scene: Scene | null; timeZone: string; coordinators: { value: string; label: string }[] }) {
  const form = useRef<HTMLFormElement>(null);
  const [d, setD] = useState<SceneDraft>(() => draftOf(props.scene, props.timeZone));
  const f = useFormState();
  const keys = useKeyHolder();
  const set = <K extends keyof SceneDraft>(k: K) => (v: SceneDraft[K]) => setD((x) => ({ ...x, [k]: v }));
  const editing = props.scene !== null;

  async function submit(e: Event) {
    e.preventDefault();
    if (!f.check(form.current, validateScene(d, props.timeZone), t('validation.fixErrors'))) return;
    const callTime = zonedLocalToUtc(d.callTime, props.timeZone)!;
    const common = {
      number: d.number.trim(),
      title: d.title.trim(),
      synopsis: d.synopsis.trim(),
      callTime,
      location: d.location.trim(),
      contentTags: d.contentTags,
      closedSet: { roster: rosterOf(d.roster) },
    };
    f.setBusy(true);
    const scene = props.scene;
    const patch = { ...common, coordinatorId: d.coordinatorId, status: d.status };
    const create = { ...common, ...(d.coordinatorId ? { coordinatorId: d.coordinatorId } : {}) };
    // A new key whenever the body changes; the same one only for an identical retry.
    const r = await sendKeyed(
      keys,
      scene ? ['PATCH', scene.id, patch] : ['POST', props.productionId, create],
      (key) =>
        scene
          ? call(api.PATCH('/api/v1/scenes/{sceneId}', { params: { path: { sceneId: scene.id }, header: { 'Idempotency-Key': key } }, body: patch }))
          : call(
              api.POST('/api/v1/productions/{productionId}/scenes', {
                params: { path: { productionId: props.productionId }, header: { 'Idempotency-Key': key } },
                body: create,
              }),
            ),
      { onWaiting: () => f.setMessage(t('common.stillSending'), 'info') },
    );
    f.setBusy(false);
    if (!r.ok && isRecorded(r.problem)) {
      // Saved before, its answer lost: the scene (or the list, for a new one) shows it.
      navigate(scene ? scenePath(props.productionId, scene.id) : scenePath(props.productionId), { replace: !editing });
      return;
    }
    if (!r.ok) {
      f.showProblem(form.current, r.problem);
      return;
    }
    navigate(scenePath(props.productionId, r.data.id), { replace: !editing });
  }

  return (
    <form ref={form} class="form" noValidate onSubmit={submit}>
      <FormMessage message={f.message} tone={f.tone} />
      <TextField id="number" label={t('sceneForm.number')} hint={t('sceneForm.numberHint')} maxLength={16} autoComplete="off" value={d.number} onValue={set('number')} error={f.errors.number} />
      <TextField id="title" label={t('sceneForm.title')} maxLength={200} autoComplete="off" value={d.title} onValue={set('title')} error={f.errors.title} />
      <TextField
        id="callTime"
        type="datetime-local"
        label={t('sceneForm.callTime')}
        hint={t('sceneForm.callTimeHint', { zone: props.timeZone.replace(/_/g, ' ') })}
        value={d.callTime}
        onValue={set('callTime')}
        error={f.errors.callTime}
      />
      <TextField id="location" label={t('sceneForm.location')} optional maxLength={500} autoComplete="off" value={d.location} onValue={set('location')} error={f.errors.location} />
      <TextArea id="synopsis" label={t('sceneForm.synopsis')} optional maxLength={4000} value={d.synopsis} onValue={set('synopsis')} error={f.errors.synopsis} />
      <CheckboxGrid
        id="contentTags"
        legend={t('sceneForm.tags')}
        hint={t('sceneForm.tagsHint')}
        options={CONTENT_TAGS}
        label={tagLabel}
        value={d.contentTags}
        onValue={set('contentTags')}
        error={f.errors.contentTags}
        columns={2}
      />
      <SelectField
        id="coordinatorId"
        label={t('sceneForm.coordinator')}
        value={d.coordinatorId}
        onValue={set('coordinatorId')}
        options={[{ value: '', label: t('sceneForm.noCoordinator') }, ...props.coordinators]}
        error={f.errors.coordinatorId}
      />
      <TextArea
        id="roster"
        name="closedSet.roster"
        label={t('sceneForm.roster')}
        hint={t('sceneForm.rosterHint')}
        optional
        rows={4}
        value={d.roster}
        onValue={set('roster')}
        error={f.errors['closedSet.roster'] ?? f.errors.closedSet}
      />
      {editing ? <RadioGroup id="status" legend={t('sceneForm.status')} options={SCENE_STATUSES} label={statusLabel} value={d.status} onValue={set('status')} error={f.errors.status} /> : null}
      <div class="form-actions">
        <Button type="submit" busy={f.busy}>
          {editing ? t('sceneForm.save') : t('sceneForm.create')}
        </Button>
        <a class="btn btn-quiet" href={props.scene ? scenePath(props.productionId, props.scene.id) : scenePath(props.productionId)}>
          {t('create.cancel')}
        </a>
      </div>
    </form>
  );
}

/** The create (sceneId absent) or edit screen. */
export function SceneFormPage(props: { productionId: string; sceneId?: string }) {
  const production = useProduction(props.productionId);
  const [scene, reloadScene] = useLoad(
    () =>
      props.sceneId
        ? call(api.GET('/api/v1/scenes/{sceneId}', { params: { path: { sceneId: props.sceneId } } }))
        : Promise.resolve({ ok: true as const, data: null }),
    [props.sceneId],
  );
  const [members] = useLoad(
    () => call(api.GET('/api/v1/productions/{productionId}/members', { params: { path: { productionId: props.productionId } } })),
    [props.productionId],
  );
  const coordinators = useMemo(
    () => (members.state === 'ok' ? members.data.filter((m) => m.role === 'coordinator').map((m) => ({ value: m.userId, label: m.displayName })) : []),
    [members],
  );
  const title = props.sceneId ? t('sceneForm.editTitle') : t('sceneForm.newTitle');
  if (scene.state === 'error') {
    return (
      <Page title={title}>
        <LoadError problem={scene.problem} onRetry={reloadScene} />
      </Page>
    );
  }
  const ready = production && scene.state === 'ok' && members.state !== 'loading';
  return (
    <Page title={title}>
      {ready ? (
        <Form productionId={props.productionId} scene={scene.data} timeZone={production.timezone} coordinators={coordinators} />
      ) : (
        <SkeletonRows count={5} />
      )}
    </Page>
  );
}
