import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import type { NoteChange } from '@stack/contracts';
import { SseReader } from '@stack/test-kit';

import { StreamRegistry } from '../../src/live/stream-registry.js';
import { LiveChanges, liveClient } from '../support/live-client.js';
import { orgClaims, orgSeed } from '../support/org-fixtures.js';
import { startServer, type TestStack, WEB_ORIGIN } from '../support/start-server.js';

/** The error in a `serialized-error` frame: its code and status, and the message clients see. */
const errorIn = (frame: { data: string }) => {
  const { message, data } = JSON.parse(frame.data) as { message: string; data: { code: string; httpStatus: number } };
  return { message, code: data.code, httpStatus: data.httpStatus };
};
const titleOf = (change: NoteChange) => ('note' in change ? change.note.title : change.kind);

/** One server per describe with `env`, the streams a test opens closed after it, tokens of admins. */
function useStack(env: Record<string, string>) {
  const context = { stack: undefined as unknown as TestStack, cleanups: [] as (() => void)[] };
  beforeAll(async () => {
    context.stack = await startServer('jwt-key', env, { seed: orgSeed });
  }, 120_000);
  afterAll(() => context.stack?.close());
  afterEach(() => context.cleanups.splice(0).forEach((cleanup) => cleanup()));
  const token = (org: string, userId = context.stack.adaId) =>
    context.stack.emulator.mintSessionToken({ userId, azp: WEB_ORIGIN, claims: orgClaims(org, 'admin') });
  return { context, token };
}

/** A stream's lifetime with short settings: it ends retryably, and the client carries on with a fresh token, nothing lost. */
describe('live streams: lifetime and pings', () => {
  const { context, token } = useStack({ SSE_MAX_DURATION_MS: '500', SSE_PING_MS: '100', SSE_RECONNECT_MS: '20' });
  const cleanups = context.cleanups;
  let stack: TestStack;
  beforeAll(() => {
    stack = context.stack;
  });

  it('ends after SSE_MAX_DURATION_MS with a retryable SERVICE_UNAVAILABLE, pinging every SSE_PING_MS before', async () => {
    const controller = new AbortController();
    cleanups.push(() => controller.abort());
    const opened = performance.now();
    const res = await fetch(`${stack.url}/trpc/note.changes`, {
      headers: { authorization: `Bearer ${await token('org_life')}` },
      signal: controller.signal,
    });
    const reader = new SseReader(res.body!);
    expect(JSON.parse((await reader.first('connected')).data)).toEqual({ reconnectAfterInactivityMs: 5_200 });
    const ended = await reader.first('serialized-error', 3_000);
    const lifetime = performance.now() - opened;
    expect(errorIn(ended)).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      httpStatus: 503,
      message: 'The stream reached its maximum lifetime; reconnect to resume',
    });
    await reader.closed;
    // Lifetimes are spread over up to 10 % more, so streams opened together do not all return together.
    expect(lifetime).toBeGreaterThanOrEqual(500);
    expect(reader.frames.filter((f) => f.event === 'ping').length).toBeGreaterThanOrEqual(2);
    console.log(`[live] lifetime 500 ms: ended after ${lifetime.toFixed(0)} ms`);
  });

  it('a client carries on across lifetimes: it reconnects with a fresh token and its last id, losing and repeating nothing', async () => {
    let tokens = 0;
    const client = liveClient({
      origin: () => stack.url,
      token: () => {
        tokens++;
        return token('org_lives');
      },
    });
    const writer = stack.client(await token('org_lives'));
    // Subscribed from where the list stands, as the web app does: a client without an id starts
    // from now, so a first write that lands while its first 500 ms lifetime ends and it reconnects
    // would not be its own. With one, every write after the list reaches it, in whichever lifetime.
    const { lastEventId } = await writer.note.list.query({ limit: 1 });
    const changes = new LiveChanges(client, { lastEventId });
    cleanups.push(() => changes.close());
    await changes.open();
    await writer.note.create.mutate({ title: 'first' });
    await changes.count(1);
    const titles = ['first'];
    // The link reports the retryable end, then the EventSource's own reconnect (an "Unknown error").
    const lifetimesEnded = () => changes.transientErrors.filter((e) => e === 'SERVICE_UNAVAILABLE').length;
    for (let life = 1; life <= 3; life++) {
      // Written as the stream ends: while the client reconnects, or just after.
      await changes.until(() => lifetimesEnded() >= life, `end of lifetime ${life}`, 3_000);
      const title = `after end ${life}`;
      await writer.note.create.mutate({ title });
      titles.push(title);
    }
    await changes.count(4, 3_000);
    expect(changes.events.map((e) => titleOf(e.data))).toEqual(titles);
    expect(changes.error).toBeNull();
    expect(client.connects()).toBeGreaterThanOrEqual(4);
    expect(tokens).toBe(client.connects());
  });
});

/** A client that stops reading: its stream's queue is bounded (SSE_QUEUE_LIMIT), the default lifetime. */
describe('live streams: slow consumers', () => {
  const { context, token } = useStack({ SSE_QUEUE_LIMIT: '5' });
  const cleanups = context.cleanups;
  let stack: TestStack;
  beforeAll(() => {
    stack = context.stack;
  });

  it('a client that stops reading is ended (its queue is bounded) and resumes from its last event', async () => {
    const user = await stack.emulator.users.create({ email: 'slow@example.com', firstName: 'Slow' });
    const bearer = await token('org_slow', user.id);
    const registry = stack.app.get(StreamRegistry);
    // A client that reads nothing, as the server sees it: its connection takes no more bytes. (A
    // real one fills the kernel's socket buffers first, about 4 MB on loopback here; corking the
    // server's side of the connection gets there without writing megabytes of notes.)
    const stalled = stallConnections(stack.app.getHttpServer() as Server, 'x-test-stall');
    cleanups.push(stalled.restore);
    const controller = new AbortController();
    cleanups.push(() => controller.abort());
    const answer = fetch(`${stack.url}/trpc/note.changes`, {
      headers: { authorization: `Bearer ${bearer}`, 'x-test-stall': '1' },
      signal: controller.signal,
    });
    await expect.poll(() => registry.heldBy(user.id)).toBe(1);
    const writer = stack.client(bearer);
    let written = 0;
    while (registry.heldBy(user.id) > 0) {
      if (written >= 200) throw new Error('the stream was never ended');
      await writer.note.create.mutate({ title: `slow ${written++}`, body: 'x'.repeat(2_000) });
    }
    // The connection takes bytes again: what was sent before the queue filled, then the retryable end.
    stalled.release();
    const reader = new SseReader((await answer).body!);
    const ended = await reader.first('serialized-error');
    expect(errorIn(ended)).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      message: 'The stream fell too far behind; reconnect to resume',
    });
    const seen = reader.events.filter((f) => f.event === 'message');
    expect(seen.length).toBeLessThan(written);
    // Resuming from the last event read replays the rest, once.
    const resumed = await fetch(`${stack.url}/trpc/note.changes`, {
      headers: { authorization: `Bearer ${bearer}`, 'last-event-id': seen.at(-1)?.id ?? '0' },
      signal: controller.signal,
    });
    const rest = await new SseReader(resumed.body!).eventCount(written - seen.length, 10_000);
    const titles = [...seen, ...rest].map((f) => titleOf(JSON.parse(f.data) as NoteChange));
    expect(titles).toEqual(Array.from({ length: written }, (_, i) => `slow ${i}`));
    console.log(
      `[live] slow consumer: ended after ${written} events (${seen.length} had been sent; queue 5); resumed with ${rest.length}`,
    );
  });
});

/**
 * Corks the server side of every connection whose request carries `header`: its writes stay in
 * the process (as when a client stops reading and the kernel's buffers are full) until `release`.
 */
function stallConnections(server: Server, header: string) {
  const corked = new Set<Socket>();
  const onRequest = (req: IncomingMessage) => {
    if (req.headers[header] === undefined) return;
    req.socket.cork();
    corked.add(req.socket);
  };
  server.prependListener('request', onRequest);
  const release = () => {
    for (const socket of corked) socket.uncork();
    corked.clear();
  };
  return {
    release,
    restore: () => {
      server.off('request', onRequest);
      release();
    },
  };
}
