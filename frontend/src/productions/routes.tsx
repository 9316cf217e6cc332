// Routes inside a production: /productions/:id/… Screens follow the role the
// person holds in that production. Every screen is its own chunk, loaded
// when first opened (shared/lazy.tsx), so each role fetches only its own.
import type { Me, Role } from '../api/types';
import { matchPath, type Location } from '../shared/router';
import { NotFound } from '../shared/ui';
import { lazy } from '../shared/lazy';
const ProductionPage = lazy(() => import('./ProductionPage').then((m) => m.ProductionPage));
const ManageMembers = lazy(() => import('./ManageMembers').then((m) => m.ManageMembers));
const SceneListPage = lazy(() => import('../scenes/SceneListPage').then((m) => m.SceneListPage));
const PerformerScene = lazy(() => import('../performer/PerformerScene').then((m) => m.PerformerScene));
const RiderPage = lazy(() => import('../performer/RiderPage').then((m) => m.RiderPage));
const BoundariesPage = lazy(() => import('../performer/BoundariesPage').then((m) => m.BoundariesPage));
const CheckinsPage = lazy(() => import('../performer/CheckinsPage').then((m) => m.CheckinsPage));
const CheckinScreen = lazy(() => import('../performer/CheckinScreen').then((m) => m.CheckinScreen));
const CheckinPage = lazy(() => import('../coordinator/CheckinPage').then((m) => m.CheckinPage));
const RequestCheckin = lazy(() => import('../coordinator/RequestCheckin').then((m) => m.RequestCheckin));
const DebriefForm = lazy(() => import('../coordinator/DebriefForm').then((m) => m.DebriefForm));
const DebriefPage = lazy(() => import('../debriefs/DebriefPage').then((m) => m.DebriefPage));
const SceneHub = lazy(() => import('../coordinator/SceneHub').then((m) => m.SceneHub));
const SceneFormPage = lazy(() => import('../coordinator/SceneForm').then((m) => m.SceneFormPage));
const CastPage = lazy(() => import('../coordinator/CastPage').then((m) => m.CastPage));
const ChoreographyEditor = lazy(() => import('../coordinator/ChoreographyEditor').then((m) => m.ChoreographyEditor));
const RiderEditor = lazy(() => import('../coordinator/RiderEditor').then((m) => m.RiderEditor));
const BoardPage = lazy(() => import('../coordinator/BoardPage').then((m) => m.BoardPage));
const CoveragePage = lazy(() => import('../producer/CoveragePage').then((m) => m.CoveragePage));
const ReportPage = lazy(() => import('../producer/ReportPage').then((m) => m.ReportPage));


/** The screen for a path inside a production, or null when the path is not one. */
export function productionScreen(loc: Location, productionId: string, me: Me) {
  const { path } = loc;
  const role: Role | null = me.memberships.find((m) => m.productionId === productionId)?.role ?? null;
  const base = '/productions/:pid';
  if (matchPath(base, path)) return <ProductionPage key={productionId} id={productionId} me={me} />;
  if (!role) return <ProductionPage key={productionId} id={productionId} me={me} />;
  const staff = role === 'coordinator' || role === 'producer';
  const pid = productionId;

  if (staff && matchPath(`${base}/members`, path)) return <ManageMembers key={pid} productionId={pid} role={role} me={me} />;
  if (matchPath(`${base}/scenes`, path)) return <SceneListPage key={pid} productionId={pid} role={role} me={me} />;
  if (staff && matchPath(`${base}/scenes/new`, path)) return <SceneFormPage key="new" productionId={pid} />;
  const scene = matchPath(`${base}/scenes/:sid`, path);
  if (scene?.sid) {
    if (role === 'performer') return <PerformerScene key={scene.sid} productionId={pid} sceneId={scene.sid} me={me} />;
    return <SceneHub key={scene.sid} productionId={pid} sceneId={scene.sid} role={role} published={loc.query.get('published')} debrief={loc.query.get('debrief')} />;
  }
  const sub = matchPath(`${base}/scenes/:sid/:what`, path);
  if (sub?.sid) {
    if (role === 'performer' && sub.what === 'rider') return <RiderPage key={sub.sid} productionId={pid} sceneId={sub.sid} me={me} />;
    if (staff && sub.what === 'edit') return <SceneFormPage key={sub.sid} productionId={pid} sceneId={sub.sid} />;
    if (staff && sub.what === 'cast') return <CastPage key={sub.sid} productionId={pid} sceneId={sub.sid} />;
    if (role === 'coordinator' && sub.what === 'choreography') return <ChoreographyEditor key={sub.sid} productionId={pid} sceneId={sub.sid} />;
  }
  const sceneNew = matchPath(`${base}/scenes/:sid/:what/new`, path);
  if (role === 'coordinator' && sceneNew?.sid) {
    if (sceneNew.what === 'checkins') return <RequestCheckin key={sceneNew.sid} productionId={pid} sceneId={sceneNew.sid} />;
    if (sceneNew.what === 'debriefs') return <DebriefForm key={`new/${sceneNew.sid}`} productionId={pid} sceneId={sceneNew.sid} />;
  }
  const rider = matchPath(`${base}/scenes/:sid/riders/:uid`, path);
  if (staff && rider?.sid && rider.uid) {
    return <RiderEditor key={`${rider.sid}/${rider.uid}`} productionId={pid} sceneId={rider.sid} userId={rider.uid} />;
  }
  if (role === 'performer' && matchPath(`${base}/boundaries`, path)) return <BoundariesPage key={pid} productionId={pid} />;
  if (role === 'performer' && matchPath(`${base}/checkins`, path)) return <CheckinsPage key={pid} productionId={pid} me={me} />;
  const checkin = matchPath(`${base}/checkins/:cid`, path);
  if (checkin?.cid) {
    if (role === 'performer') return <CheckinScreen key={checkin.cid} productionId={pid} checkinId={checkin.cid} me={me} />;
    if (role === 'coordinator') return <CheckinPage key={checkin.cid} productionId={pid} checkinId={checkin.cid} />;
  }
  const debrief = matchPath(`${base}/debriefs/:did`, path);
  if (debrief?.did) {
    if (role === 'coordinator') return <DebriefForm key={debrief.did} productionId={pid} debriefId={debrief.did} />;
    return <DebriefPage key={debrief.did} productionId={pid} debriefId={debrief.did} />;
  }
  if (role === 'coordinator' && matchPath(`${base}/board`, path)) return <BoardPage key={pid} productionId={pid} me={me} />;
  if (staff && matchPath(`${base}/coverage`, path)) return <CoveragePage key={pid} productionId={pid} query={loc.query} />;
  if (staff && matchPath(`${base}/report`, path)) return <ReportPage key={pid} productionId={pid} query={loc.query} />;
  return <NotFound />;
}
