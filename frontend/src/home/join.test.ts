import { describe, expect, it } from 'vitest';
import { inviteTokenOf } from './JoinPage';

describe('joining with a pasted invite link', () => {
  it('takes the token from a full link or a path, and nothing else', () => {
    expect(inviteTokenOf('https://set.example/invite/abcDEF123_-xyz')).toBe('abcDEF123_-xyz');
    expect(inviteTokenOf('  /invite/abcdefghijkl/ ')).toBe('abcdefghijkl');
    expect(inviteTokenOf('https://set.example/invite/abcdefghijkl?x=1')).toBe('abcdefghijkl');
    expect(inviteTokenOf('abcdefghijkl')).toBeNull();
    expect(inviteTokenOf('https://set.example/invite/short')).toBeNull();
    expect(inviteTokenOf('https://set.example/invite/abc def ghi jkl')).toBeNull();
    expect(inviteTokenOf('')).toBeNull();
  });
});
