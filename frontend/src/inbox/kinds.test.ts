import { describe, expect, it } from 'vitest';
import { KINDS, kindLabel } from './InboxPage';
import { en } from '../i18n/en';

describe('notification kinds in the inbox', () => {
  it('has a word for every type, footage.review included, and "Update" for one it does not know', () => {
    expect(en[kindLabel('footage.review')]).toBe('Footage use');
    expect(en[kindLabel('consent.withdrawn')]).toBe('Consent');
    expect(kindLabel('something.new')).toBe('inbox.kind.other');
    expect(Object.keys(KINDS)).toContain('footage.review');
  });
});
