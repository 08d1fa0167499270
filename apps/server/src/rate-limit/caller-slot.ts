import type { ServerResponse } from 'node:http';

import type { CallerSlots } from './caller-slots.js';

/**
 * Holds one of the caller's slots (see CallerSlots) until `res` is done (answered, or the client
 * gone); waits for one when all are taken.
 */
export async function holdCallerSlot(slots: CallerSlots | null, key: string, res: ServerResponse): Promise<void> {
  if (!slots) return;
  const entered = slots.enter(key);
  const release = typeof entered === 'function' ? entered : await entered;
  // A client that left while waiting gives its turn back at once.
  if (res.destroyed || res.writableEnded) release();
  else res.once('close', release);
}

/** One caller: its user when signed in, else its client address. */
export const callerKey = (userId: string | null, clientAddress: () => string) =>
  userId === null ? `address:${clientAddress()}` : `user:${userId}`;
