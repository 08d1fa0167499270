import { decodeJwt } from '@clerk/backend/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { input, request } from './support/http.js';
import { changeRole, orgSeed, removeMember } from './support/org-fixtures.js';
import { startServer, type TestStack, WEB_ORIGIN } from './support/start-server.js';

// What a membership change does to tokens already issued when the server hears nothing from Clerk
// (no webhooks configured here): a session token is a signed statement valid until its `exp`, so it
// keeps the role and permissions it was minted with (the server also remembers a verified token
// until `exp`, never longer). The next token minted for the session, which clerk-js fetches within
// the token lifetime, states the change. With webhooks the change applies at once:
// revocation/revocation-pglite.test.ts and cluster/defences.test.ts.
describe('tokens minted before a demotion or a removal, without webhooks', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startServer('jwt-key', {}, { seed: orgSeed });
  });
  afterAll(() => stack?.close());

  const get = (path: string, token: string) =>
    request(`${stack.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const manageAccess = (token: string) => get(`/trpc/org.manageAccess?${input({ orgId: 'org_acme' })}`, token);
  const userId = (email: string) => stack.emulator.users.findByEmail(email)!.id;

  it('a demoted admin’s token keeps org:notes:manage until it expires; the next token does not', async () => {
    const session = stack.emulator.createSession(userId('ada@example.com'));
    // A short-lived token, so the test can watch it expire; real ones live tokenLifetimeSeconds.
    const before = await stack.emulator.mintSessionToken({
      sessionId: session.id,
      azp: WEB_ORIGIN,
      expiresInSeconds: 1,
    });
    expect((await manageAccess(before)).status).toBe(200);

    changeRole(stack, 'org_acme', 'ada@example.com', 'org:member');

    expect((await manageAccess(before)).status).toBe(200); // stale, and still valid: it is signed
    expect((await get('/api/organization', before)).json).toMatchObject({ role: 'org:admin' });
    const after = await stack.emulator.mintSessionToken({ sessionId: session.id, azp: WEB_ORIGIN });
    expect((await manageAccess(after)).status).toBe(403);
    expect((await get('/api/organization', after)).json).toMatchObject({ role: 'org:member' });

    // Past `exp` (plus Clerk's 5 s clock-skew allowance) the stale token is refused outright.
    const exp = decodeJwt(before).payload.exp;
    const status = await statusOnceExpired(() => manageAccess(before), exp);
    expect(status).toBe(401);
  }, 20_000);

  it('a removed member’s token keeps the organization until it expires; the next one is the personal account', async () => {
    const before = await stack.emulator.mintSessionToken({
      userId: userId('grace@example.com'),
      organizationId: 'org_acme',
      azp: WEB_ORIGIN,
    });
    const session = { id: sessionOf(before) };
    expect((await get('/api/organization', before)).status).toBe(200);

    removeMember(stack, 'org_acme', 'grace@example.com');

    expect((await get('/api/organization', before)).json).toMatchObject({ id: 'org_acme', role: 'org:member' });
    const after = await stack.emulator.mintSessionToken({ sessionId: session.id, azp: WEB_ORIGIN });
    const refused = await get('/api/organization', after);
    expect(refused.status).toBe(403);
    // At most one token lifetime: how long the stale token can still be used.
    const { iat, exp } = decodeJwt(before).payload;
    expect(exp - iat).toBeLessThanOrEqual(60);
  });
});

/** The session a token belongs to: the next token is minted for the same session, as clerk-js does. */
const sessionOf = (token: string): string => decodeJwt(token).payload.sid;

/** Polls until `exp` + the verifier's clock skew has passed, then returns the response status. */
async function statusOnceExpired(call: () => Promise<{ status: number }>, exp: number): Promise<number> {
  const skewMs = 5_000;
  const deadline = Date.now() + 15_000;
  while (Date.now() <= exp * 1000 + skewMs) {
    if (Date.now() > deadline) throw new Error('gave up waiting for the token to expire');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await new Promise((resolve) => setTimeout(resolve, 250));
  return (await call()).status;
}
