// First render of a performer's "Needs you" on a throttled phone (issue 14,
// PWA; `make bench-pwa`): the built server (CLOSEDSET_BIN, as the browser
// tests start it), Debian's Chromium, CDP throttling of CPU 4×, 150 ms RTT,
// 1.6 Mbit/s down and 750 kbit/s up. Cold: a fresh context (empty cache, no
// service worker, nothing saved); warm: the same context again once the
// service worker controls it. Median of RUNS (default 5) runs, from
// navigation start until the heading shows. Prints GOAL lines for `make bench`.
import { shutDown, startUp } from '../e2e/harness.mjs';
import { seedScene } from '../e2e/seed.mjs';
import { PHONE, describeFiles, measureFirstScreen } from './first-screen.mjs';

const RUNS = Number(process.env.RUNS || 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;

try {
  const { server, browser, seed } = await startUp({ seed: { title: 'Night Shoot' } });
  const alex = seed.performers[0];
  await seedScene(seed, { number: '12', title: 'Kitchen', days: 6 });
  await seedScene(seed, { number: '14', title: 'Garden', days: 3 });
  await alex.api('PUT', `/scenes/${(await seedScene(seed, { number: '15', title: 'Stairs', days: 2 })).id}/consent`, { version: 1, decision: 'confirmed' });

  // Unthrottled, for the bytes (the same on every run).
  const plain = await measureFirstScreen(browser, server.url, alex);
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await measureFirstScreen(browser, server.url, alex, { profile: PHONE, warm: true }));

  const kb = plain.cold.gz / 1024;
  const cold = median(runs.map((r) => r.cold.heading));
  const coldRows = median(runs.map((r) => r.cold.rows));
  const warm = median(runs.map((r) => r.warm.heading));
  const warmRows = median(runs.map((r) => r.warm.rows));
  console.error(`first-screen JS (${plain.cold.files.length} files):\n${describeFiles(plain.cold.files)}`);
  console.error(`cold heading ${runs.map((r) => s(r.cold.heading)).join(', ')}; rows ${runs.map((r) => s(r.cold.rows)).join(', ')}`);
  console.error(`warm heading ${runs.map((r) => s(r.warm.heading)).join(', ')}; rows ${runs.map((r) => s(r.warm.rows)).join(', ')}`);
  console.log(`GOAL|PWA1|performer first-screen JS, gzipped|${kb.toFixed(1)} KB|-|-|<= 40 KB|${kb <= 40 ? 'yes' : 'no'}`);
  console.log(`GOAL|PWA2|first render, throttled phone, cold (median of ${RUNS})|${s(cold)}|-|-|< 1.5 s|${cold < 1500 ? 'yes' : 'no'}`);
  console.log(`INFO|PWA2w|first render, throttled phone, warm (median of ${RUNS})|${s(warm)}`);
  console.log(`INFO|PWA2r|rows shown, throttled phone, cold / warm|${s(coldRows)} / ${s(warmRows)}`);
} finally {
  await shutDown();
}
