import { verifyWebhook } from '@clerk/backend/webhooks';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { ClerkEmulator, ClerkEmulatorOptions } from '../src/index.js';
import { clerkClientFor, startSeeded } from './helpers.js';
import { type ReceiverAnswer, startReceiver, toRequest } from './webhooks/receiver.js';

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/**
 * Runs `run` and returns the timers it created that are still alive afterwards. A Node Timeout
 * is `_destroyed` once it fired or was cleared (internal, but the only direct sign of it).
 */
async function timersLeftBy(run: () => Promise<void>): Promise<NodeJS.Timeout[]> {
  const real = globalThis.setTimeout;
  const created: NodeJS.Timeout[] = [];
  const spy = vi.spyOn(globalThis, 'setTimeout').mockImplementation((...args: Parameters<typeof real>) => {
    const timer = real(...args);
    created.push(timer);
    return timer;
  });
  try {
    await run();
  } finally {
    spy.mockRestore();
  }
  return created.filter((timer) => !(timer as unknown as { _destroyed: boolean })._destroyed);
}

describe('webhook retries (at-least-once, compressed schedule)', () => {
  let emulator: ClerkEmulator | undefined;
  let receiver: Receiver | undefined;
  afterEach(async () => {
    await emulator?.close();
    await receiver?.close();
    emulator = receiver = undefined;
  });

  async function start(answer: (index: number) => ReceiverAnswer, webhooks: ClerkEmulatorOptions['webhooks'] = {}) {
    receiver = await startReceiver(answer);
    emulator = await startSeeded({ webhooks: { endpoints: [receiver.url], retrySchedule: [10, 10, 10], ...webhooks } });
    return { emulator, receiver };
  }

  it('a 500 is retried with the same svix-id and body, each attempt signed anew, until a 2xx', async () => {
    const { emulator, receiver } = await start((i) => (i < 2 ? 500 : 204));
    await clerkClientFor(emulator).users.updateUser('user_ada', { firstName: 'Retry' });
    await emulator.webhooks.settled();
    expect(receiver.received).toHaveLength(3);
    const ids = new Set(receiver.received.map((r) => r.headers['svix-id']));
    expect(ids.size).toBe(1);
    expect(new Set(receiver.received.map((r) => r.body.toString('base64'))).size).toBe(1);
    for (const r of receiver.received)
      expect((await verifyWebhook(toRequest(r), { signingSecret: emulator.webhooks.secret })).type).toBe(
        'user.updated',
      );
    const [record] = emulator.webhooks.log();
    expect(record).toMatchObject({ state: 'delivered', messageId: [...ids][0] });
    expect(record!.attempts.map((a) => a.status)).toEqual([500, 500, 204]);
  });

  it('a 3xx or 4xx is a failure too, and after the schedule the message is given up', async () => {
    const { emulator, receiver } = await start((i) => (i === 0 ? 302 : 400));
    await emulator.users.update('user_ada', { firstName: 'Never' });
    await emulator.webhooks.settled();
    expect(receiver.received).toHaveLength(4);
    const [record] = emulator.webhooks.log();
    expect(record!.state).toBe('failed');
    expect(record!.attempts.map((a) => a.status)).toEqual([302, 400, 400, 400]);
  });

  it('no answer within timeoutMs is a failure, then retried', async () => {
    const { emulator, receiver } = await start((i) => (i === 0 ? 'hang' : 200), { timeoutMs: 300 });
    const startedAt = Date.now();
    await emulator.users.update('user_ada', { firstName: 'Slow' });
    await emulator.webhooks.settled();
    expect(Date.now() - startedAt).toBeLessThan(10_000);
    expect(receiver.received).toHaveLength(2);
    const [record] = emulator.webhooks.log();
    expect(record!.state).toBe('delivered');
    expect(record!.attempts[0]).toMatchObject({ error: expect.stringMatching(/no answer within 300 ms/) });
    expect(record!.attempts[0]!.status).toBeUndefined();
    expect(record!.attempts[1]!.status).toBe(200);
  });

  it('a refused connection is a failure with its reason', async () => {
    receiver = await startReceiver();
    const url = receiver.url;
    await receiver.close();
    receiver = undefined;
    emulator = await startSeeded({ webhooks: { endpoints: [url], retrySchedule: [5] } });
    await emulator.users.update('user_ada', { firstName: 'Nobody' });
    await emulator.webhooks.settled();
    const [record] = emulator.webhooks.log();
    expect(record).toMatchObject({ state: 'failed', attempts: [{ error: /ECONNREFUSED/ }, { error: /ECONNREFUSED/ }] });
  });

  it('the API request never waits for a delivery (the endpoint hangs; the answer comes anyway)', async () => {
    const { emulator } = await start(() => 'hang', { timeoutMs: 60_000 });
    const user = await clerkClientFor(emulator).users.updateUser('user_ada', { firstName: 'Quick' });
    expect(user.firstName).toBe('Quick');
    const [record] = emulator.webhooks.log();
    expect(record).toMatchObject({ state: 'pending', attempts: [] });
  });

  it('close() stops retry timers and in-flight attempts: no timers left', async () => {
    const left = await timersLeftBy(async () => {
      receiver = await startReceiver((i) => (i === 0 ? 500 : 'hang'));
      emulator = await startSeeded({
        webhooks: { endpoints: [receiver.url], retrySchedule: [60_000], timeoutMs: 60_000 },
      });
      await emulator.users.update('user_ada', { firstName: 'One' });
      await emulator.users.update('user_grace', { firstName: 'Two' });
      // The first message failed (a 60 s retry timer waits); the second hangs in flight.
      await expect.poll(() => receiver!.received.length).toBe(2);
      await expect.poll(() => emulator!.webhooks.log()[0]!.attempts.length).toBe(1);
      const settled = emulator.webhooks.settled();
      await emulator.close();
      emulator = undefined;
      await settled; // resolved by close(), not left hanging
    });
    expect(left).toEqual([]);
  });
});
