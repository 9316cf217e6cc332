// Drafting a cast member's rider (coordinators and producers): the terms as a
// new, unsigned version, and where the current version's signature stands.
import { useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { api } from '../api/client';
import { call, type Result } from '../api/problem';
import { BODY_AREAS, CONTENT_TAGS, NUDITY_LEVELS, type BodyArea, type ContentTag, type Nudity, type Rider, type Scene } from '../api/types';
import { Button, FormMessage, Page } from '../shared/ui';
import { Checkbox, CheckboxGrid, RadioGroup, TextArea, pendingPage } from '../shared/widgets';
import { useFormState } from '../shared/forms';
import { useLoad } from '../shared/useLoad';
import { isRecorded, sendKeyed, useKeyHolder } from '../shared/idempotency';
import { castName, useProduction } from '../scenes/data';
import { areaLabel, nudityLabel, tagLabel } from '../scenes/labels';
import { RiderStatus } from '../scenes/RiderTerms';
import { riderDrafted } from '../scenes/riders';

interface RiderData {
  scene: Scene;
  rider: Rider | null;
}

async function loadRider(sceneId: string, userId: string): Promise<Result<RiderData>> {
  const scene = await call(api.GET('/api/v1/scenes/{sceneId}', { params: { path: { sceneId } } }));
  if (!scene.ok) return scene;
  // The cast entry says whether a rider is drafted: a new one is not asked for.
  if (!riderDrafted(scene.data, userId)) return { ok: true, data: { scene: scene.data, rider: null } };
  const rider = await call(api.GET('/api/v1/scenes/{sceneId}/riders/{userId}', { params: { path: { sceneId, userId } } }));
  if (!rider.ok && rider.problem.status !== 404) return rider;
  return { ok: true, data: { scene: scene.data, rider: rider.ok ? rider.data : null } };
}

function RiderForm(props: { scene: Scene; userId: string; rider: Rider | null; onSaved: (r: Rider | null) => void }) {
  const form = useRef<HTMLFormElement>(null);
  const r = props.rider;
  const [nudity, setNudity] = useState<Nudity>(r?.nudity ?? 'none');
  const [visibleAreas, setVisibleAreas] = useState<BodyArea[]>(r?.visibleAreas ?? []);
  const [acts, setActs] = useState<ContentTag[]>(r?.acts ?? props.scene.contentTags.filter((x) => CONTENT_TAGS.includes(x)));
  const [stillsAllowed, setStills] = useState(r?.stillsAllowed ?? false);
  const [doubleAllowed, setDouble] = useState(r?.doubleAllowed ?? false);
  const [footageLimits, setFootage] = useState(r?.footageLimits ?? '');
  const f = useFormState();
  const keys = useKeyHolder();

  async function submit(e: Event) {
    e.preventDefault();
    f.setBusy(true);
    const body = { nudity, visibleAreas, acts, stillsAllowed, doubleAllowed, footageLimits: footageLimits.trim() };
    // A new key whenever the body changes; the same one only for an identical retry.
    const res = await sendKeyed(
      keys,
      body,
      (key) =>
        call(
          api.PUT('/api/v1/scenes/{sceneId}/riders/{userId}', {
            params: { path: { sceneId: props.scene.id, userId: props.userId }, header: { 'Idempotency-Key': key } },
            body,
          }),
        ),
      { onWaiting: () => f.setMessage(t('common.stillSending'), 'info') },
    );
    f.setBusy(false);
    if (!res.ok && isRecorded(res.problem)) {
      // Saved before, its answer lost: reload to show it.
      f.setMessage(null);
      props.onSaved(null);
      return;
    }
    if (!res.ok) {
      f.showProblem(form.current, res.problem);
      return;
    }
    f.setMessage(null);
    props.onSaved(res.data);
  }

  return (
    <form ref={form} class="form" noValidate onSubmit={submit}>
      <FormMessage message={f.message} tone={f.tone} />
      <RadioGroup id="nudity" legend={t('vocab.rider.nudity')} options={NUDITY_LEVELS} label={nudityLabel} value={nudity} onValue={setNudity} error={f.errors.nudity} />
      <CheckboxGrid id="visibleAreas" legend={t('rider.visibleAreas')} options={BODY_AREAS} label={areaLabel} value={visibleAreas} onValue={setVisibleAreas} error={f.errors.visibleAreas} />
      <CheckboxGrid id="acts" legend={t('rider.acts')} options={CONTENT_TAGS} label={tagLabel} value={acts} onValue={setActs} error={f.errors.acts} />
      <Checkbox id="stillsAllowed" label={t('rider.stills')} checked={stillsAllowed} onChange={setStills} />
      <Checkbox id="doubleAllowed" label={t('rider.double')} checked={doubleAllowed} onChange={setDouble} />
      <TextArea id="footageLimits" label={t('rider.footage')} hint={t('rider.footageHint')} optional maxLength={4000} value={footageLimits} onValue={setFootage} error={f.errors.footageLimits} />
      <div class="form-actions">
        <Button type="submit" busy={f.busy}>
          {r ? t('rider.saveNew', { version: r.version + 1 }) : t('rider.saveFirst')}
        </Button>
      </div>
    </form>
  );
}

/** The rider drafting screen for one cast member. */
export function RiderEditor(props: { productionId: string; sceneId: string; userId: string }) {
  const production = useProduction(props.productionId);
  const [data, reload] = useLoad(() => loadRider(props.sceneId, props.userId), [props.sceneId, props.userId]);
  const [saved, setSaved] = useState<number | null>(null);
  if (data.state !== 'ok') return pendingPage({ load: data, title: t('rider.draftTitlePlain'), rows: 5, onRetry: reload });
  const { scene, rider } = data.data;
  return (
    <Page title={t('rider.draftTitle', { name: castName(scene, props.userId) })}>
      {saved ? <FormMessage tone="success" message={t('rider.savedVersion', { version: saved })} /> : null}
      <section class="section" aria-labelledby="rider-status-heading">
        <h2 id="rider-status-heading" class="section-title">
          {t('rider.current')}
        </h2>
        {rider ? (
          <>
            <p>{t('rider.versionLabel', { version: rider.version })}</p>
            <RiderStatus rider={rider} timeZone={production?.timezone} />
          </>
        ) : (
          <p class="muted">{t('rider.noneYet')}</p>
        )}
      </section>
      <section class="section" aria-labelledby="rider-form-heading">
        <h2 id="rider-form-heading" class="section-title">
          {t('rider.newVersion')}
        </h2>
        <p class="muted">{t('rider.newVersionHint')}</p>
        <RiderForm
          key={rider?.version ?? 0}
          scene={scene}
          userId={props.userId}
          rider={rider}
          onSaved={(r) => {
            if (r) setSaved(r.version);
            reload();
          }}
        />
      </section>
    </Page>
  );
}
