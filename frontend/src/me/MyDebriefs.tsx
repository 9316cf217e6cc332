// Me → My debriefs: the person's upcoming debriefs across productions, each
// with its production, scene number and time in the production's zone, and
// "Add to calendar".
import { t } from '../i18n';
import { api } from '../api/client';
import { call, type Result } from '../api/problem';
import type { Debrief, Production, Scene } from '../api/types';
import { Page, SkeletonRows } from '../shared/ui';
import { LoadError } from '../shared/widgets';
import { useLoad } from '../shared/useLoad';
import { listMyDebriefs } from '../debriefs/data';
import { ZoneNote } from '../shared/zone';
import { DebriefList } from '../debriefs/Debriefs';

interface MyDebriefsData {
  debriefs: Debrief[];
  scenes: Map<string, Scene>;
  productions: Map<string, Production>;
}

async function load(): Promise<Result<MyDebriefsData>> {
  const mine = await listMyDebriefs();
  if (!mine.ok) return mine;
  const sceneIds = [...new Set(mine.data.map((d) => d.sceneId))];
  const scenes = new Map<string, Scene>();
  await Promise.all(
    sceneIds.map(async (sceneId) => {
      const r = await call(api.GET('/api/v1/scenes/{sceneId}', { params: { path: { sceneId } } }));
      if (r.ok) scenes.set(sceneId, r.data);
    }),
  );
  const productionIds = [...new Set([...scenes.values()].map((s) => s.productionId))];
  const productions = new Map<string, Production>();
  await Promise.all(
    productionIds.map(async (productionId) => {
      const r = await call(api.GET('/api/v1/productions/{productionId}', { params: { path: { productionId } } }));
      if (r.ok) productions.set(productionId, r.data);
    }),
  );
  return { ok: true, data: { debriefs: mine.data, scenes, productions } };
}

/** The person's upcoming debriefs. */
export function MyDebriefs() {
  const [data, reload] = useLoad(load, []);
  const scene = (d: Debrief) => (data.state === 'ok' ? data.data.scenes.get(d.sceneId) : undefined);
  const production = (d: Debrief) => {
    const s = scene(d);
    return s && data.state === 'ok' ? data.data.productions.get(s.productionId) : undefined;
  };
  const zonesOf = (list: Debrief[]) => [...new Set(list.map((d) => production(d)?.timezone).filter((z): z is string => !!z))];
  return (
    <Page title={t('debrief.mine')}>
      {data.state === 'loading' ? <SkeletonRows count={2} /> : null}
      {data.state === 'error' ? <LoadError problem={data.problem} onRetry={reload} /> : null}
      {data.state === 'ok' && data.data.debriefs.length === 0 ? (
        <div class="empty">
          <h2 class="empty-title">{t('debrief.mineEmpty')}</h2>
          <p class="muted">{t('debrief.mineEmptyBody')}</p>
        </div>
      ) : null}
      {data.state === 'ok' && zonesOf(data.data.debriefs).length === 1 ? <ZoneNote zone={zonesOf(data.data.debriefs)[0]} /> : null}
      {data.state === 'ok' && data.data.debriefs.length ? (
        <DebriefList
          listLabel={t('debrief.mine')}
          debriefs={data.data.debriefs}
          productionId={(d) => scene(d)?.productionId ?? null}
          label={(d) => {
            const s = scene(d);
            const p = production(d);
            if (!s) return t('debrief.titlePlain');
            return p ? t('debrief.labelIn', { production: p.title, number: s.number }) : t('debrief.label', { number: s.number });
          }}
          timeZone={(d) => production(d)?.timezone}
          calendar
        />
      ) : null}
    </Page>
  );
}
