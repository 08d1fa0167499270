import { tracked, type TrackedEnvelope } from '@trpc/server';

import type { NoteChange, NoteChangeEvent } from '@stack/contracts';

import { serviceError } from '../trpc.js';

const isAbort = (error: unknown) => (error as { name?: unknown } | null)?.name === 'AbortError';

/**
 * A value whose serialization throws `error`: an SSE writer (packages/nest-trpc's, or tRPC's own
 * producer where that one serves) serializes each yielded value as it writes it, so the throw
 * becomes the stream's `serialized-error` event, with `error`'s code.
 *
 * Why not simply throw: tRPC's ping wrapper asks for the next value as soon as it has one (before
 * the response has taken it), so a generator that throws while the wrapper waits on the response
 * rejects a promise nobody awaits yet: an unhandled rejection, which ends a Node process. Yielded
 * errors cannot do that, whoever writes the stream.
 */
const failing = (error: unknown) => ({
  toJSON(): never {
    throw error;
  },
});

/**
 * A service's change events as tRPC's tracked events: each carries its id, which the client sends
 * back (`Last-Event-ID`, or `lastEventId` in the input) to resume right after it. A stream error
 * becomes its precise code (503 retryable, 401, 403, 429) in the stream's `serialized-error` event;
 * a client leaving (an abort) ends it quietly. The generator never throws (see `failing`).
 */
export async function* trackedChanges(
  events: AsyncIterable<NoteChangeEvent>,
): AsyncGenerator<TrackedEnvelope<NoteChange>, void> {
  try {
    for await (const { id, change } of events) yield tracked(id, change);
  } catch (cause) {
    if (isAbort(cause)) return;
    // Not an envelope: the producer serializes it as plain data, which throws (see `failing`).
    yield failing(serviceError(cause) ?? cause) as unknown as TrackedEnvelope<NoteChange>;
  }
}
