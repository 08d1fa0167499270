import { afterEach, describe, expect, it } from 'vitest';

import type { ClerkEmulator } from '../src/index.js';
import { startSeeded } from './helpers.js';
import { startReceiver } from './webhooks/receiver.js';

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

describe('webhook fault injection and endpoints', () => {
  let emulator: ClerkEmulator | undefined;
  const receivers: Receiver[] = [];
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });

  async function start() {
    const receiver = await startReceiver();
    receivers.push(receiver);
    emulator = await startSeeded({ webhooks: { endpoints: [receiver.url], retrySchedule: [10, 10] } });
    return { emulator, receiver };
  }
  const rename = (e: ClerkEmulator, ...names: string[]) =>
    names.reduce<Promise<unknown>>(
      (p, firstName) => p.then(() => e.users.update('user_ada', { firstName })),
      Promise.resolve(),
    );
  const firstNames = (receiver: Receiver) => receiver.events().map((e) => e.data['first_name']);

  it('duplicateNext: the message arrives twice with the same svix-id and bytes', async () => {
    const { emulator, receiver } = await start();
    emulator.webhooks.faults.duplicateNext();
    await rename(emulator, 'Twice', 'Once');
    await emulator.webhooks.settled();
    expect(firstNames(receiver)).toEqual(['Twice', 'Twice', 'Once']);
    const [a, b] = receiver.received;
    expect(a!.headers['svix-id']).toBe(b!.headers['svix-id']);
    expect(a!.body.equals(b!.body)).toBe(true);
    const log = emulator.webhooks.log();
    expect(log.map((r) => r.state)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(log[0]!.messageId).toBe(log[1]!.messageId);
  });

  it('delay: deliveries wait (the API does not); clear() releases them; a short delay ends by itself', async () => {
    const { emulator, receiver } = await start();
    emulator.webhooks.faults.delay(60_000);
    await rename(emulator, 'Held');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(receiver.received).toHaveLength(0);
    expect(emulator.webhooks.log()).toMatchObject([{ state: 'pending', attempts: [] }]);
    emulator.webhooks.faults.clear();
    await emulator.webhooks.settled();
    expect(firstNames(receiver)).toEqual(['Held']);

    const from = Date.now();
    emulator.webhooks.faults.delay(300);
    await rename(emulator, 'Late');
    await emulator.webhooks.settled();
    expect(receiver.received[1]!.at - from).toBeGreaterThanOrEqual(290);
  });

  it('reorderNext: the next n messages go out newest first; settled() releases a batch not yet full', async () => {
    const { emulator, receiver } = await start();
    emulator.webhooks.faults.reorderNext(3);
    await rename(emulator, 'R1', 'R2', 'R3', 'R4');
    await emulator.webhooks.settled();
    expect(firstNames(receiver)).toEqual(['R3', 'R2', 'R1', 'R4']);
    const stamps = receiver.events().map((e) => e.data['updated_at'] as number);
    expect(stamps[0]).toBeGreaterThan(stamps[2]!);

    emulator.webhooks.faults.reorderNext(10);
    await rename(emulator, 'P1', 'P2');
    await emulator.webhooks.settled();
    expect(firstNames(receiver).slice(4)).toEqual(['P2', 'P1']);
  });

  it('dropNextThenRedeliver: the first answer is lost, the same message comes again', async () => {
    const { emulator, receiver } = await start();
    emulator.webhooks.faults.dropNextThenRedeliver();
    await rename(emulator, 'Again');
    await emulator.webhooks.settled();
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[0]!.headers['svix-id']).toBe(receiver.received[1]!.headers['svix-id']);
    expect(receiver.received[0]!.body.equals(receiver.received[1]!.body)).toBe(true);
    const [record] = emulator.webhooks.log();
    expect(record).toMatchObject({
      state: 'delivered',
      attempts: [{ status: 200, error: expect.stringMatching(/ignored/) }, { status: 200 }],
    });
  });

  it('fault arguments are checked', async () => {
    const { emulator } = await start();
    const { faults } = emulator.webhooks;
    expect(() => faults.duplicateNext(0)).toThrow(TypeError);
    expect(() => faults.reorderNext(1.5)).toThrow(TypeError);
    expect(() => faults.delay(-1)).toThrow(TypeError);
    expect(() => faults.dropNextThenRedeliver(-2)).toThrow(TypeError);
  });

  it('addEndpoint: every endpoint gets the message with one svix-id; removeEndpoint fails what it still owed', async () => {
    const { emulator, receiver } = await start();
    const second = await startReceiver();
    receivers.push(second);
    emulator.webhooks.addEndpoint(second.url);
    emulator.webhooks.addEndpoint(second.url); // idempotent
    expect(emulator.webhooks.endpoints).toEqual([receiver.url, second.url]);
    await rename(emulator, 'Both');
    await emulator.webhooks.settled();
    expect(receiver.received[0]!.headers['svix-id']).toBe(second.received[0]!.headers['svix-id']);

    emulator.webhooks.faults.delay(60_000);
    await rename(emulator, 'Owed');
    emulator.webhooks.removeEndpoint(second.url);
    emulator.webhooks.faults.clear();
    await emulator.webhooks.settled();
    expect(second.received).toHaveLength(1);
    expect(emulator.webhooks.log().at(-1)).toMatchObject({
      state: 'failed',
      attempts: [{ error: 'endpoint removed' }],
    });
    expect(
      emulator.webhooks
        .log()
        .filter((r) => r.endpoint === second.url)
        .map((r) => r.state),
    ).toEqual(['delivered', 'failed']);
    expect(() => emulator.webhooks.addEndpoint('mailto:x@example.com')).toThrow(/http\(s\)/);
  });

  it('GET /__emulator/webhooks shows the delivery log as JSON', async () => {
    const { emulator, receiver } = await start();
    await rename(emulator, 'Logged');
    await emulator.webhooks.settled();
    const response = await fetch(`${emulator.url}/__emulator/webhooks`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as { endpoints: string[]; pending: number; deliveries: unknown[] };
    expect(body).toEqual({
      endpoints: [receiver.url],
      pending: 0,
      deliveries: [
        {
          messageId: receiver.received[0]!.headers['svix-id'],
          type: 'user.updated',
          endpoint: receiver.url,
          state: 'delivered',
          attempts: [{ at: expect.any(Number), status: 200 }],
        },
      ],
    });
    expect(JSON.stringify(body)).not.toContain(emulator.webhooks.secret);
  });

  it('with no endpoint nothing is queued, and settled() resolves at once', async () => {
    emulator = await startSeeded();
    await rename(emulator, 'Nobody');
    await emulator.webhooks.settled();
    expect(emulator.webhooks.log()).toEqual([]);
  });
});
