import { describe, expect, it } from 'vitest';
import { riderDrafted, riderDue, riderToSign } from './riders';

const scene = (entry: Record<string, unknown>) => ({ cast: [{ userId: 'me', displayName: 'Me', characterName: 'R', minor: false, guardianName: '', doubleAllowed: false, stillsAllowed: false, ...entry }] }) as never;

describe('a cast member’s rider from the scene read', () => {
  it.each([
    [{ rider: 'signed', riderVersion: 2 }, true, false],
    [{ rider: 'late', riderVersion: 1 }, true, false],
    [{ rider: 'unsigned', riderVersion: 3 }, true, true],
    [{ rider: 'unsigned' }, false, false], // required, not drafted yet
    [{ rider: 'not_required' }, false, false],
    [{ rider: 'not_required', riderVersion: 1 }, true, false],
  ] as const)('%o → drafted %s, to sign %s', (entry, drafted, toSign) => {
    expect(riderDrafted(scene(entry), 'me')).toBe(drafted);
    expect(riderToSign(scene(entry), 'me')).toBe(toSign);
  });
  it('asks an older server that says nothing about riders', () => {
    expect(riderDrafted(scene({}), 'me')).toBe(true);
    expect(riderToSign(scene({}), 'me')).toBe(false);
  });
  it('has nothing for someone not in the cast', () => {
    expect(riderDrafted(scene({ rider: 'signed', riderVersion: 1 }), 'other')).toBe(false);
  });
});

describe('when a rider is due', () => {
  it('is the call time less the notice hours', () => {
    expect(riderDue('2026-12-09T07:30:00Z', 48)).toBe('2026-12-07T07:30:00.000Z');
  });
});
