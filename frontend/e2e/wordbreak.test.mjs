// No word breaks inside itself: on each role's main screens (walk.mjs), at
// 360×740 and again with the text at 130 % (the root font size, as a phone's
// larger text does), every word of every visible text node must sit on one
// line: Range.getClientRects() of a word broken over two lines gives rects on
// two lines. Words are split at spaces, and after hyphens and slashes (where a
// line may end). The tab labels must fit their tabs and never run together.
// Offenders are listed with their text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VIEWPORT, shutDown, startUp } from './harness.mjs';
import { signInPage } from './seed.mjs';
import { goInApp, guard, quiet, screensFor, seedWorld, walker } from './walk.mjs';

const SCREENS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'e2e-screens');

let server;
let browser;
let world;

before(async () => {
  ({ server, browser } = await startUp());
  world = await seedWorld(server.url);
});
after(shutDown);

/** In the page: the words broken over lines, as "word" in "text". */
function brokenWords() {
  const out = [];
  const tiny = (el) => {
    for (let e = el; e && e !== document.body; e = e.parentElement) {
      const r = e.getBoundingClientRect();
      if (r.width <= 2 || r.height <= 2) return true;
    }
    return false;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.nodeValue ?? '';
    if (!text.trim()) continue;
    const parent = node.parentElement;
    if (!parent || parent.closest('script, style, option, select, svg, [hidden]')) continue;
    if (tiny(parent)) continue;
    const re = /[^\s\u00a0\-/]+[-/]*/g;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0).map((r) => Math.round(r.top)));
      if (tops.size > 1) out.push(`"${m[0]}" in "${text.trim().slice(0, 80)}"`);
    }
  }
  return out;
}

/** In the page: tab labels cut off, wider than their tab, or running into a neighbour. */
function tabLabelProblems() {
  const out = [];
  const labels = [...document.querySelectorAll('.tab-label')];
  const boxes = labels.map((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return { el, text: el.textContent ?? '', r: range.getBoundingClientRect(), tab: el.closest('.tab').getBoundingClientRect() };
  });
  for (const [i, b] of boxes.entries()) {
    if (b.el.scrollWidth > b.el.clientWidth + 1) out.push(`tab label "${b.text}" is cut off`);
    if (b.r.left < b.tab.left - 0.5 || b.r.right > b.tab.right + 0.5) out.push(`tab label "${b.text}" is wider than its tab`);
    const next = boxes[i + 1];
    if (next && b.r.right > next.r.left + 0.5 && b.r.bottom > next.r.top && next.r.bottom > b.r.top) {
      out.push(`tab labels "${b.text}" and "${next.text}" run together`);
    }
  }
  return out;
}

for (const role of ['performer', 'coordinator', 'producer']) {
  test(`no word breaks inside itself, and tab labels fit, on the ${role}'s main screens at 360 px and at 130 % text`, async () => {
    const ctx = await browser.newContext({ viewport: VIEWPORT, timezoneId: 'Europe/London' });
    const page = await ctx.newPage();
    const watch = guard(page, role, [{ status: undefined, path: /./, reason: 'requests are judged by walk.test.mjs' }]);
    const screens = screensFor(role, world).filter((s) => s.main);
    const offenders = [];
    await signInPage(page, server.url, walker(role, world), screens[0].path);
    let first = true;
    for (const screen of screens) {
      if (!first) await goInApp(page, screen.path);
      first = false;
      await quiet(page, watch, `${role} ${screen.name}`);
      for (const size of ['100%', '130%']) {
        const before = offenders.length;
        await page.evaluate((s) => {
          document.documentElement.style.fontSize = s;
        }, size);
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        for (const w of await page.evaluate(brokenWords)) offenders.push(`${role} ${screen.name} at ${size}: ${w}`);
        for (const w of await page.evaluate(tabLabelProblems)) offenders.push(`${role} ${screen.name} at ${size}: ${w}`);
        if (offenders.length > before) {
          // What the offenders look like, for whoever fixes them (frontend/e2e-screens is not committed).
          await mkdir(SCREENS, { recursive: true });
          await page.screenshot({ path: path.join(SCREENS, `wordbreak-${role}-${screen.name}-${size.replace('%', '')}.png`), fullPage: true });
        }
      }
      await page.evaluate(() => document.documentElement.style.removeProperty('font-size'));
    }
    await ctx.close();
    assert.deepEqual(offenders, [], `${offenders.length} words broken over lines:\n${offenders.join('\n')}`);
  });
}
