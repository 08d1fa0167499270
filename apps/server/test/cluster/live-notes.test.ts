import { existsSync } from 'node:fs';

import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';

import { type ClerkEmulator, startClerkEmulator } from '@stack/clerk-emulator';
import { DEV_SEED, SERVER_MAIN } from '@stack/test-harness';
import { percentile } from '@stack/test-kit';
import { createTestDatabase, withClient } from '@stack/test-kit/postgres';

import { type Instance, startInstance, startInstances, stopInstances } from '../support/cluster.js';
import { LiveChanges, liveClient } from '../support/live-client.js';
import { WEB_ORIGIN } from '../support/start-server.js';

/** Short drain delay and reconnect delay: a restart is over in moments, and clients come back at once. */
const ENV = { SHUTDOWN_DELAY_MS: '200', SSE_RECONNECT_MS: '50' };

/**
 * `note.changes` across three built server processes on one PostgreSQL: every change reaches every
 * subscriber of its scope on every instance, and a rolling restart under subscribers (each
 * instance drained and replaced in turn) loses and repeats nothing.
 */
describe('live notes across instances', { timeout: 180_000 }, () => {
  let emulator: ClerkEmulator;
  let databaseUrl: string;
  let instances: Instance[] = [];
  const subscriptions: LiveChanges[] = [];
  const token = { ada: '', grace: '', graceGlobex: '' };

  beforeAll(async () => {
    expect(existsSync(SERVER_MAIN), 'run `pnpm build` first').toBe(true);
    emulator = await startClerkEmulator({ seed: DEV_SEED });
    // A copy of the run's migrated template on its shared PostgreSQL.
    databaseUrl = await createTestDatabase(inject('postgresAdminUrl'));
    instances = await startInstances(3, emulator, databaseUrl, ENV);
    const mint = (email: string, organizationId: string) =>
      emulator.mintSessionToken({
        userId: emulator.users.findByEmail(email)!.id,
        azp: WEB_ORIGIN,
        organizationId,
        expiresInSeconds: 3600,
      });
    token.ada = await mint('ada@example.com', 'org_acme');
    token.grace = await mint('grace@example.com', 'org_acme');
    token.graceGlobex = await mint('grace@example.com', 'org_globex');
  }, 180_000);
  afterEach(() => subscriptions.splice(0).forEach((s) => s.close()));
  afterAll(async () => {
    await stopInstances(instances);
    await emulator?.close();
  });

  async function subscribe(bearer: string, origin: () => string) {
    const changes = new LiveChanges(liveClient({ origin, token: () => bearer }));
    subscriptions.push(changes);
    await changes.open();
    return changes;
  }

  async function outbox(scope: string): Promise<string[]> {
    // Ordered by the bigint column, not by the text alias `id` (which sorts '99' after '389').
    const query = 'select id::text as id from note_events where scope = $1 order by note_events.id';
    const rows = await withClient(databaseUrl, (client) => client.query<{ id: string }>(query, [scope]));
    return rows.rows.map((r) => r.id);
  }

  it('a change through any instance reaches every subscriber of its scope on every instance within 1 s, none elsewhere', async () => {
    const perInstance = await Promise.all(instances.map((instance) => subscribe(token.ada, () => instance.url)));
    const member = await subscribe(token.grace, () => instances[2]!.url);
    const globex = await subscribe(token.graceGlobex, () => instances[0]!.url);
    const acked: number[] = [];
    for (let i = 0; i < 15; i++) {
      await instances[i % 3]!.client(token.ada).note.create.mutate({ title: `cluster ${i}` });
      acked.push(performance.now());
    }
    const delays: number[] = [];
    for (const changes of [...perInstance, member]) {
      await changes.count(15);
      expect(changes.events.map((e) => e.id)).toEqual(perInstance[0]!.events.map((e) => e.id));
      changes.events.forEach((e, i) => delays.push(e.at - acked[i]!));
    }
    expect(globex.events).toEqual([]);
    delays.sort((a, b) => a - b);
    console.log(
      `[live cluster] acknowledged write → event on 4 subscribers over 3 instances (${delays.length}): p50 ${percentile(delays, 50).toFixed(1)} ms, p99 ${percentile(delays, 99).toFixed(1)} ms, max ${delays.at(-1)!.toFixed(1)} ms`,
    );
    expect(delays.at(-1)).toBeLessThan(1_000);
  });

  it('a rolling restart under subscribers: each instance drained and replaced, nothing lost, nothing repeated', async () => {
    // The load balancer: new connections go to the instances taking traffic, in turn.
    const live = new Set(instances.map((i) => i.url));
    let turn = 0;
    const pick = () => {
      const urls = [...live];
      return urls[turn++ % urls.length]!;
    };
    const subscribers = [
      await subscribe(token.ada, pick),
      await subscribe(token.ada, pick),
      await subscribe(token.grace, pick),
      await subscribe(token.ada, pick),
    ];
    const writer = liveClient({ origin: pick, token: () => token.ada }).trpc;
    let restarting = true;
    let writes = 0;
    let failed = 0;
    const writing = (async () => {
      while (restarting && writes < 400) {
        writes++;
        // A write racing an instance's shutdown may fail; the outbox says what was committed.
        await writer.note.create.mutate({ title: `rolling ${writes}` }).catch(() => failed++);
      }
    })();
    for (const [index, old] of instances.entries()) {
      live.delete(old.url);
      old.server.child.kill('SIGTERM');
      expect(await old.server.exited).toBe(0);
      const replacement = await startInstance(emulator, databaseUrl, ENV);
      instances[index] = replacement;
      live.add(replacement.url);
    }
    restarting = false;
    await writing;
    const committed = await outbox('org:org_acme');
    for (const changes of subscribers) {
      await changes.until((c) => c.events.at(-1)?.id === committed.at(-1), 'the last committed event', 10_000);
      // The first test's events came before these subscriptions: compare from where each began.
      const from = committed.indexOf(changes.events[0]!.id);
      expect(changes.events.map((e) => e.id)).toEqual(committed.slice(from));
      expect(changes.error).toBeNull();
    }
    const reconnects = subscribers.map((s) => s.transientErrors.filter((e) => e === 'SERVICE_UNAVAILABLE').length);
    console.log(
      `[live cluster] rolling restart of 3 instances: ${writes} writes (${failed} failed in flight), ${committed.length} events; drained-and-resumed per subscriber: ${reconnects.join(', ')}`,
    );
    expect(reconnects.every((n) => n >= 1)).toBe(true);
  });
});
