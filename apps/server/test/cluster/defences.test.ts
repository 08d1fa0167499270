import { existsSync } from 'node:fs';

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type ClerkEmulator, startClerkEmulator } from '@stack/clerk-emulator';
import { DEV_SEED, SERVER_MAIN } from '@stack/test-harness';
import { startThrowawayPostgres, type ThrowawayPostgres } from '@stack/test-kit/postgres';

import { revocationScenarios, type RevocationStack } from '../revocation/support/revocation-scenarios.js';
import { type Instance, startInstances, stopInstances } from '../support/cluster.js';
import { request } from '../support/http.js';
import { WEB_ORIGIN } from '../support/start-server.js';
import { newWebhookSecret } from '../support/webhook-signer.js';

/** Polls readiness (before the tests: expect.poll belongs inside one). */
async function untilReady(base: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while ((await request(`${base}/health/ready`)).status !== 200) {
    if (Date.now() > deadline) throw new Error(`${base} not ready`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** user-reads for this file: small enough to reach, large enough for the revocation scenarios' polling. */
const READS_PER_MIN = 60;

/**
 * Three built server processes on one PostgreSQL: one rate-limit budget across them, every
 * revocation applied on all of them within 1 s of the webhook's 200 (delivered to one), writes on
 * two racing a user.deleted on the third, and each limiting alone while the database is down.
 */
describe('defences across instances on one PostgreSQL', { timeout: 120_000 }, () => {
  const secret = newWebhookSecret();
  let emulator: ClerkEmulator;
  let postgres: ThrowawayPostgres;
  let instances: Instance[] = [];
  let db: pg.Client;
  let stack: RevocationStack;

  beforeAll(async () => {
    expect(existsSync(SERVER_MAIN), 'run `pnpm build` first').toBe(true);
    emulator = await startClerkEmulator({ seed: DEV_SEED });
    postgres = await startThrowawayPostgres();
    const url = await postgres.createDatabase('defences');
    instances = await startInstances(3, emulator, url, {
      CLERK_WEBHOOK_SIGNING_SECRET: secret,
      RATE_LIMIT_USER_READS_PER_MIN: String(READS_PER_MIN),
    });
    for (const { url: base } of instances) await untilReady(base);
    db = new pg.Client({ connectionString: url });
    db.on('error', () => {}); // the outage test kills the server under it
    await db.connect();
    stack = {
      emulator,
      secret,
      receiver: instances[0]!.url,
      instances: instances.map((i) => i.url),
      notesBy: async (authorId) =>
        (
          await db.query<{ id: string; orgId: string | null }>(
            'select id, org_id as "orgId" from notes where author_id = $1',
            [authorId],
          )
        ).rows,
    };
  }, 120_000);
  afterAll(async () => {
    await db?.end().catch(() => {});
    await stopInstances(instances);
    await postgres?.stop();
    await emulator?.close();
  });

  describe('revocation from Clerk’s webhooks, delivered to one instance', () => {
    revocationScenarios(() => stack, { raceRounds: 10 });
  });

  const token = async () => {
    const user = await emulator.users.create({ email: `budget-${Date.now()}-${Math.random()}@example.com` });
    return emulator.mintSessionToken({ userId: user.id, azp: WEB_ORIGIN, expiresInSeconds: 600 });
  };
  /** `total` calls of one user, round-robin over the instances, `parallel` at a time: statuses per instance. */
  const flood = async (bearer: string, total: number, parallel: number, path = '/trpc/profile.me') => {
    const statuses: number[][] = instances.map(() => []);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < total; i = next++) {
        const at = i % instances.length;
        const res = await request(`${instances[at]!.url}${path}`, { headers: { authorization: `Bearer ${bearer}` } });
        expect(res.headers.get('ratelimit-policy')).toBe(`"user-reads";q=${READS_PER_MIN};w=60`);
        statuses[at]!.push(res.status);
      }
    };
    await Promise.all(Array.from({ length: parallel }, worker));
    return statuses;
  };

  it('one budget: a user flooding all three instances gets the limit + 20 % at most, not three limits', async () => {
    // Every instance reports (at least a heartbeat) several times a second: wait until all three are heard.
    const listener = new pg.Client({ connectionString: postgres.url('defences') });
    await listener.connect();
    const heard = new Set<string>();
    const allHeard = new Promise<void>((resolve) =>
      listener.on('notification', (m) => {
        const change = JSON.parse(m.payload ?? '{}') as { kind?: string; origin?: string };
        if (change.kind === 'usage' && change.origin) heard.add(change.origin);
        if (heard.size === 3) resolve();
      }),
    );
    await listener.query('listen stack_changes');
    await allHeard;
    await listener.end();

    const bearer = await token();
    const started = performance.now();
    const statuses = await flood(bearer, 300, 30);
    const seconds = (performance.now() - started) / 1000;
    const accepted = statuses.flat().filter((s) => s === 200).length;
    expect(statuses.flat().every((s) => s === 200 || s === 429)).toBe(true);
    const budget = READS_PER_MIN + (READS_PER_MIN / 60) * seconds;
    console.log(
      `[shared budget] 300 calls round-robin over 3 instances in ${seconds.toFixed(2)} s: ${accepted} accepted ` +
        `(${statuses.map((s) => s.filter((x) => x === 200).length).join(' + ')}); budget ${budget.toFixed(1)}, ` +
        `overshoot ${((accepted / budget - 1) * 100).toFixed(1)} %`,
    );
    expect(accepted).toBeLessThanOrEqual(budget * 1.2);
    expect(accepted).toBeGreaterThanOrEqual(READS_PER_MIN * 0.8);
  });

  it('during a database outage each instance keeps limiting alone: never unlimited, never a 500', async () => {
    const bearer = await token();
    await postgres.kill();
    try {
      // session.current needs no database: what is measured is the limiter alone.
      const statuses = await flood(bearer, 240, 12, '/trpc/session.current');
      const accepted = statuses.map((s) => s.filter((x) => x === 200).length);
      console.log(`[outage] 240 calls over 3 instances with PostgreSQL down: ${accepted.join(' + ')} accepted`);
      expect(statuses.flat().every((s) => s === 200 || s === 429)).toBe(true);
      for (const n of accepted) expect(n).toBeLessThanOrEqual(READS_PER_MIN + 2);
      expect(statuses.flat().filter((s) => s === 429).length).toBeGreaterThan(0);
    } finally {
      await postgres.start();
    }
  });
});
