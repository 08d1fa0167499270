import { connect } from 'node:net';

import type { INestApplication } from '@nestjs/common';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { AppRouter } from '@stack/api';
import { type ClerkEmulator, startClerkEmulator } from '@stack/clerk-emulator';

import { createLogger } from '../../src/logging/create-logger.js';
import { bootApp } from '../support/boot-app.js';
import { emulatorConfig } from '../support/emulator-config.js';
import { input, request } from '../support/http.js';
import { seed, WEB_ORIGIN } from '../support/start-server.js';
import { newWebhookSecret, postWebhook } from '../support/webhook-signer.js';

/** One logged line, parsed. */
type Line = Record<string, unknown>;

describe('request lines and what never reaches the log', () => {
  let emulator: ClerkEmulator;
  let app: INestApplication;
  let url: string;
  let token: string;
  let adaId: string;
  const written: string[] = [];
  const lines = (): Line[] => written.map((l) => JSON.parse(l) as Line);
  const lineOf = (reqId: string) => lines().find((l) => l['reqId'] === reqId);
  /** The request line appears when the response has closed, just after the client read it. */
  const awaitLine = async (reqId: string): Promise<Line> => {
    await expect.poll(() => lineOf(reqId)).toBeDefined();
    return lineOf(reqId)!;
  };

  beforeAll(async () => {
    emulator = await startClerkEmulator({ seed });
    const config = await emulatorConfig(emulator, {
      authorizedParties: WEB_ORIGIN,
      env: { CLERK_WEBHOOK_SIGNING_SECRET: newWebhookSecret() },
    });
    const logger = createLogger(config.log, { write: (line: string) => void written.push(line) });
    ({ app, url } = await bootApp(config, { logger }));
    adaId = emulator.users.findByEmail('ada@example.com')!.id;
    token = await emulator.mintSessionToken({ userId: adaId, azp: WEB_ORIGIN });
  });
  afterAll(async () => {
    await app?.close();
    await emulator?.close();
  });

  it('writes one JSON line per request: id, method, path without the query, status, duration, procedures, caller', async () => {
    const res = await request(`${url}/trpc/session.current,profile.me?batch=1&${input({ 0: null })}`, {
      headers: { authorization: `Bearer ${token}`, 'x-request-id': 'edge-7f3a:01' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('edge-7f3a:01');
    const line = await awaitLine('edge-7f3a:01');
    expect(line).toMatchObject({
      level: 'info',
      method: 'GET',
      path: '/trpc/session.current,profile.me',
      status: 200,
      procedures: ['session.current', 'profile.me'],
      userId: adaId,
      orgId: 'org_acme',
      msg: 'request',
    });
    expect(typeof line['durationMs']).toBe('number');
    expect(typeof line['time']).toBe('string');
    expect(line).not.toHaveProperty('traceId');

    // One procedure, and one whose path arrives percent-encoded: both named as tRPC reads them.
    for (const [path, named] of [
      ['/trpc/profile.me', 'profile.me'],
      ['/trpc/profile%2Eme', 'profile.me'],
    ] as const) {
      const id = `one-${named.length}-${path.length}`;
      await request(`${url}${path}`, { headers: { authorization: `Bearer ${token}`, 'x-request-id': id } });
      expect(await awaitLine(id)).toMatchObject({ path, procedures: [named] });
    }
  });

  it('keeps a well-formed X-Request-Id and replaces any other, on tRPC, REST, 404 and preflight responses', async () => {
    const cases: [string, RequestInit][] = [
      ['/trpc/profile.me', {}],
      ['/api/profile', {}],
      ['/health', {}],
      ['/no/such/route', {}],
      [
        '/trpc/profile.update',
        { method: 'OPTIONS', headers: { origin: WEB_ORIGIN, 'access-control-request-method': 'POST' } },
      ],
    ];
    for (const [path, init] of cases) {
      const kept = await request(`${url}${path}`, {
        ...init,
        headers: { ...init.headers, 'x-request-id': 'A.b_c:d-1' },
      });
      expect(kept.headers.get('x-request-id'), path).toBe('A.b_c:d-1');
      for (const bad of ['has space', 'x'.repeat(65), 'semi;colon', 'ünïcode']) {
        const replaced = await request(`${url}${path}`, {
          ...init,
          headers: { ...init.headers, 'x-request-id': encodeURI(bad) === bad ? bad : encodeURI(bad) },
        });
        const id = replaced.headers.get('x-request-id');
        expect(id, `${path} ${bad}`).toMatch(/^[0-9a-f-]{36}$/);
      }
      const generated = await request(`${url}${path}`, init);
      expect(generated.headers.get('x-request-id'), path).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('never logs credentials, query strings, note contents or webhook signatures', async () => {
    const secretBody = 'private-note-body-4e1c9';
    const secretTitle = 'private-note-title-77ab';
    // Grace has no organization: her personal notes.
    const grace = await emulator.mintSessionToken({
      userId: emulator.users.findByEmail('grace@example.com')!.id,
      azp: WEB_ORIGIN,
    });
    const client = createTRPCClient<AppRouter>({
      links: [httpBatchLink({ url: `${url}/trpc`, headers: { authorization: `Bearer ${grace}` } })],
    });
    const note = await client.note.create.mutate({ title: secretTitle, body: secretBody });
    await client.note.byId.query({ id: note.id });
    // A refused token and a cookie: the reason is logged, never the credential.
    const forged = `${token.slice(0, -8)}AAAAAAAA`;
    await request(`${url}/trpc/profile.me`, { headers: { authorization: `Bearer ${forged}` } });
    await request(`${url}/api/profile`, { headers: { cookie: `__session=${forged}; theme=dark-cookie-value` } });
    const webhook = await postWebhook(url, newWebhookSecret(), '{"type":"user.created"}', {
      signature: 'v1,c2lnbmF0dXJlLXRoYXQtbXVzdC1ub3QtbGVhaw==',
    });
    expect(webhook.status).toBe(400);
    await expect.poll(() => written.join('\n')).toContain('Rejected credentials');
    await expect.poll(() => lines().filter((l) => l['path'] === '/webhooks/clerk').length).toBe(1);

    const log = written.join('\n');
    for (const secret of [
      token,
      grace,
      token.split('.')[2]!,
      forged.split('.')[2]!,
      'dark-cookie-value',
      'c2lnbmF0dXJlLXRoYXQtbXVzdC1ub3QtbGVhaw',
      secretBody,
      secretTitle,
      note.id,
      'input=',
      emulator.secretKey,
    ]) {
      expect(log, secret).not.toContain(secret);
    }
    expect(log).not.toMatch(/"(authorization|cookie|headers)"/i);
  });

  it('logs a client that went away as one line, without a stack', async () => {
    const before = written.length;
    // A POST announcing a body it never finishes sending, then the connection drops.
    await new Promise<void>((resolve, reject) => {
      const { hostname, port } = new URL(url);
      const socket = connect(Number(port), hostname, () => {
        socket.write(
          [
            'POST /trpc/profile.update HTTP/1.1',
            `Host: ${hostname}:${port}`,
            `Authorization: Bearer ${token}`,
            'X-Request-Id: gone-client-1',
            'Content-Type: application/json',
            'Content-Length: 5000',
            '',
            '{"firstName":"Ad',
          ].join('\r\n'),
        );
        setImmediate(() => socket.destroy());
      });
      socket.on('close', () => resolve());
      socket.on('error', reject);
    });
    const line = await awaitLine('gone-client-1');
    expect(line).toMatchObject({ status: 499, aborted: true, msg: 'client went away before the response' });
    // Give a stray error line (the old behaviour: tRPC's INTERNAL_SERVER_ERROR with the stack) time to appear.
    await request(`${url}/health`);
    const after = written.slice(before).join('\n');
    expect(after).not.toMatch(/"level":"error"|\n\s+at /);
    expect(after.match(/gone-client-1/g)).toHaveLength(1);
  });
});
