import { verifyWebhook } from '@clerk/backend/webhooks';
import { afterEach, describe, expect, it } from 'vitest';

import type { ClerkEmulator } from '../src/index.js';
import { clerkClientFor, startSeeded } from './helpers.js';
import { startReceiver, toRequest as toRequestFrom } from './webhooks/receiver.js';

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

describe('webhook delivery (Svix-signed, verified by @clerk/backend)', () => {
  let emulator: ClerkEmulator | undefined;
  let receiver: Receiver | undefined;
  afterEach(async () => {
    await emulator?.close();
    await receiver?.close();
    emulator = receiver = undefined;
  });

  it('a Backend API user change reaches the endpoint and verifyWebhook accepts it', async () => {
    receiver = await startReceiver();
    emulator = await startSeeded({ webhooks: { endpoints: [receiver.url] } });
    expect(emulator.webhooks.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32,}={0,2}$/);
    const clerk = clerkClientFor(emulator);
    await clerk.users.updateUser('user_ada', { firstName: 'Augusta' });
    await emulator.webhooks.settled();

    expect(receiver.received).toHaveLength(1);
    const [delivery] = receiver.received;
    const headers = delivery!.headers;
    expect(headers['svix-id']).toMatch(/^msg_[A-Za-z0-9]{27}$/);
    expect(Number(headers['svix-timestamp'])).toBeCloseTo(Date.now() / 1000, -2);
    expect(headers['svix-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);

    const event = await verifyWebhook(toRequestFrom(delivery!), { signingSecret: emulator.webhooks.secret });
    expect(event.type).toBe('user.updated');
    expect(event.object).toBe('event');
    if (event.type !== 'user.updated') throw new Error('narrowing');
    expect(event.data).toMatchObject({ object: 'user', id: 'user_ada', first_name: 'Augusta' });
    expect(event.instance_id).toMatch(/^ins_/);
    // The data is the Backend API's JSON for the user, field for field.
    const fromApi = await (
      await fetch(`${emulator.url}/v1/users/user_ada`, {
        headers: { authorization: `Bearer ${emulator.secretKey}` },
      })
    ).json();
    expect(event.data).toEqual(fromApi);

    expect(emulator.webhooks.log()).toEqual([
      expect.objectContaining({
        messageId: headers['svix-id'],
        type: 'user.updated',
        endpoint: receiver.url,
        state: 'delivered',
        attempts: [expect.objectContaining({ status: 200 })],
      }),
    ]);
  });

  it('verifyWebhook refuses a tampered body, a wrong secret and a re-serialized body', async () => {
    receiver = await startReceiver();
    emulator = await startSeeded({ webhooks: { endpoints: [receiver.url] } });
    await clerkClientFor(emulator).users.updateUser('user_ada', { firstName: 'Café' });
    await emulator.webhooks.settled();
    const delivery = receiver.received[0]!;
    const secret = emulator.webhooks.secret;

    const tampered = Buffer.from(delivery.body.toString('utf8').replace('Café', 'Cafe'));
    await expect(verifyWebhook(toRequestFrom(delivery, tampered), { signingSecret: secret })).rejects.toThrow(
      /Unable to verify incoming webhook/,
    );
    const other = await startSeeded();
    try {
      await expect(verifyWebhook(toRequestFrom(delivery), { signingSecret: other.webhooks.secret })).rejects.toThrow(
        /Unable to verify incoming webhook/,
      );
    } finally {
      await other.close();
    }
    const reserialized = JSON.stringify(JSON.parse(delivery.body.toString('utf8'))).replace('é', '\\u00e9');
    await expect(verifyWebhook(toRequestFrom(delivery, reserialized), { signingSecret: secret })).rejects.toThrow(
      /Unable to verify incoming webhook/,
    );
    // The untouched bytes still verify.
    expect((await verifyWebhook(toRequestFrom(delivery), { signingSecret: secret })).type).toBe('user.updated');
  });
});
