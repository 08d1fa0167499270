import { isTrackedEnvelope } from '@trpc/server';

/**
 * tRPC's SSE wire format, byte for byte (what `httpSubscriptionLink` and any EventSource read):
 * each field on its own line (`event:`, `data:`, `id:`), the event closed by two more newlines.
 */
const frame = (fields: string) => `${fields}\n\n`;

export const RETURN_FRAME = Buffer.from(frame('event: return\ndata: \n'));
export const PING_FRAME = Buffer.from(frame('event: ping\ndata: \n'));
export const connectedFrame = (client: object) => frame(`event: connected\ndata: ${JSON.stringify(client)}\n`);
export const errorFrame = (json: string) => frame(`event: serialized-error\ndata: ${json}\n`);

/** What a frozen value was last framed as, with the event id it was framed under. */
interface Framed {
  id: string | undefined;
  bytes: Buffer;
}

/**
 * Frames the values a subscription yields (`tracked(id, data)` envelopes or plain data) with the
 * router's transformer. A **frozen** object is framed once for every stream it is yielded to under
 * the same id: a change fanned out to 1,000 subscribers is serialized and encoded once, not 1,000
 * times (frozen is the promise that it will not change in between; anything else is framed anew).
 * Serializing may throw (a value whose `toJSON` throws): the caller turns that into the error event.
 */
export function createFramer(serialize: (value: unknown) => unknown): (value: unknown) => Buffer | string {
  const framed = new WeakMap<object, Framed>();
  const encode = (id: string | undefined, data: unknown) =>
    frame(`data: ${JSON.stringify(serialize(data))}\n${id === undefined ? '' : `id: ${id}\n`}`);

  return (value) => {
    const [id, data] = isTrackedEnvelope(value) ? [value[0], value[1]] : [undefined, value];
    if (typeof data !== 'object' || data === null || !Object.isFrozen(data)) return encode(id, data);
    const known = framed.get(data);
    if (known !== undefined && known.id === id) return known.bytes;
    const bytes = Buffer.from(encode(id, data));
    framed.set(data, { id, bytes });
    return bytes;
  };
}
