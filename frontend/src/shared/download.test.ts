import { describe, expect, it } from 'vitest';
import { filenameFromDisposition } from './download';

describe('the file name in Content-Disposition', () => {
  it('reads a quoted or plain filename', () => {
    expect(filenameFromDisposition('attachment; filename="coverage-night-shoot.csv"', 'x.csv')).toBe('coverage-night-shoot.csv');
    expect(filenameFromDisposition('attachment; filename=coverage.csv', 'x.csv')).toBe('coverage.csv');
    expect(filenameFromDisposition('attachment;filename="a b.csv";size=10', 'x.csv')).toBe('a b.csv');
    expect(filenameFromDisposition('ATTACHMENT; FILENAME="upper.csv"', 'x.csv')).toBe('upper.csv');
  });

  it('prefers filename* (RFC 8187, UTF-8) over filename', () => {
    expect(filenameFromDisposition(`attachment; filename="Sc_ne.csv"; filename*=UTF-8''Sc%C3%A8ne%2042.csv`, 'x.csv')).toBe('Scène 42.csv');
    expect(filenameFromDisposition(`attachment; filename*=utf-8'en'caf%C3%A9.csv`, 'x.csv')).toBe('café.csv');
    expect(filenameFromDisposition(`attachment; filename*=iso-8859-1''caf%E9.csv`, 'x.csv')).toBe('café.csv');
  });

  it('falls back to filename when filename* cannot be read', () => {
    expect(filenameFromDisposition(`attachment; filename*=UTF-8''%E0%A4%A; filename="plain.csv"`, 'x.csv')).toBe('plain.csv');
    expect(filenameFromDisposition(`attachment; filename*=koi8-r''abc.csv; filename="plain.csv"`, 'x.csv')).toBe('plain.csv');
  });

  it('keeps quoted semicolons and escaped quotes', () => {
    expect(filenameFromDisposition('attachment; filename="a;b.csv"', 'x.csv')).toBe('a;b.csv');
    expect(filenameFromDisposition('attachment; filename="say \\"hi\\".csv"', 'x.csv')).toBe('say "hi".csv');
  });

  it('never offers a folder, a hidden file or control characters', () => {
    expect(filenameFromDisposition('attachment; filename="../../etc/passwd"', 'x.csv')).toBe('passwd');
    expect(filenameFromDisposition('attachment; filename="C:\\\\temp\\\\evil.csv"', 'x.csv')).toBe('evil.csv');
    expect(filenameFromDisposition('attachment; filename=".hidden.csv"', 'x.csv')).toBe('hidden.csv');
    expect(filenameFromDisposition('attachment; filename="a\u0007b.csv"', 'x.csv')).toBe('ab.csv');
  });

  it('uses the fallback without a usable name', () => {
    expect(filenameFromDisposition(null, 'coverage.csv')).toBe('coverage.csv');
    expect(filenameFromDisposition('', 'coverage.csv')).toBe('coverage.csv');
    expect(filenameFromDisposition('attachment', 'coverage.csv')).toBe('coverage.csv');
    expect(filenameFromDisposition('attachment; filename=""', 'coverage.csv')).toBe('coverage.csv');
    expect(filenameFromDisposition('attachment; filename="../"', 'coverage.csv')).toBe('coverage.csv');
  });
});
