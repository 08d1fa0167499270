import { describe, expect, it } from 'vitest';

import type { AuthState, RevocationFact } from '@stack/contracts';

import { RevocationList } from '../../src/index.js';

const member: AuthState = Object.freeze({
  userId: 'user_a',
  sessionId: 'sess_a',
  orgId: 'org_x',
  orgSlug: 'x',
  orgRole: 'org:admin',
  orgPermissions: ['org:notes:read', 'org:notes:manage'],
});
const personal: AuthState = { ...member, orgId: null, orgSlug: null, orgRole: null, orgPermissions: [] };

// A token issued at 1,000 s; changes at 990 s (before it) and 1,010 s (after it).
const ISSUED_AT = 1_000;
const BEFORE = 990_000;
const AFTER = 1_010_000;

describe('RevocationList', () => {
  it('leaves a caller it knows nothing about as the token says (the same object: no allocation)', () => {
    const list = new RevocationList();
    expect(list.check(member, ISSUED_AT)).toEqual({ status: 'valid', auth: member });
    expect((list.check(member, ISSUED_AT) as { auth: AuthState }).auth).toBe(member);
  });

  it('refuses every token of a deleted user and of an ended session', () => {
    const list = new RevocationList();
    list.apply({ kind: 'user-deleted', userId: 'user_a', at: BEFORE });
    expect(list.check(personal, ISSUED_AT)).toEqual({ status: 'revoked', reason: 'user-deleted' });
    const other = new RevocationList();
    other.apply({ kind: 'session-ended', sessionId: 'sess_a', at: AFTER });
    expect(other.check(member, ISSUED_AT)).toEqual({ status: 'revoked', reason: 'session-ended' });
    expect(other.check({ ...member, sessionId: 'sess_b' }, ISSUED_AT).status).toBe('valid');
  });

  it('keeps the id of a deleted organization but no role or permission in it', () => {
    const list = new RevocationList();
    list.apply({ kind: 'organization-deleted', orgId: 'org_x', at: BEFORE });
    const check = list.check(member, ISSUED_AT + 100);
    expect(check).toEqual({ status: 'valid', auth: { ...member, orgRole: null, orgPermissions: [] } });
    expect(list.check(personal, ISSUED_AT).status).toBe('valid');
  });

  it('judges a token issued before a membership change by the membership as it is now', () => {
    const list = new RevocationList();
    list.apply({ kind: 'membership-changed', orgId: 'org_x', userId: 'user_a', role: 'org:member', at: AFTER });
    expect(list.check(member, ISSUED_AT)).toEqual({
      status: 'valid',
      auth: { ...member, orgRole: 'org:member', orgPermissions: ['org:notes:read'] },
    });
    // Issued after the change: the token states it (whatever it says).
    expect(list.check(member, AFTER / 1000 + 1)).toEqual({ status: 'valid', auth: member });
    // The same second as the change: judged by the membership, which is then what the token says anyway.
    expect((list.check(member, AFTER / 1000) as { auth: AuthState }).auth.orgRole).toBe('org:member');
  });

  it('takes the organization away from a token issued before the removal', () => {
    const list = new RevocationList();
    list.apply({ kind: 'membership-changed', orgId: 'org_x', userId: 'user_a', role: null, at: AFTER });
    expect(list.check(member, ISSUED_AT)).toEqual({
      status: 'valid',
      auth: { ...member, orgRole: null, orgPermissions: [] },
    });
    // Someone else in the same organization is untouched.
    expect(list.check({ ...member, userId: 'user_b' }, ISSUED_AT).status).toBe('valid');
  });

  it('keeps the newest membership change when they arrive out of order or twice', () => {
    const list = new RevocationList();
    list.apply({ kind: 'membership-changed', orgId: 'org_x', userId: 'user_a', role: null, at: AFTER + 5_000 });
    list.apply({ kind: 'membership-changed', orgId: 'org_x', userId: 'user_a', role: 'org:member', at: AFTER });
    expect((list.check(member, ISSUED_AT) as { auth: AuthState }).auth.orgRole).toBeNull();
  });

  it('tells listeners every fact and every reset; a throwing listener does not stop the others', () => {
    const list = new RevocationList();
    const heard: (RevocationFact | 'reset')[] = [];
    list.subscribe({
      onFact: () => {
        throw new Error('broken');
      },
      onReset: () => {},
    });
    const stop = list.subscribe({ onFact: (f) => heard.push(f), onReset: () => heard.push('reset') });
    const fact: RevocationFact = { kind: 'session-ended', sessionId: 'sess_a', at: AFTER };
    list.apply(fact);
    list.reset([]);
    stop();
    list.apply(fact);
    expect(heard).toEqual([fact, 'reset']);
    expect(list.check(member, ISSUED_AT).status).toBe('revoked');
  });

  it('forgets ended sessions and membership changes past the retention, never deletions', () => {
    let now = AFTER;
    const list = new RevocationList({ retentionMs: 60_000, now: () => now });
    list.reset([
      { kind: 'session-ended', sessionId: 'sess_a', at: AFTER },
      { kind: 'membership-changed', orgId: 'org_x', userId: 'user_a', role: null, at: AFTER },
      { kind: 'user-deleted', userId: 'user_z', at: AFTER },
      { kind: 'organization-deleted', orgId: 'org_z', at: AFTER },
    ]);
    expect(list.size).toBe(4);
    now += 61_000;
    list.prune();
    expect(list.size).toBe(2);
    expect(list.check(member, ISSUED_AT)).toEqual({ status: 'valid', auth: member });
  });
});
