// The first screen ships only core.ts (issue 14, PWA). Every module the app
// or the worker loads up front (static imports from main.tsx and sw.ts; not
// import(), not `import type`) may use only keys that core.ts has; screens
// loaded on demand wait for the rest (shared/lazy.tsx).
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { core } from './core';
import { more } from './more';

const SRC = join(__dirname, '..');

function resolve(from: string, spec: string): string | null {
  const base = join(dirname(from), spec);
  for (const f of [`${base}.ts`, `${base}.tsx`, base, join(base, 'index.ts')]) if (existsSync(f) && statSync(f).isFile()) return f;
  return null;
}

/** The modules reached from entry through static value imports. */
function upFront(entry: string): Set<string> {
  const seen = new Set<string>();
  const todo = [join(SRC, entry)];
  while (todo.length) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'(\.[^']+)';/gms)) {
      if (m[1]) continue;
      const target = resolve(file, m[2]!);
      if (target) todo.push(target);
    }
  }
  return seen;
}

const keysIn = (text: string, keys: Set<string>) => [...text.matchAll(/'([a-zA-Z]\w*(?:\.\w+)+)'/g)].map((m) => m[1]!).filter((k) => keys.has(k));

describe('first-screen messages (i18n/core.ts)', () => {
  const all = new Set([...Object.keys(core), ...Object.keys(more)]);
  const catalogue = ['core.ts', 'more.ts', 'en.ts'].map((f) => join(SRC, 'i18n', f));

  for (const entry of ['main.tsx', 'sw.ts']) {
    it(`has every key used by what ${entry} loads up front`, () => {
      const files = [...upFront(entry)].filter((f) => !catalogue.includes(f));
      expect(files.length).toBeGreaterThan(entry === 'main.tsx' ? 30 : 3);
      const missing = files.flatMap((f) => keysIn(readFileSync(f, 'utf8'), all).filter((k) => !(k in core)).map((k) => `${relative(SRC, f)}: ${k}`));
      expect(missing).toEqual([]);
    });
  }

  it('splits the catalogue without overlap', () => {
    expect(Object.keys(core).filter((k) => k in more)).toEqual([]);
  });

  it('keeps the screens loaded on demand out of the first chunk', () => {
    const files = [...upFront('main.tsx')].map((f) => relative(SRC, f).replace(/\\/g, '/'));
    for (const heavy of ['scenes/diff.ts', 'coordinator/PublishReview.tsx', 'producer/CoveragePage.tsx', 'shared/download.ts', 'i18n/more.ts']) {
      expect(files).not.toContain(heavy);
    }
  });
});
