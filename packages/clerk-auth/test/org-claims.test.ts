import { decodeJwt } from '@clerk/backend/jwt';
import { createCheckAuthorization } from '@clerk/shared/authorization';
import { __experimental_JWTPayloadToAuthObjectProperties as authPropertiesFromClaims } from '@clerk/shared/jwtPayloadParser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type ClerkEmulator, type MintOptions, startClerkEmulator, SYSTEM_PERMISSIONS } from '@stack/clerk-emulator';
import { APP_PERMISSIONS, type AuthState, hasPermission } from '@stack/contracts';
import { DEV_SEED } from '@stack/test-harness';

import { SessionRejectedError, SessionVerifier, StaticKeySource } from '../src/index.js';

const WEB = 'http://localhost:3000';

// Organization claims as the emulator encodes them (v2 `o` + `fea`, `fpm` bitmaps), decoded through
// the verifier, i.e. Clerk's own parser; the decisions on top are in src/session/session-claims.ts.
describe('organization claims → AuthState', () => {
  let emulator: ClerkEmulator;
  let verifier: SessionVerifier;
  const ids: Record<'ada' | 'grace' | 'alan', string> = { ada: '', grace: '', alan: '' };

  beforeAll(async () => {
    // Ada admin of acme, Grace member of acme (and admin of globex), Alan in no organization.
    emulator = await startClerkEmulator({ seed: DEV_SEED });
    for (const name of ['ada', 'grace', 'alan'] as const)
      ids[name] = emulator.users.findByEmail(`${name}@example.com`)!.id;
    verifier = new SessionVerifier({
      keys: new StaticKeySource(emulator.publicKeyPem),
      issuer: emulator.issuer,
      authorizedParties: [WEB],
    });
  });
  afterAll(() => emulator?.close());

  const activeOrg = { ada: 'org_acme', grace: 'org_acme', alan: null } as const;
  const token = (who: keyof typeof ids, options: Omit<MintOptions, 'userId'> = {}) =>
    emulator.mintSessionToken({ userId: ids[who], azp: WEB, organizationId: activeOrg[who], ...options });
  const verify = async (who: keyof typeof ids, options?: Omit<MintOptions, 'userId'>) =>
    verifier.verify(await token(who, options));

  it('decodes the v2 bitmap encoding of an admin with Clerk’s parser', async () => {
    const jwt = await token('ada');
    const { payload } = decodeJwt(jwt);
    // The token states permissions only as bitmaps over `fea`: there is no list to read by hand.
    expect(payload).toMatchObject({
      v: 2,
      fea: 'o:notes',
      o: { id: 'org_acme', rol: 'admin', per: 'read,manage', fpm: '3' },
    });
    expect(payload).not.toHaveProperty('org_permissions');
    expect(await verifier.verify(jwt)).toEqual({
      userId: ids.ada,
      sessionId: expect.stringMatching(/^sess_/),
      orgId: 'org_acme',
      orgSlug: 'acme',
      orgRole: 'org:admin',
      orgPermissions: ['org:notes:read', 'org:notes:manage'],
    });
  });

  it('agrees with Clerk’s own has() for every app permission, role and system permission', async () => {
    for (const who of ['ada', 'grace'] as const) {
      const jwt = await token(who);
      const claims = decodeJwt(jwt).payload;
      const has = createCheckAuthorization({
        ...authPropertiesFromClaims(claims),
        factorVerificationAge: null,
        features: claims.fea as string,
        plans: '',
      });
      const auth = await verifier.verify(jwt);
      for (const permission of APP_PERMISSIONS) expect(hasPermission(auth, permission)).toBe(has({ permission }));
      expect(has({ role: auth.orgRole! })).toBe(true);
      // System permissions never reach a token, so neither side can grant them server-side.
      for (const permission of SYSTEM_PERMISSIONS) {
        expect(has({ permission })).toBe(false);
        expect(auth.orgPermissions).not.toContain(permission);
      }
    }
    expect((await verify('grace')).orgPermissions).toEqual(['org:notes:read']);
    expect((await verify('grace')).orgRole).toBe('org:member');
  });

  const personal = (userId: string) => ({
    userId,
    sessionId: expect.stringMatching(/^sess_/),
    orgId: null,
    orgSlug: null,
    orgRole: null,
    orgPermissions: [],
  });

  it('reads a user without organizations as the personal account', async () => {
    expect(await verify('alan')).toEqual(personal(ids.alan));
  });

  it('reads a member’s token with the personal account selected (no `o`) as the personal account', async () => {
    const jwt = await token('grace', { organizationId: null });
    expect(decodeJwt(jwt).payload).not.toHaveProperty('o');
    expect(await verifier.verify(jwt)).toEqual(personal(ids.grace));
  });

  it('treats an organization without a role as incomplete: the personal account', async () => {
    const auth = await verify('ada', { claims: { o: { id: 'org_acme', slg: 'acme', per: 'read,manage', fpm: '3' } } });
    expect(auth).toEqual(personal(ids.ada));
  });

  it('grants no permission whose feature is missing from `fea`, as Clerk decodes it', async () => {
    const auth = await verify('ada', { claims: { fea: undefined } });
    expect(auth).toMatchObject({ orgId: 'org_acme', orgRole: 'org:admin', orgPermissions: [] });
    expect(hasPermission(auth, 'org:notes:manage')).toBe(false);
  });

  it('signs a pending session out (401), even with an organization in the token', async () => {
    await expect(verify('ada', { claims: { sts: 'pending' } })).rejects.toThrow(
      new SessionRejectedError('pending-session'),
    );
  });

  it('refuses claims Clerk’s parser cannot read instead of failing with a 500', async () => {
    await expect(verify('ada', { claims: { fea: 'notes' } })).rejects.toThrow(
      new SessionRejectedError('org-claims-malformed'),
    );
  });

  it('decodes v1 claims with Clerk’s parser, keeping only a real list of strings', async () => {
    const v1 = {
      v: undefined,
      o: undefined,
      fea: undefined,
      org_id: 'org_acme',
      org_slug: 'acme',
      org_role: 'org:admin',
    };
    expect(await verify('ada', { claims: { ...v1, org_permissions: ['org:notes:manage', 7] } })).toMatchObject({
      orgId: 'org_acme',
      orgRole: 'org:admin',
      orgPermissions: ['org:notes:manage'],
    });
    // A string would make `includes` a substring match: it grants nothing.
    const stringly = await verify('ada', { claims: { ...v1, org_permissions: 'org:notes:manage' } });
    expect(stringly.orgPermissions).toEqual([]);
    expect(hasPermission(stringly, 'org:notes:manage')).toBe(false);
  });

  it('keeps AuthState a plain, frozen, serialisable object (no has(), no Clerk types)', async () => {
    const auth: AuthState = await verify('ada');
    expect(Object.getPrototypeOf(auth)).toBe(Object.prototype);
    expect(Object.values(auth).some((value) => typeof value === 'function')).toBe(false);
    expect(JSON.parse(JSON.stringify(auth))).toEqual(auth);
    expect(Object.isFrozen(auth) && Object.isFrozen(auth.orgPermissions)).toBe(true);
  });
});
