// A scene's cast (coordinators and producers): add a performer member with
// their character name and flags (minor with a guardian's name, body double
// allowed, stills allowed), edit them, or remove them.
import { useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { api } from '../api/client';
import { call, problemMessage, type Result } from '../api/problem';
import type { CastMember, Member, Scene } from '../api/types';
import { Button, FormMessage, Page, SelectField, TextField } from '../shared/ui';
import { Checkbox, Dialog, pendingPage } from '../shared/widgets';
import { useFormState } from '../shared/forms';
import { useLoad } from '../shared/useLoad';
import type { FieldMessages } from '../shared/validation';
import { newIdempotencyKey } from '../offline/queue';
import { isRecorded, sendKeyed, useKeyHolder } from '../shared/idempotency';
import { sceneHeading } from '../scenes/data';

interface CastData {
  scene: Scene;
  members: Member[];
}

async function loadCast(productionId: string, sceneId: string): Promise<Result<CastData>> {
  const [scene, members] = await Promise.all([
    call(api.GET('/api/v1/scenes/{sceneId}', { params: { path: { sceneId } } })),
    call(api.GET('/api/v1/productions/{productionId}/members', { params: { path: { productionId } } })),
  ]);
  if (!scene.ok) return scene;
  if (!members.ok) return members;
  return { ok: true, data: { scene: scene.data, members: members.data } };
}

/** Checks a cast entry before sending. */
export function validateCast(v: { userId: string; characterName: string; minor: boolean; guardianName: string }): FieldMessages {
  const out: FieldMessages = {};
  if (!v.userId) out.userId = t('cast.pickPerformer');
  if (!v.characterName.trim()) out.characterName = t('validation.required');
  return out;
}

function CastForm(props: { scene: Scene; performers: Member[]; editing: CastMember | null; onSaved: (m: CastMember | null) => void; onCancel: () => void }) {
  const form = useRef<HTMLFormElement>(null);
  const e = props.editing;
  const [userId, setUserId] = useState(e?.userId ?? '');
  const [characterName, setCharacterName] = useState(e?.characterName ?? '');
  const [minor, setMinor] = useState(e?.minor ?? false);
  const [guardianName, setGuardianName] = useState(e?.guardianName ?? '');
  const [doubleAllowed, setDoubleAllowed] = useState(e?.doubleAllowed ?? false);
  const [stillsAllowed, setStillsAllowed] = useState(e?.stillsAllowed ?? false);
  const f = useFormState();
  const keys = useKeyHolder();
  const cast = new Set(props.scene.cast.map((c) => c.userId));
  const options = e
    ? [{ value: e.userId, label: e.displayName }]
    : [{ value: '', label: t('cast.choose') }, ...props.performers.filter((m) => !cast.has(m.userId)).map((m) => ({ value: m.userId, label: m.displayName }))];

  async function submit(ev: Event) {
    ev.preventDefault();
    if (!f.check(form.current, validateCast({ userId, characterName, minor, guardianName }), t('validation.fixErrors'))) return;
    f.setBusy(true);
    const body = { characterName: characterName.trim(), minor, guardianName: minor ? guardianName.trim() : '', doubleAllowed, stillsAllowed };
    // A new key whenever the body changes; the same one only for an identical retry.
    const r = await sendKeyed(
      keys,
      [userId, body],
      (key) =>
        call(
          api.PUT('/api/v1/scenes/{sceneId}/cast/{userId}', {
            params: { path: { sceneId: props.scene.id, userId }, header: { 'Idempotency-Key': key } },
            body,
          }),
        ),
      { onWaiting: () => f.setMessage(t('common.stillSending'), 'info') },
    );
    f.setBusy(false);
    if (!r.ok && isRecorded(r.problem)) {
      // Saved before, its answer lost: the list reloads and shows it.
      f.setMessage(null);
      props.onSaved(null);
      return;
    }
    if (!r.ok) {
      f.showProblem(form.current, r.problem);
      return;
    }
    props.onSaved(r.data);
  }

  return (
    <form ref={form} class="form" noValidate onSubmit={submit}>
      <FormMessage message={f.message} tone={f.tone} />
      <SelectField id="userId" label={t('cast.performer')} value={userId} onValue={setUserId} options={options} disabled={!!e} error={f.errors.userId} />
      {!e && options.length === 1 ? <p class="muted">{t('cast.noPerformers')}</p> : null}
      <TextField id="characterName" label={t('cast.character')} maxLength={100} autoComplete="off" value={characterName} onValue={setCharacterName} error={f.errors.characterName} />
      <Checkbox id="minor" label={t('cast.minor')} hint={t('cast.minorHint')} checked={minor} onChange={setMinor} />
      {minor ? (
        <TextField id="guardianName" label={t('cast.guardian')} optional maxLength={100} autoComplete="off" value={guardianName} onValue={setGuardianName} error={f.errors.guardianName} />
      ) : null}
      <Checkbox id="doubleAllowed" label={t('cast.double')} checked={doubleAllowed} onChange={setDoubleAllowed} />
      <Checkbox id="stillsAllowed" label={t('cast.stills')} checked={stillsAllowed} onChange={setStillsAllowed} />
      <div class="form-actions">
        <Button type="submit" busy={f.busy}>
          {e ? t('cast.save') : t('cast.add')}
        </Button>
        {e ? (
          <Button type="button" variant="quiet" onClick={props.onCancel}>
            {t('create.cancel')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}

/** The cast screen of a scene. */
export function CastPage(props: { productionId: string; sceneId: string }) {
  const [data, reload] = useLoad(() => loadCast(props.productionId, props.sceneId), [props.sceneId]);
  const [editing, setEditing] = useState<CastMember | null>(null);
  const [removing, setRemoving] = useState<CastMember | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [round, setRound] = useState(0);

  if (data.state !== 'ok') return pendingPage({ load: data, title: t('cast.title'), rows: 3, onRetry: reload });
  const { scene, members } = data.data;
  const performers = members.filter((m) => m.role === 'performer');

  async function remove(m: CastMember) {
    setBusy(true);
    const r = await call(
      api.DELETE('/api/v1/scenes/{sceneId}/cast/{userId}', {
        params: { path: { sceneId: scene.id, userId: m.userId }, header: { 'Idempotency-Key': newIdempotencyKey() } },
      }),
    );
    setBusy(false);
    setRemoving(null);
    setNotice(r.ok ? { tone: 'success', text: t('cast.removed', { name: m.displayName }) } : { tone: 'error', text: problemMessage(r.problem) });
    reload();
  }

  return (
    <Page title={t('cast.titleFor', { scene: sceneHeading(scene) })}>
      {notice ? <FormMessage tone={notice.tone} message={notice.text} /> : null}
      <section class="section" aria-labelledby="cast-heading">
        <h2 id="cast-heading" class="section-title">
          {t('cast.current')}
        </h2>
        {scene.cast.length === 0 ? <p class="muted">{t('cast.empty')}</p> : null}
        <ul class="list">
          {scene.cast.map((c) => (
            <li key={c.userId} class="list-row" data-testid="cast-member">
              <span class="list-main">
                <span class="list-title">{c.displayName}</span>
                <span class="list-sub">{t('cast.as', { character: c.characterName })}</span>
                <span class="list-sub">
                  {[
                    c.minor ? (c.guardianName ? t('cast.minorWith', { guardian: c.guardianName }) : t('cast.minorNoGuardian')) : '',
                    c.doubleAllowed ? t('cast.doubleShort') : '',
                    c.stillsAllowed ? t('cast.stillsShort') : '',
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
              </span>
              <span class="row-actions">
                <Button variant="secondary" class="btn-small" onClick={() => setEditing(c)} aria-label={t('cast.editNamed', { name: c.displayName })}>
                  {t('cast.edit')}
                </Button>
                <Button variant="secondary" class="btn-small" onClick={() => setRemoving(c)} aria-label={t('cast.removeNamed', { name: c.displayName })}>
                  {t('cast.remove')}
                </Button>
              </span>
            </li>
          ))}
        </ul>
      </section>
      <section class="section" aria-labelledby="cast-form-heading">
        <h2 id="cast-form-heading" class="section-title">
          {editing ? t('cast.editTitle', { name: editing.displayName }) : t('cast.addTitle')}
        </h2>
        <CastForm
          key={`${editing?.userId ?? 'new'}-${round}`}
          scene={scene}
          performers={performers}
          editing={editing}
          onSaved={(m) => {
            setNotice(m ? { tone: 'success', text: t('cast.saved', { name: m.displayName }) } : { tone: 'success', text: t('common.alreadySent') });
            setEditing(null);
            setRound((n) => n + 1);
            reload();
          }}
          onCancel={() => setEditing(null)}
        />
      </section>
      {removing ? (
        <Dialog
          id="remove-cast"
          title={t('cast.removeTitle', { name: removing.displayName })}
          onClose={() => setRemoving(null)}
          actions={
            <>
              <Button onClick={() => remove(removing)} busy={busy}>
                {t('cast.remove')}
              </Button>
              <Button variant="secondary" onClick={() => setRemoving(null)}>
                {t('common.back')}
              </Button>
            </>
          }
        >
          <p>{t('cast.removeBody')}</p>
        </Dialog>
      ) : null}
    </Page>
  );
}
