import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type OpenDatabase, schema } from '@stack/db';
import { DEV_SEED } from '@stack/test-harness';

import { DATABASE } from '../../src/db/db.tokens.js';
import { input, type RawResponse, request } from '../support/http.js';
import { startServer, type TestStack, WEB_ORIGIN } from '../support/start-server.js';
import { clerkEvent, newWebhookSecret, postWebhook, userJson } from '../support/webhook-signer.js';

// Small limits, so a test reaches each one in a handful of calls.
const LIMITS = {
  RATE_LIMIT_USER_READS_PER_MIN: '5',
  RATE_LIMIT_USER_WRITES_PER_MIN: '3',
  RATE_LIMIT_ORG_WRITES_PER_MIN: '4',
  RATE_LIMIT_ANONYMOUS_PER_MIN: '4',
  RATE_LIMIT_WEBHOOK_FAILURES_PER_MIN: '2',
};

type Batch = ({ result: unknown } | { error: { message: string; data: Record<string, unknown> } })[];

let addresses = 0;
/** A client address of its own (the server trusts 127.0.0.1 as a proxy), so tests share no `anonymous` bucket. */
const newAddress = () => `203.0.113.${++addresses}`;

function call(
  stack: TestStack,
  path: string,
  options: { token?: string; from?: string; method?: 'GET' | 'POST'; body?: unknown } = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = { 'x-forwarded-for': options.from ?? newAddress() };
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  return request(`${stack.url}${path}`, {
    method: options.method ?? 'GET',
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
}

/** A 429 in tRPC's error shape (or REST's), with the draft's headers for `policy`. */
function expectRefused(res: RawResponse, policy: string, quota: number) {
  expect(res.status).toBe(429);
  const retryAfter = res.headers.get('retry-after') ?? '';
  expect(retryAfter).toMatch(/^[1-9]\d*$/);
  expect(res.headers.get('ratelimit-policy')).toBe(`"${policy}";q=${quota};w=60`);
  expect(res.headers.get('ratelimit')).toMatch(new RegExp(`^"${policy}";r=0;t=\\d+$`));
  return Number(retryAfter);
}

const remainingOf = (res: RawResponse, policy: string) =>
  Number(new RegExp(`"${policy}";r=(\\d+);t=\\d+`).exec(res.headers.get('ratelimit') ?? '')?.[1] ?? NaN);

describe('rate limits (policy table, keys, headers)', () => {
  let stack: TestStack;
  const secret = newWebhookSecret();
  let users = 0;

  beforeAll(async () => {
    stack = await startServer(
      'jwt-key',
      { ...LIMITS, TRUST_PROXY: '127.0.0.1', CLERK_WEBHOOK_SIGNING_SECRET: secret },
      { seed: DEV_SEED },
    );
  });
  afterAll(() => stack?.close());

  /** A user no other test uses (own buckets), optionally the admin of an organization of its own. */
  const newUser = async (org?: string) => {
    const user = await stack.emulator.users.create({ email: `limited-${++users}@example.com`, firstName: 'L' });
    const orgId = org ?? null;
    if (orgId && !stack.emulator.organizations.get(orgId))
      stack.emulator.organizations.create({ id: orgId, name: orgId, createdBy: user.id });
    else if (orgId) stack.emulator.organizations.addMember(orgId, user.id, 'org:admin');
    const token = await stack.emulator.mintSessionToken({
      userId: user.id,
      azp: WEB_ORIGIN,
      organizationId: orgId,
      expiresInSeconds: 600,
    });
    return { id: user.id, token };
  };
  const notesOf = async (authorId: string) =>
    (await stack.app.get<OpenDatabase>(DATABASE).db.select().from(schema.notes)).filter((n) => n.authorId === authorId);

  it('user-reads: a signed-in user’s queries and REST GETs share one bucket of 5 a minute', async () => {
    const { token } = await newUser();
    const first = await call(stack, '/trpc/profile.me', { token });
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-policy')).toBe('"user-reads";q=5;w=60');
    expect(first.headers.get('ratelimit')).toBe('"user-reads";r=4;t=12');
    for (let i = 3; i >= 0; i--) {
      const path = i % 2 === 0 ? '/api/profile' : '/trpc/note.list';
      const res = await call(stack, path, { token });
      expect(res.status).toBe(200);
      expect(remainingOf(res, 'user-reads')).toBe(i);
    }
    const refused = await call(stack, '/trpc/profile.me', { token });
    expect(expectRefused(refused, 'user-reads', 5)).toBeLessThanOrEqual(12);
    expect(refused.json).toMatchObject({
      error: {
        message: 'Too many requests',
        code: -32029,
        data: { code: 'TOO_MANY_REQUESTS', httpStatus: 429, path: 'profile.me', retryAfter: expect.any(Number) },
      },
    });
    const rest = await call(stack, '/api/profile', { token });
    expectRefused(rest, 'user-reads', 5);
    expect(rest.json).toEqual({ statusCode: 429, message: 'Too many requests' });
    // Another user is not affected.
    expect((await call(stack, '/trpc/profile.me', { token: (await newUser()).token })).status).toBe(200);
  });

  it('user-writes: 3 mutations a minute per user; a refused one writes nothing', async () => {
    const user = await newUser();
    const started = performance.now();
    for (let i = 0; i < 3; i++) {
      const res = await call(stack, '/trpc/note.create', {
        token: user.token,
        method: 'POST',
        body: { title: `n${i}` },
      });
      expect(res.status).toBe(200);
      // Until full again: 20 s per call taken, less what refilled while the calls ran (a busy
      // machine takes over a second for three of them).
      const [, remaining, untilFull] = /^"user-writes";r=(\d+);t=(\d+)$/.exec(res.headers.get('ratelimit') ?? '') ?? [];
      expect(Number(remaining)).toBe(2 - i);
      const refilled = Math.ceil((performance.now() - started) / 1000);
      expect(Number(untilFull)).toBeLessThanOrEqual((i + 1) * 20);
      expect(Number(untilFull)).toBeGreaterThanOrEqual((i + 1) * 20 - refilled);
    }
    const refused = await call(stack, '/trpc/note.create', {
      token: user.token,
      method: 'POST',
      body: { title: 'no' },
    });
    expectRefused(refused, 'user-writes', 3);
    expect(await notesOf(user.id)).toHaveLength(3);
    // Reads are another bucket.
    expect((await call(stack, '/trpc/note.list', { token: user.token })).status).toBe(200);
  });

  it('org-writes: the mutations of all members in their organization count against it too', async () => {
    const a = await newUser('org_limited_a');
    const b = await newUser('org_limited_a');
    const create = (token: string, title: string) =>
      call(stack, '/trpc/note.create', { token, method: 'POST', body: { title } });
    for (const [who, title] of [
      [a, 'a1'],
      [b, 'b1'],
      [a, 'a2'],
    ] as const)
      expect((await create(who.token, title)).status).toBe(200);
    const fourth = await create(b.token, 'b2');
    expect(fourth.status).toBe(200);
    // Both policies applied, each with its own numbers.
    expect(fourth.headers.get('ratelimit-policy')).toBe('"user-writes";q=3;w=60, "org-writes";q=4;w=60');
    expect(fourth.headers.get('ratelimit')).toMatch(/^"user-writes";r=1;t=\d+, "org-writes";r=0;t=\d+$/);
    // b has one write left of its own, but the organization has none.
    expectRefused(await create(b.token, 'b3'), 'org-writes', 4);
    expect((await notesOf(b.id)).length).toBe(2);
    // The same users' personal notes are not the organization's.
    const alone = await newUser();
    expect((await create(alone.token, 'personal')).status).toBe(200);
  });

  it('anonymous: calls without a valid session, by client address (TRUST_PROXY names the proxy)', async () => {
    const from = newAddress();
    const anonymous = [
      () => call(stack, '/trpc/profile.me', { from }),
      () => call(stack, '/trpc/profile.me', { from, token: 'not.a.token' }),
      () => call(stack, '/api/profile', { from }),
      () => call(stack, '/trpc/note.create', { from, method: 'POST', body: { title: 'x' } }),
    ];
    for (const attempt of anonymous) {
      const res = await attempt();
      expect(res.status).toBe(401);
      expect(res.headers.get('ratelimit-policy')).toBe('"anonymous";q=4;w=60');
    }
    expectRefused(await call(stack, '/trpc/profile.me', { from }), 'anonymous', 4);
    expectRefused(await call(stack, '/api/profile', { from }), 'anonymous', 4);
    // Another client address has a bucket of its own; what the client puts left of the proxy's entry is not believed.
    expect((await call(stack, '/trpc/profile.me', { from: `${from}, ${newAddress()}` })).status).toBe(401);
    // A signed-in caller from the same address is limited as its user, not as the address.
    expect((await call(stack, '/trpc/profile.me', { from, token: (await newUser()).token })).status).toBe(200);
  });

  it('counts each call of a batch: some refused inside it (207), all refused before tRPC (429)', async () => {
    const { token } = await newUser();
    await call(stack, '/trpc/profile.me', { token });
    await call(stack, '/trpc/profile.me', { token });
    // 3 left: a batch of 4 gets 3 answers and one TOO_MANY_REQUESTS, in order.
    const paths = 'profile.me,session.current,note.list,profile.me';
    const partial = await call(stack, `/trpc/${paths}?batch=1&${input({})}`, { token });
    expect(partial.status).toBe(207);
    const calls = partial.json as Batch;
    expect(calls.slice(0, 3).every((c) => 'result' in c)).toBe(true);
    expect(calls[3]).toMatchObject({ error: { data: { code: 'TOO_MANY_REQUESTS', path: 'profile.me' } } });
    expect(partial.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(partial.headers.get('ratelimit')).toMatch(/^"user-reads";r=0;t=\d+$/);
    const refused = await call(stack, `/trpc/profile.me,session.current?batch=1&${input({})}`, { token });
    expectRefused(refused, 'user-reads', 5);
    expect((refused.json as Batch).map((c) => ('error' in c ? c.error.data['code'] : 'ok'))).toEqual([
      'TOO_MANY_REQUESTS',
      'TOO_MANY_REQUESTS',
    ]);
  });

  it('a batch of mutations over the limit writes only what was admitted', async () => {
    const user = await newUser();
    const body = Object.fromEntries([0, 1, 2, 3, 4].map((i) => [i, { title: `batch ${i}` }]));
    const res = await call(stack, '/trpc/note.create,note.create,note.create,note.create,note.create?batch=1', {
      token: user.token,
      method: 'POST',
      body,
    });
    expect(res.status).toBe(207);
    expect((res.json as Batch).map((c) => ('error' in c ? c.error.data['code'] : 'ok'))).toEqual([
      'ok',
      'ok',
      'ok',
      'TOO_MANY_REQUESTS',
      'TOO_MANY_REQUESTS',
    ]);
    expect((await notesOf(user.id)).map((n) => n.title).sort()).toEqual(['batch 0', 'batch 1', 'batch 2']);
  });

  it('never limits the health endpoints', async () => {
    const from = newAddress();
    for (let i = 0; i < 12; i++) {
      for (const path of ['/health', '/health/ready']) {
        const res = await call(stack, path, { from });
        expect(res.status).toBe(200);
        expect(res.headers.get('ratelimit')).toBeNull();
      }
    }
  });

  it('webhook-failures: deliveries that fail verification, by address; a verified one is never limited', async () => {
    const forged = (from: string) =>
      postWebhook(stack.url, secret, clerkEvent('user.updated', userJson('user_x', Date.now())), {
        signature: 'v1,AAAA',
        headers: { 'x-forwarded-for': from },
      });
    const from = newAddress();
    expect((await forged(from)).status).toBe(400);
    expect((await forged(from)).status).toBe(400);
    const refused = await forged(from);
    expectRefused(refused, 'webhook-failures', 2);
    expect(refused.json).toEqual({ error: 'Too many requests' });
    const signed = await postWebhook(stack.url, secret, clerkEvent('user.updated', userJson('user_x', Date.now())), {
      headers: { 'x-forwarded-for': from },
    });
    expect(signed.status).toBe(200);
    expect((await forged(newAddress())).status).toBe(400);
  });

  it('exposes the three headers to the web app through CORS', async () => {
    const res = await request(`${stack.url}/trpc/profile.me`, {
      headers: { origin: WEB_ORIGIN, authorization: `Bearer ${(await newUser()).token}` },
    });
    expect(res.status).toBe(200);
    const exposed = (res.headers.get('access-control-expose-headers') ?? '').toLowerCase().split(/\s*,\s*/);
    expect(exposed).toEqual(expect.arrayContaining(['ratelimit-policy', 'ratelimit', 'retry-after']));
  });
});

describe('rate limits without TRUST_PROXY, and a policy turned off', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startServer('jwt-key', { RATE_LIMIT_ANONYMOUS_PER_MIN: '2', RATE_LIMIT_USER_READS_PER_MIN: '0' });
  });
  afterAll(() => stack?.close());

  it('keys anonymous callers by the socket address, whatever X-Forwarded-For says', async () => {
    expect((await call(stack, '/trpc/profile.me', { from: '198.51.100.1' })).status).toBe(401);
    expect((await call(stack, '/trpc/profile.me', { from: '198.51.100.2' })).status).toBe(401);
    expectRefused(await call(stack, '/trpc/profile.me', { from: '198.51.100.3' }), 'anonymous', 2);
  });

  it('0 turns a policy off: no limit and no header for it', async () => {
    const token = await stack.adaToken();
    for (let i = 0; i < 20; i++) {
      const res = await call(stack, '/trpc/profile.me', { token });
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit')).toBeNull();
    }
  });
});
