import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  type ActiveOrganization,
  APP_ROLES,
  MISSING_PERMISSION_MESSAGE,
  NO_ACTIVE_ORG_MESSAGE,
  UNAUTHORIZED_MESSAGE,
} from '@stack/contracts';

import { input, type RawResponse, request, trpcError } from './support/http.js';
import { type Caller, CALLERS, orgSeed, tokenFor } from './support/org-fixtures.js';
import { startServer, type TestStack } from './support/start-server.js';

type Target = 'session.current' | 'org.current' | 'GET /api/organization' | 'org.manageAccess' | 'GET manage-access';
type Outcome = 200 | '401' | '403 no org' | '403 permission';

// The role × procedure matrix, on real tokens through the real server. Read a row as "this caller
// gets this from each target"; tRPC and REST must agree column by column.
const MATRIX: Record<Caller, Record<Target, Outcome>> = {
  admin: row(200, 200, 200, 200, 200),
  member: row(200, 200, 200, '403 permission', '403 permission'),
  'no-active-org': row(200, '403 no org', '403 no org', '403 no org', '403 no org'),
  personal: row(200, '403 no org', '403 no org', '403 no org', '403 no org'),
  anonymous: row('401', '401', '401', '401', '401'),
  pending: row('401', '401', '401', '401', '401'),
};

function row(...outcomes: [Outcome, Outcome, Outcome, Outcome, Outcome]): Record<Target, Outcome> {
  const [session, current, rest, manage, restManage] = outcomes;
  return {
    'session.current': session,
    'org.current': current,
    'GET /api/organization': rest,
    'org.manageAccess': manage,
    'GET manage-access': restManage,
  };
}

const MESSAGES = {
  '401': UNAUTHORIZED_MESSAGE,
  '403 no org': NO_ACTIVE_ORG_MESSAGE,
  '403 permission': MISSING_PERMISSION_MESSAGE,
};

describe('organizations and permissions through the real server', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startServer('jwt-key', {}, { seed: orgSeed });
  });
  afterAll(() => stack?.close());

  const call = async (target: Target, token: string | undefined, query: unknown = { orgId: 'org_acme' }) => {
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    const path = {
      'session.current': '/trpc/session.current',
      'org.current': '/trpc/org.current',
      'GET /api/organization': '/api/organization',
      'org.manageAccess': `/trpc/org.manageAccess?${input(query)}`,
      'GET manage-access': `/api/organization/manage-access?${new URLSearchParams(query as Record<string, string>).toString()}`,
    }[target];
    return request(`${stack.url}${path}`, { headers });
  };

  const body = (target: Target, res: RawResponse): unknown =>
    target.startsWith('GET') ? res.json : (res.json as { result: { data: unknown } }).result.data;

  const errorOf = (target: Target, res: RawResponse) =>
    target.startsWith('GET') ? (res.json as { message: string }) : trpcError(res);

  describe.each(CALLERS)('%s', (caller) => {
    it.each(Object.entries(MATRIX[caller]) as [Target, Outcome][])('%s → %s', async (target, outcome) => {
      const res = await call(target, await tokenFor(stack, caller));
      if (outcome === 200) {
        expect(res.status, res.text).toBe(200);
        return;
      }
      expect(res.status).toBe(Number(outcome.slice(0, 3)));
      expect(errorOf(target, res).message).toBe(MESSAGES[outcome]);
      expect(res.headers.get('set-cookie')).toBeNull();
    });
  });

  it('org.current and GET /api/organization return the same active organization, from the token', async () => {
    const expected: Record<'admin' | 'member', ActiveOrganization> = {
      admin: { id: 'org_acme', slug: 'acme', role: 'org:admin', permissions: [...APP_ROLES[0]!.permissions] },
      member: { id: 'org_acme', slug: 'acme', role: 'org:member', permissions: ['org:notes:read'] },
    };
    for (const caller of ['admin', 'member'] as const) {
      const token = await tokenFor(stack, caller);
      const before = stack.emulator.stats.count('getUser');
      const trpc = await call('org.current', token);
      const rest = await call('GET /api/organization', token);
      expect(body('org.current', trpc)).toEqual(expected[caller]);
      expect(body('GET /api/organization', rest)).toEqual(expected[caller]);
      expect(rest.headers.get('cache-control')).toBe('private, no-store');
      expect(stack.emulator.stats.count('getUser')).toBe(before);
    }
    expect(body('org.manageAccess', await call('org.manageAccess', await tokenFor(stack, 'admin')))).toEqual({
      orgId: 'org_acme',
      permission: 'org:notes:manage',
    });
  });

  it('serves GET /api/organization to the __session cookie too (a GET needs no Origin)', async () => {
    const res = await request(`${stack.url}/api/organization`, {
      headers: { cookie: `__session=${await tokenFor(stack, 'member')}` },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: 'org_acme', role: 'org:member' });
  });

  it.each([
    ['anonymous', 401],
    ['personal', 403],
    ['member', 403],
    ['admin', 400],
  ] as [Caller, number][])(
    'checks a(n) %s caller before validating input: a bad orgId gives %i',
    async (caller, status) => {
      const token = await tokenFor(stack, caller);
      expect((await call('org.manageAccess', token, { orgId: 42 })).status).toBe(status);
      expect((await call('GET manage-access', token, { orgId: 'acme' })).status).toBe(status);
    },
  );

  it('refuses to confirm access for an organization that is no longer the active one (409)', async () => {
    const token = await tokenFor(stack, 'admin');
    expect((await call('org.manageAccess', token, { orgId: 'org_globex' })).status).toBe(409);
    expect((await call('GET manage-access', token, { orgId: 'org_globex' })).status).toBe(409);
  });

  it('keeps /health public: no session is read', async () => {
    const res = await request(`${stack.url}/health`, { headers: { authorization: 'Bearer not-a-token' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});
