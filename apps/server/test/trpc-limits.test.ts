import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { expectNoLeaks } from './support/expectations.js';
import { input, request, trpcError } from './support/http.js';
import { startServer, type TestStack } from './support/start-server.js';

describe('tRPC limits and HTTP semantics', () => {
  let stack: TestStack;
  let auth: { authorization: string };
  beforeAll(async () => {
    stack = await startServer('jwt-key');
    auth = { authorization: `Bearer ${await stack.adaToken()}` };
  });
  afterAll(() => stack?.close());

  it('serves a batch of up to 10 calls', async () => {
    const paths = Array(10).fill('session.current').join(',');
    const res = await request(`${stack.url}/trpc/${paths}?batch=1&${input({})}`, { headers: auth });
    expect(res.status).toBe(200);
    expect(res.json).toHaveLength(10);
  });

  it.each([
    ['11 calls', Array(11).fill('session.current').join(',')],
    ['2000 commas', ','.repeat(2000)],
    ['2000 encoded commas', '%2C'.repeat(2000)],
  ])('refuses a batch of %s with 400', async (_name, paths) => {
    const res = await request(`${stack.url}/trpc/${paths}?batch=1&${input({})}`, { headers: auth });
    expect(res.status).toBe(400);
    expect(res.text.length).toBeLessThan(2000);
  });

  it('refuses a body over 1 MB with 413, announced by Content-Length', async () => {
    const res = await request(`${stack.url}/trpc/profile.update`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ firstName: 'x'.repeat(1024 * 1024 + 10) }),
    });
    expect(res.status).toBe(413);
    expect(trpcError(res).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses a body over 1 MB with 413 when streamed without Content-Length', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"firstName":"'));
        if (sent++ < 20) controller.enqueue(chunk);
        else {
          controller.enqueue(new TextEncoder().encode('"}'));
          controller.close();
        }
      },
    });
    const res = await request(`${stack.url}/trpc/profile.update`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
  });

  it('refuses a mutation sent as GET with 405', async () => {
    const res = await request(`${stack.url}/trpc/profile.update?${input({ firstName: 'Eve' })}`, { headers: auth });
    expect(res.status).toBe(405);
    expect((await stack.client(auth.authorization.slice(7)).profile.me.query()).firstName).not.toBe('Eve');
  });

  it('answers an unknown procedure with 404', async () => {
    const res = await request(`${stack.url}/trpc/admin.deleteEverything`, { headers: auth });
    expect(res.status).toBe(404);
    expect(trpcError(res).code).toBe('NOT_FOUND');
  });

  it('answers truncated JSON with 400, not 500', async () => {
    const res = await request(`${stack.url}/trpc/profile.update`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{"firstName":"Ad',
    });
    expect(res.status).toBe(400);
    expectNoLeaks(res);
  });

  it('ignores prototype-pollution keys and refuses unknown input keys', async () => {
    const res = await request(`${stack.url}/trpc/profile.update`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{"firstName":"Ada","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
    });
    expect(res.status).toBe(400);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
