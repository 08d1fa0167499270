import { describe, expect, it } from 'vitest';

import { streamRevocationOf } from '../../src/live/stream-revocations.js';

describe('streamRevocationOf: which open streams a revocation from Clerk ends', () => {
  const at = 1_700_000_000_000;

  it('a deleted user or an ended session: their streams (UNAUTHORIZED)', () => {
    expect(streamRevocationOf({ kind: 'user-deleted', userId: 'user_a', at })).toEqual({
      kind: 'user',
      userId: 'user_a',
    });
    expect(streamRevocationOf({ kind: 'session-ended', sessionId: 'sess_1', at })).toEqual({
      kind: 'session',
      sessionId: 'sess_1',
    });
  });

  it('a deleted organization: every stream opened in it', () => {
    expect(streamRevocationOf({ kind: 'organization-deleted', orgId: 'org_a', at })).toEqual({
      kind: 'organization',
      orgId: 'org_a',
    });
  });

  it('a membership removed, or changed to a role without org:notes:read, ends that member’s streams there', () => {
    const membership = { kind: 'membership', orgId: 'org_a', userId: 'user_a' };
    expect(
      streamRevocationOf({ kind: 'membership-changed', orgId: 'org_a', userId: 'user_a', role: null, at }),
    ).toEqual(membership);
    expect(
      streamRevocationOf({ kind: 'membership-changed', orgId: 'org_a', userId: 'user_a', role: 'org:guest', at }),
    ).toEqual(membership);
  });

  it('a role that still reads the notes (promoted or demoted) ends nothing', () => {
    for (const role of ['org:admin', 'org:member'])
      expect(streamRevocationOf({ kind: 'membership-changed', orgId: 'org_a', userId: 'user_a', role, at })).toBeNull();
  });
});
