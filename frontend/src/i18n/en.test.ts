import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { en } from './en';
import { t } from './index';

const SRC = join(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    if (!/\.(ts|tsx)$/.test(name) || /\.test\.ts$/.test(name) || name.endsWith('.d.ts')) return [];
    return [path];
  });
}

const catalogue = ['en.ts', 'core.ts', 'more.ts'].map((f) => join('i18n', f));
const files = sourceFiles(SRC).filter((f) => !catalogue.some((c) => f.endsWith(c)));
const code = new Map(files.map((f) => [relative(SRC, f), readFileSync(f, 'utf8')]));
const keys = Object.keys(en);

describe('message catalogue', () => {
  it('has a text for every key used with t()', () => {
    const missing: string[] = [];
    for (const [file, text] of code) {
      for (const m of text.matchAll(/\bt\(\s*'([^']+)'/g)) {
        if (!(m[1]! in en)) missing.push(`${file}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
    // The scan itself must find calls, or it proves nothing.
    const used = [...code.values()].join('\n').match(/\bt\(\s*'/g) ?? [];
    expect(used.length).toBeGreaterThan(50);
  });

  it('has no key that no component uses', () => {
    const all = [...code.values()].join('\n');
    const unused = keys.filter((k) => !all.includes(`'${k}'`));
    expect(unused).toEqual([]);
  });

  it('has only non-empty, trimmed texts', () => {
    for (const [key, text] of Object.entries(en)) {
      expect(text.trim(), key).toBe(text);
      expect(text.length, key).toBeGreaterThan(0);
    }
  });

  it('stays discreet: no text names intimate content, except the in-scene vocabulary', () => {
    const words = /nud|naked|sex|genital|breast|buttock|intima|kiss/i;
    const offending = Object.entries(en).filter(([key, text]) => !key.startsWith('vocab.') && words.test(text));
    expect(offending).toEqual([]);
  });

  it('keeps the in-scene vocabulary out of the service worker, titles and notifications', () => {
    // Only the scene screens may name content; the worker shows notifications.
    const vocabUsers = [...code].filter(([, text]) => /'vocab\./.test(text)).map(([file]) => file.replace(/\\/g, '/'));
    for (const file of vocabUsers) expect(file).toMatch(/^(scenes|performer|coordinator)\//);
    expect(code.get('sw.ts')).not.toMatch(/vocab\./);
    expect([...code.values()].join('\n')).not.toMatch(/document\.title\s*=/);
  });

  it('names the app and the push fallback plainly', () => {
    expect(en['app.name']).toBe('Closed Set');
    expect(en['push.fallbackTitle']).toBe('Closed Set');
    expect(en['push.fallbackBody']).toBe('You have an update');
  });

  it('has no hard-coded text in components outside the catalogue', () => {
    // JSX text children that are words (not expressions) would bypass t().
    const offending: string[] = [];
    for (const [file, text] of code) {
      if (!file.endsWith('.tsx')) continue;
      for (const m of text.matchAll(/>\s*([A-Za-z][A-Za-z ,.'!?-]{2,})\s*</g)) offending.push(`${file}: ${m[1]}`);
    }
    expect(offending).toEqual([]);
  });
});

describe('t', () => {
  it('fills placeholders', () => {
    expect(t('production.noticeValue', { hours: 48 })).toBe('48 hours');
    expect(t('invite.created', { email: 'b@example.com', role: 'Performer' })).toBe(
      'Invite link for b@example.com (Performer).',
    );
  });

  it('leaves unknown placeholders visible instead of inventing text', () => {
    expect(t('production.noticeValue', {})).toBe('{hours} hours');
  });

  it('returns the text unchanged without vars', () => {
    expect(t('signin.title')).toBe('Sign in');
  });
});

describe('tn (issue 13: plurals)', () => {
  it('uses the .one form for one and the plain form otherwise', async () => {
    const { tn } = await import('./index');
    const unchanged = { one: 'diff.unchanged.one', other: 'diff.unchanged' } as const;
    expect(tn(1, unchanged)).toBe('1 other step is unchanged.');
    expect(tn(2, unchanged)).toBe('2 other steps are unchanged.');
    expect(tn(0, { one: 'hub.stepCount.one', other: 'hub.stepCount' })).toBe('0 steps.');
  });
});
