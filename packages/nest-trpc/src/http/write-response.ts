import type { ServerResponse } from 'node:http';

/**
 * Writes tRPC's Fetch `Response` to Node's response. A plain JSON answer goes out in one `end()`
 * with a Content-Length; streams (batch streaming, subscriptions) are copied chunk by chunk,
 * honouring back-pressure, until the body ends or the client leaves. An event stream starts with
 * `retry: <sseRetryMs>` when given (the EventSource's reconnection delay; tRPC sends none).
 */
export async function writeResponse(
  response: Response,
  res: ServerResponse & { flush?: () => void },
  sseRetryMs?: number,
): Promise<void> {
  // Another layer may have set a status already (as tRPC's own adapter allows).
  if (res.statusCode === 200) res.statusCode = response.status;
  // One pass over the headers: each lookup in a Fetch `Headers` (get, has, getSetCookie) scans and
  // normalises its list again, per response.
  let plainJson = false;
  let streamed = false;
  let cookies = false;
  response.headers.forEach((value, key) => {
    if (key === 'set-cookie') cookies = true;
    else if (key === 'vary') res.setHeader(key, mergeVary(res.getHeader('vary'), value));
    else {
      if (key === 'content-type') plainJson = value === 'application/json';
      else if (key === 'transfer-encoding') streamed = true;
      res.setHeader(key, value);
    }
  });
  if (cookies) res.setHeader('set-cookie', response.headers.getSetCookie());

  const body = response.body;
  if (!body) {
    res.end();
    return;
  }
  if (plainJson && !streamed) {
    const all = await readAll(body);
    if (all.length <= LARGE_BODY) res.end(all);
    else await writeInSlices(res, all);
    return;
  }
  let corked = false;
  const uncork = () => {
    if (!corked) return;
    corked = false;
    res.socket?.uncork();
  };
  try {
    if (sseRetryMs !== undefined && response.headers.get('content-type') === 'text/event-stream')
      res.write(`retry: ${sseRetryMs}\n\n`);
    for await (const chunk of body) {
      if (res.destroyed) break;
      // tRPC hands over each event in pieces (`data:`, `id:`, the blank line): what arrives within
      // one tick leaves in one write (one chunk frame, one syscall) instead of one per piece.
      if (!corked && res.socket) {
        corked = true;
        res.socket.cork();
        process.nextTick(uncork);
      }
      if (!res.write(chunk)) await drainedOrClosed(res);
      res.flush?.();
    }
  } finally {
    uncork();
    res.end();
  }
}

/** Bodies larger than this leave in slices (see writeInSlices). */
const LARGE_BODY = 1024 * 1024;
const SLICE = 256 * 1024;

/**
 * A large answer (a batch of full pages: measured 4.6 MB) written in one `end()` copies all of it
 * into the socket in one go, ~10 ms on top of the ~15 ms tRPC spent making it, while every other
 * request waits (issue 18's fairness probe: `/health` p99 over 50 ms). In slices, with a turn of the
 * event loop before each, the others' requests run in between; back-pressure is honoured.
 */
async function writeInSlices(res: ServerResponse, all: Buffer): Promise<void> {
  res.setHeader('content-length', String(all.length));
  for (let at = 0; at < all.length; at += SLICE) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (res.destroyed) return;
    if (!res.write(all.subarray(at, at + SLICE))) await drainedOrClosed(res);
  }
  res.end();
}

/** The whole body; a plain reader loop costs less per response than `arrayBuffer()`. */
async function readAll(body: ReadableStream<Uint8Array>): Promise<Buffer> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) chunks.push(chunk.value);
  const [only] = chunks;
  return chunks.length === 1 && only
    ? Buffer.from(only.buffer, only.byteOffset, only.byteLength)
    : Buffer.concat(chunks);
}

/** Resolves once the response can take more, or has closed. */
export function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

// Every response merges the same two values (CORS's and tRPC's): remember the last merge.
let lastMerge = { existing: '', added: '', merged: '' };

/** CORS may already vary on Origin: keep it next to tRPC's own Vary values. */
export function mergeVary(existing: number | string | string[] | undefined, added: string): string {
  if (existing === undefined) return added;
  const before = Array.isArray(existing) ? existing.join(', ') : String(existing);
  if (before === lastMerge.existing && added === lastMerge.added) return lastMerge.merged;
  const known = new Set(before.toLowerCase().split(/\s*,\s*/));
  const extra = added.split(/\s*,\s*/).filter((name) => name !== '' && !known.has(name.toLowerCase()));
  const merged = extra.length === 0 ? before : `${before}, ${extra.join(', ')}`;
  lastMerge = { existing: before, added, merged };
  return merged;
}
