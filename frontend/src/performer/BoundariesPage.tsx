// "My boundaries" in one production: a performer's private limits (no contact
// with body areas, a most-allowed level, or a note), production-wide or for
// one scene. Only the performer and the production's coordinators see them.
import { useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { api } from '../api/client';
import { call, problemMessage } from '../api/problem';
import { BODY_AREAS, NUDITY_LEVELS, type BodyArea, type Boundary, type BoundaryKind, type Nudity, type Scene } from '../api/types';
import { Button, FormMessage, Page, SelectField, SkeletonRows } from '../shared/ui';
import { CheckboxGrid, Dialog, LoadError, RadioGroup, TextArea } from '../shared/widgets';
import { useLoad } from '../shared/useLoad';
import { useFormState } from '../shared/forms';
import type { FieldMessages } from '../shared/validation';
import { newIdempotencyKey } from '../offline/queue';
import { isRecorded, sendKeyed, useKeyHolder } from '../shared/idempotency';
import { areaLabel, boundaryKindLabel, nudityLabel } from '../scenes/labels';
import { useProduction } from '../scenes/data';

const KINDS: readonly BoundaryKind[] = ['no_contact', 'max_nudity', 'note'];

/** Checks a new boundary before sending. */
export function validateBoundary(v: { kind: BoundaryKind | null; areas: BodyArea[]; maxNudity: Nudity | null; note: string }): FieldMessages {
  const out: FieldMessages = {};
  if (!v.kind) out.kind = t('boundary.kindRequired');
  if (v.kind === 'no_contact' && v.areas.length === 0) out.areas = t('boundary.areasRequired');
  if (v.kind === 'max_nudity' && !v.maxNudity) out.maxNudity = t('boundary.levelRequired');
  if (v.kind === 'note' && !v.note.trim()) out.note = t('validation.required');
  return out;
}

function describe(b: Boundary): string {
  if (b.kind === 'no_contact') return b.areas.map(areaLabel).join(', ');
  if (b.kind === 'max_nudity') return t('vocab.boundary.maxLevel', { level: b.maxNudity ? nudityLabel(b.maxNudity) : '' });
  return b.note;
}

function scopeOf(b: Boundary, scenes: readonly Scene[]): string {
  if (!b.sceneId) return t('boundary.wholeProduction');
  const s = scenes.find((x) => x.id === b.sceneId);
  return t('boundary.forScene', { number: s?.number ?? '' });
}

/** The boundary form: a new one, or (issue 13) one being edited in place with PATCH /me/boundaries/{id}. */
function AddBoundary(props: { productionId: string; scenes: readonly Scene[]; onAdded: () => void; editing?: Boundary | null; onCancel?: () => void }) {
  const form = useRef<HTMLFormElement>(null);
  const e0 = props.editing ?? null;
  const [kind, setKind] = useState<BoundaryKind | null>(e0?.kind ?? null);
  const [areas, setAreas] = useState<BodyArea[]>(e0?.areas ? [...e0.areas] : []);
  const [maxNudity, setMaxNudity] = useState<Nudity | null>(e0?.maxNudity ?? null);
  const [note, setNote] = useState(e0?.note ?? '');
  const [sceneId, setSceneId] = useState(e0?.sceneId ?? '');
  const f = useFormState();
  const keys = useKeyHolder();

  async function submit(e: Event) {
    e.preventDefault();
    if (!f.check(form.current, validateBoundary({ kind, areas, maxNudity, note }), t('validation.fixErrors')) || !kind) return;
    f.setBusy(true);
    const body = {
      productionId: props.productionId,
      kind,
      ...(sceneId ? { sceneId } : {}),
      ...(kind === 'no_contact' ? { areas } : {}),
      ...(kind === 'max_nudity' && maxNudity ? { maxNudity } : {}),
      ...(kind === 'note' ? { note: note.trim() } : {}),
    };
    if (e0) {
      const patch = { ...body, sceneId };
      const r = await call(api.PATCH('/api/v1/me/boundaries/{boundaryId}', { params: { path: { boundaryId: e0.id } }, body: patch }));
      f.setBusy(false);
      if (!r.ok) {
        f.showProblem(form.current, r.problem);
        return;
      }
      props.onAdded();
      return;
    }
    // A new key whenever the body changes; the same one only for an identical retry.
    const r = await sendKeyed(
      keys,
      body,
      (key) => call(api.POST('/api/v1/me/boundaries', { params: { header: { 'Idempotency-Key': key } }, body })),
      { onWaiting: () => f.setMessage(t('common.stillSending'), 'info') },
    );
    f.setBusy(false);
    if (!r.ok && !isRecorded(r.problem)) {
      f.showProblem(form.current, r.problem);
      return;
    }
    setKind(null);
    setAreas([]);
    setMaxNudity(null);
    setNote('');
    setSceneId('');
    f.setMessage(null);
    props.onAdded();
  }

  return (
    <form ref={form} class="form" noValidate onSubmit={submit}>
      <FormMessage message={f.message} tone={f.tone} />
      <RadioGroup id="kind" legend={t('boundary.kind')} options={KINDS} label={boundaryKindLabel} value={kind} onValue={setKind} error={f.errors.kind} />
      {kind === 'no_contact' ? (
        <CheckboxGrid
          id="areas"
          legend={t('boundary.areas')}
          hint={t('boundary.areasHint')}
          options={BODY_AREAS}
          label={areaLabel}
          value={areas}
          onValue={setAreas}
          error={f.errors.areas}
        />
      ) : null}
      {kind === 'max_nudity' ? (
        <RadioGroup
          id="maxNudity"
          legend={t('vocab.boundary.level')}
          options={NUDITY_LEVELS}
          label={nudityLabel}
          value={maxNudity}
          onValue={setMaxNudity}
          error={f.errors.maxNudity}
        />
      ) : null}
      {kind === 'note' ? (
        <TextArea id="note" label={t('boundary.note')} hint={t('boundary.noteHint')} maxLength={2000} value={note} onValue={setNote} error={f.errors.note} />
      ) : null}
      <SelectField
        id="sceneId"
        label={t('boundary.scope')}
        value={sceneId}
        onValue={setSceneId}
        options={[
          { value: '', label: t('boundary.wholeProduction') },
          ...props.scenes.map((s) => ({ value: s.id, label: t('boundary.forScene', { number: s.number }) })),
        ]}
        error={f.errors.sceneId}
      />
      <div class="form-actions">
        <Button type="submit" busy={f.busy}>
          {e0 ? t('boundary.save') : t('boundary.add')}
        </Button>
        {e0 ? (
          <Button type="button" variant="secondary" onClick={props.onCancel}>
            {t('boundary.cancelEdit')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}

/** The performer's boundaries in a production. */
export function BoundariesPage(props: { productionId: string }) {
  const production = useProduction(props.productionId);
  const [list, reload] = useLoad(
    () => call(api.GET('/api/v1/me/boundaries', { params: { query: { productionId: props.productionId } } })),
    [props.productionId],
  );
  const [scenes] = useLoad(
    () => call(api.GET('/api/v1/productions/{productionId}/scenes', { params: { path: { productionId: props.productionId } } })),
    [props.productionId],
  );
  const [deleting, setDeleting] = useState<Boundary | null>(null);
  const [editing, setEditing] = useState<Boundary | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const sceneList = scenes.state === 'ok' ? scenes.data : [];

  async function remove(b: Boundary) {
    setBusy(true);
    const r = await call(
      api.DELETE('/api/v1/me/boundaries/{boundaryId}', {
        params: { path: { boundaryId: b.id }, header: { 'Idempotency-Key': newIdempotencyKey() } },
      }),
    );
    setBusy(false);
    setDeleting(null);
    setNotice(r.ok ? { tone: 'success', text: t('boundary.deleted') } : { tone: 'error', text: problemMessage(r.problem) });
    reload();
  }

  return (
    <Page title={t('boundary.title')}>
      <p class="muted">{production ? t('boundary.intro', { production: production.title }) : t('boundary.introPlain')}</p>
      {notice ? <FormMessage tone={notice.tone} message={notice.text} /> : null}
      <section class="section" aria-labelledby="boundaries-heading">
        <h2 id="boundaries-heading" class="section-title">
          {t('boundary.listTitle')}
        </h2>
        {list.state === 'loading' ? <SkeletonRows count={2} /> : null}
        {list.state === 'error' ? <LoadError problem={list.problem} onRetry={reload} /> : null}
        {list.state === 'ok' && list.data.length === 0 ? <p class="muted">{t('boundary.empty')}</p> : null}
        {list.state === 'ok' && list.data.length > 0 ? (
          <ul class="list" aria-labelledby="boundaries-heading">
            {list.data.map((b) => (
              <li key={b.id} class="list-row" data-testid="boundary">
                <span class="list-main">
                  <span class="list-title">{boundaryKindLabel(b.kind)}</span>
                  <span class="list-sub-text">{describe(b)}</span>
                  <span class="list-sub">{scopeOf(b, sceneList)}</span>
                </span>
                <span class="row-actions">
                <Button
                  variant="secondary"
                  class="btn-small"
                  onClick={() => {
                    setEditing(b);
                    document.getElementById('add-boundary-heading')?.scrollIntoView();
                  }}
                  aria-label={t('boundary.editNamed', { kind: boundaryKindLabel(b.kind), what: describe(b) })}
                >
                  {t('boundary.edit')}
                </Button>
                <Button variant="secondary" class="btn-small" onClick={() => setDeleting(b)} aria-label={t('boundary.deleteNamed', { kind: boundaryKindLabel(b.kind), what: describe(b) })}>
                  {t('boundary.delete')}
                </Button>
                </span>
              </li>
            ))}
          </ul>
        ) : null}
      </section>
      <section class="section" aria-labelledby="add-boundary-heading">
        <h2 id="add-boundary-heading" class="section-title">
          {editing ? t('boundary.editTitle') : t('boundary.addTitle')}
        </h2>
        <AddBoundary
          key={editing?.id ?? 'new'}
          productionId={props.productionId}
          scenes={sceneList}
          editing={editing}
          onCancel={() => setEditing(null)}
          onAdded={() => {
            setNotice({ tone: 'success', text: editing ? t('boundary.saved') : t('boundary.added') });
            setEditing(null);
            reload();
          }}
        />
      </section>
      {deleting ? (
        <Dialog
          id="delete-boundary"
          title={t('boundary.deleteTitle')}
          onClose={() => setDeleting(null)}
          actions={
            <>
              <Button onClick={() => remove(deleting)} busy={busy}>
                {t('boundary.delete')}
              </Button>
              <Button variant="secondary" onClick={() => setDeleting(null)}>
                {t('common.back')}
              </Button>
            </>
          }
        >
          <p>{t('boundary.kindAndDetail', { kind: boundaryKindLabel(deleting.kind), what: describe(deleting) })}</p>
          <p class="muted">{scopeOf(deleting, sceneList)}</p>
        </Dialog>
      ) : null}
    </Page>
  );
}
