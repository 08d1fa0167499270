import { tracked, type TrackedEnvelope } from '@trpc/server';

import type { NoteChange, NoteChangeEvent } from '@stack/contracts';

import { serviceError } from '../trpc.js';

/**
 * A service's change events as tRPC's tracked events: each carries its id, which the client sends
 * back (`Last-Event-ID`, or `lastEventId` in the input) to resume right after it. A stream error
 * thrown while streaming becomes its precise code (503 retryable, 401, 403, 429), sent as the
 * stream's `serialized-error` event; a client leaving (an abort) ends it quietly.
 */
export async function* trackedChanges(
  events: AsyncIterable<NoteChangeEvent>,
): AsyncGenerator<TrackedEnvelope<NoteChange>, void> {
  try {
    for await (const { id, change } of events) yield tracked(id, change);
  } catch (cause) {
    throw serviceError(cause) ?? cause;
  }
}
