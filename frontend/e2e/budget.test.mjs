// The performer's first screen stays small (issue 14, PWA): a signed-in
// performer opening "/" ("Needs you") fetches at most 40 KB of JS, gzipped,
// until the heading shows, counted in the browser (every .js the page
// fetched, gzip -9 of each). Then, warm, the service worker serves the
// screen, and every chunk of every role is in its precache, so any screen
// opens offline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { shutDown, startUp } from './harness.mjs';
import { seedScene } from './seed.mjs';
import { describeFiles, measureFirstScreen } from '../perf/first-screen.mjs';

const BUDGET_KB = 40;
let server;
let browser;
let seed;

before(async () => {
  ({ server, browser, seed } = await startUp({ seed: { title: 'Night Shoot' } }));
  await seedScene(seed, { number: '12', title: 'Kitchen', days: 6 });
});
after(shutDown);

test(`a performer's first screen loads at most ${BUDGET_KB} KB of JS gzipped, and every chunk is precached`, async () => {
  const { cold, warm } = await measureFirstScreen(browser, server.url, seed.performers[0], { warm: true });
  const kb = cold.gz / 1024;
  const files = describeFiles(cold.files);
  console.log(`performer first-screen JS: ${kb.toFixed(1)} KB gz in ${cold.files.length} files\n${files}`);
  assert.ok(cold.files.length > 0, 'the scan found no JS: it proves nothing');
  assert.ok(kb <= BUDGET_KB, `performer first-screen JS is ${kb.toFixed(1)} KB gz, over the ${BUDGET_KB} KB budget:\n${files}`);
  // Heavy screens of other roles are not on the way.
  assert.equal(
    cold.files.filter((f) => /\/(ChoreographyEditor|CoveragePage|PublishReview|SceneHub|ReportPage|diff|download)-/.test(f.path)).length,
    0,
    files,
  );
  assert.ok(warm.heading > 0);

  // Every built chunk is in the worker's precache (offline start of any screen).
  const sw = await (await fetch(`${server.url}/sw.js`)).text();
  const index = await (await fetch(`${server.url}/`)).text();
  const entry = index.match(/src="(\/assets\/index-[^"]+\.js)"/)[1];
  const code = await (await fetch(`${server.url}${entry}`)).text();
  const chunks = [...code.matchAll(/assets\/[\w.-]+\.js/g)].map((m) => m[0]);
  assert.ok(chunks.length > 20, `the entry names only ${chunks.length} chunks`);
  const missing = [...new Set(chunks)].filter((c) => !sw.includes(c));
  assert.deepEqual(missing, [], 'chunks missing from the precache');
});
