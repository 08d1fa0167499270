import { existsSync } from 'node:fs';
import { connect } from 'node:net';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { type ClerkEmulator, startClerkEmulator } from '@stack/clerk-emulator';
import { type BuiltServer, DEV_SEED, SERVER_MAIN, serverEnv, spawnBuiltServer } from '@stack/test-harness';
import { createTestDatabase } from '@stack/test-kit/postgres';

import { WEB_ORIGIN } from '../support/start-server.js';
import { clerkEvent, newWebhookSecret, postWebhook, userJson } from '../support/webhook-signer.js';

/** Runs `tasks` `parallel` at a time. */
async function inParallel(tasks: (() => Promise<unknown>)[], parallel: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let i = next++; i < tasks.length; i = next++) await tasks[i]!();
    }),
  );
}

/** A signed-in POST that announces a body and leaves after sending part of it. */
function abortMidBody(url: string, token: string): Promise<void> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(
        `POST /trpc/note.create HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n` +
          'Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"title":"',
      );
      setTimeout(() => socket.destroy(), 20);
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve());
  });
}

/**
 * What hostile or broken traffic costs the log (issue 18): floods of forged webhooks, rejected
 * tokens and client aborts are one summary line per reason per 10 s, refused input writes nothing,
 * and no line carries a token, SQL parameters or user content.
 */
describe('the log under hostile traffic (built server process)', { timeout: 120_000 }, () => {
  const secret = newWebhookSecret();
  let emulator: ClerkEmulator;
  let server: BuiltServer;
  let url: string;
  let token: string;
  let leaver: string;

  beforeAll(async () => {
    expect(existsSync(SERVER_MAIN), 'run `pnpm build` first').toBe(true);
    emulator = await startClerkEmulator({ seed: DEV_SEED });
    server = spawnBuiltServer({
      ...serverEnv(emulator, { mode: 'jwt-key', authorizedParties: WEB_ORIGIN }),
      CLERK_WEBHOOK_SIGNING_SECRET: secret,
      DATABASE_URL: await createTestDatabase(inject('postgresAdminUrl')),
    });
    url = await server.listening();
    const ada = emulator.users.findByEmail('ada@example.com')!;
    token = await emulator.mintSessionToken({
      userId: ada.id,
      azp: WEB_ORIGIN,
      organizationId: null,
      expiresInSeconds: 600,
    });
    // Another user for the aborts, whose writes are not used up by the rest of the flood.
    const alan = emulator.users.findByEmail('alan@example.com')!;
    leaver = await emulator.mintSessionToken({ userId: alan.id, azp: WEB_ORIGIN, expiresInSeconds: 600 });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await emulator?.close();
  });

  it('keeps floods to a few lines, with no token, SQL parameter or user content in them', async () => {
    const before = server.output().length;
    const started = performance.now();
    const forgedTokens = Array.from({ length: 300 }, (_, i) => `${'a'.repeat(20)}.${'b'.repeat(30)}${i}.forged${i}`);
    const note = await fetch(`${url}/trpc/note.create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'SECRET-TITLE-1' }),
    });
    const { id } = ((await note.json()) as { result: { data: { id: string } } }).result.data;

    await inParallel(
      [
        // 300 forged webhook deliveries (400, then 429 past the failure limit).
        ...Array.from({ length: 300 }, () => async () => {
          const res = await postWebhook(url, secret, clerkEvent('user.updated', userJson('user_forged', 1)), {
            signature: 'v1,Zm9yZ2Vk',
          });
          expect([400, 429]).toContain(res.status);
        }),
        // 300 rejected tokens (401, then 429 past the anonymous limit).
        ...forgedTokens.map((forged) => async () => {
          const res = await fetch(`${url}/trpc/profile.me`, { headers: { authorization: `Bearer ${forged}` } });
          expect([401, 429]).toContain(res.status);
          await res.arrayBuffer();
        }),
        // 100 versions beyond the column: a 400 each (429 past the write limit), nothing logged.
        ...Array.from({ length: 100 }, (_, i) => async () => {
          const res = await fetch(`${url}/trpc/note.update`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ id, version: 2 ** 31 + i, title: `SECRET-TITLE-${i}` }),
          });
          expect([400, 429]).toContain(res.status);
          await res.arrayBuffer();
        }),
        // 40 clients leaving in the middle of their request.
        ...Array.from({ length: 40 }, () => () => abortMidBody(url, leaver)),
      ],
      10,
    );
    // The aborts are noticed asynchronously; their summary line is the last to come.
    await expect.poll(() => server.output().slice(before), { timeout: 10_000 }).toContain('Client aborts');

    // Warnings and errors: what the defences write. Request lines (info) are one per request by
    // design, an operator's choice (LOG_LEVEL), and are tested in observability/request-logs.test.ts.
    const lines = server
      .output()
      .slice(before)
      .split('\n')
      .filter((l) => l.trim() !== '' && !/"level":"(info|debug|trace)"/.test(l));
    console.log(`[log volume] 740 hostile requests → ${lines.length} log lines:\n${lines.join('\n')}`);
    // One line per reason per 10 s: the first at once, then one summary with a count per window.
    const windows = 1 + Math.ceil((performance.now() - started) / 10_000);
    const reasons = new Map<string, number>();
    for (const line of lines) {
      const { msg } = JSON.parse(line) as { msg: string };
      const reason = msg.replace(/ ×\d+ more in the last 10 s$/, '');
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    expect(reasons.size).toBeLessThanOrEqual(8);
    for (const [reason, count] of reasons) expect(count, reason).toBeLessThanOrEqual(windows);
    // Nothing sensitive in any line, request lines included.
    const text = server.output().slice(before);
    for (const leak of ['SECRET-TITLE', 'params', '2147483648', 'forged', 'Zm9yZ2Vk', token, 'insert into', 'select '])
      expect(text).not.toContain(leak);
    expect(text).not.toMatch(/ {4}at /); // no stacks
    for (const summary of ['Rejected credentials', 'Refused webhook deliveries', 'Client aborts'])
      expect(lines.filter((l) => l.includes(summary)).length).toBeGreaterThanOrEqual(1);
  });
});
