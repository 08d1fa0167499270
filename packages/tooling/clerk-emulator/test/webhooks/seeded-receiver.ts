import { afterAll, beforeAll } from 'vitest';

import type { ClerkEmulator } from '../../src/index.js';
import { startSeeded } from '../helpers.js';
import { eventsOf } from './collect-events.js';
import { startReceiver } from './receiver.js';

/**
 * A seeded emulator delivering its webhooks to a loopback receiver, for the enclosing `describe`
 * (started before its tests, closed after them): `events(change)` runs a change and returns the
 * events it caused, verified as a receiver would.
 */
type Receiver = Awaited<ReturnType<typeof startReceiver>>;

export function useSeededReceiver(): {
  readonly emulator: ClerkEmulator;
  readonly receiver: Receiver;
  events: (change: () => Promise<unknown>) => ReturnType<typeof eventsOf>;
} {
  let emulator: ClerkEmulator | undefined;
  let receiver: Receiver | undefined;
  beforeAll(async () => {
    receiver = await startReceiver();
    emulator = await startSeeded({ webhooks: { endpoints: [receiver.url] } });
  });
  afterAll(async () => {
    await emulator?.close();
    await receiver?.close();
  });
  const started = () => {
    if (!emulator || !receiver) throw new Error('useSeededReceiver: read inside a test, after beforeAll');
    return { emulator, receiver };
  };
  return {
    get emulator() {
      return started().emulator;
    },
    get receiver() {
      return started().receiver;
    },
    events: (change: () => Promise<unknown>) => eventsOf(started().emulator, started().receiver, change),
  };
}
