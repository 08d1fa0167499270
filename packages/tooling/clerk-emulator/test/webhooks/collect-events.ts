import { verifyWebhook } from '@clerk/backend/webhooks';

import type { ClerkEmulator } from '../../src/index.js';
import { toRequest } from './receiver.js';

type Receiver = { received: ReadonlyArray<Parameters<typeof toRequest>[0]> };

/** Runs `change`, waits for its deliveries and returns the events it caused, verified as a receiver would. */
export async function eventsOf(emulator: ClerkEmulator, receiver: Receiver, change: () => Promise<unknown>) {
  const before = receiver.received.length;
  await change();
  await emulator.webhooks.settled();
  return Promise.all(
    receiver.received
      .slice(before)
      .map((r) => verifyWebhook(toRequest(r), { signingSecret: emulator.webhooks.secret })),
  );
}

/** `[type, id]` pairs, the shortest readable summary of what was sent. */
export const typesAndIds = (events: ReadonlyArray<{ type: string; data: unknown }>) =>
  events.map((e) => [e.type, (e.data as { id: string }).id]);
