import 'reflect-metadata';

import type { AddressInfo } from 'node:net';

import { type INestApplication, Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { initTRPC, tracked, TRPCError } from '@trpc/server';
import { createHTTPServer } from '@trpc/server/adapters/standalone';
import { observable } from '@trpc/server/observable';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { type TrpcContextFactory, type TrpcContextOptions, TrpcModule } from '../src/index.js';

// A transformer of its own, so a test sees that events, errors and inputs all go through it.
const transformer = {
  serialize: (value: unknown) => ({ wrapped: value }),
  deserialize: (value: unknown) => (value as { wrapped: unknown }).wrapped,
};
interface Ctx {
  who: string;
}
const t = initTRPC.context<Ctx>().create({
  transformer,
  // No stacks in error shapes: they name each server's own frames.
  isDev: false,
  sse: { ping: { enabled: true, intervalMs: 60_000 }, client: { reconnectAfterInactivityMs: 125_000 } },
});
const FROZEN = Object.freeze({ kind: 'shared', n: 3 });
const errors: string[] = [];

const router = t.router({
  finite: t.procedure
    .input(z.object({ lastEventId: z.string().nullish(), from: z.number() }))
    .subscription(async function* ({ input, ctx }) {
      yield tracked(input.lastEventId ?? 'start', { from: input.from, who: ctx.who });
      yield 'plain';
      yield tracked('3', FROZEN);
      yield tracked('4', FROZEN);
    }),
  failing: t.procedure.subscription(async function* () {
    yield tracked('1', 'one');
    throw new TRPCError({ code: 'FORBIDDEN', message: 'no longer yours' });
  }),
  refused: t.procedure
    .use(() => {
      throw new TRPCError({ code: 'UNAUTHORIZED' });
    })
    .subscription(async function* () {
      yield 'never';
    }),
  unserializable: t.procedure.subscription(async function* () {
    yield tracked('1', {
      toJSON: () => {
        throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: 'slow down' });
      },
    });
  }),
  counted: t.procedure.subscription(() =>
    observable<number>((emit) => {
      emit.next(1);
      emit.next(2);
      emit.complete();
      return () => {};
    }),
  ),
});

// A second router whose streams tRPC ends after 200 ms (`sse.maxDurationMs`), mounted beside the first.
const timed = initTRPC.context<Ctx>().create({ isDev: false, sse: { maxDurationMs: 200 } });
const timedRouter = timed.router({
  endless: timed.procedure.subscription(async function* ({ signal }) {
    yield tracked('1', 'first');
    await new Promise((resolve) => signal?.addEventListener('abort', resolve, { once: true }));
    stoppedBySignal = true;
  }),
});
let stoppedBySignal = false;

const contextOf = (headers: Record<string, string | string[] | undefined>): Ctx => {
  if (headers['x-context-fails']) throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: 'auth is down' });
  return { who: String(headers['x-who'] ?? 'nobody') };
};

@Injectable()
class Context implements TrpcContextFactory<typeof router> {
  create({ req }: TrpcContextOptions): Ctx {
    return contextOf(req.headers);
  }
}

/**
 * The module serves subscriptions with its own SSE writer; tRPC's own standalone adapter serving the
 * same router is the reference. Every byte of every finished stream must be the same: that is what
 * `httpSubscriptionLink` (and any EventSource) parses.
 */
describe('subscriptions: the same bytes on the wire as tRPC’s own adapter', () => {
  let ours: INestApplication;
  let oursUrl: string;
  let reference: ReturnType<typeof createHTTPServer>;
  let referenceUrl: string;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        TrpcModule.forRoot({
          router,
          context: Context,
          sse: { pingMs: 60_000, reconnectAfterInactivityMs: 125_000 },
          onError: ({ error, path }) => errors.push(`${path}: ${error.code}`),
        }),
      ],
    }).compile();
    ours = moduleRef.createNestApplication({ logger: false });
    await ours.listen(0, '127.0.0.1');
    oursUrl = `http://127.0.0.1:${(ours.getHttpServer().address() as AddressInfo).port}/trpc`;
    reference = createHTTPServer({ router, createContext: ({ req }) => contextOf(req.headers) });
    await new Promise<void>((resolve) => reference.listen(0, '127.0.0.1', resolve));
    referenceUrl = `http://127.0.0.1:${(reference.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await ours?.close();
    await new Promise((resolve) => reference?.close(resolve));
  });

  const input = (value: unknown) => `?input=${encodeURIComponent(JSON.stringify(transformer.serialize(value)))}`;
  const both = async (path: string, headers: Record<string, string> = {}) => {
    const [a, b] = await Promise.all(
      [oursUrl, referenceUrl].map(async (base) => {
        const res = await fetch(`${base}/${path}`, { headers });
        const header = (name: string) => res.headers.get(name);
        return {
          status: res.status,
          headers: ['content-type', 'cache-control', 'x-accel-buffering', 'vary'].map(header),
          body: await res.text(),
        };
      }),
    );
    return { ours: a!, reference: b! };
  };

  it('a finished stream: connected, tracked and plain events through the transformer, input and Last-Event-ID, return', async () => {
    const { ours: got, reference: expected } = await both(`finite${input({ from: 7 })}`, {
      'last-event-id': '41',
      'x-who': 'ada',
    });
    expect(got).toEqual(expected);
    expect(got.body).toContain('event: connected\ndata: {"reconnectAfterInactivityMs":125000}\n\n\n');
    expect(got.body).toContain('data: {"wrapped":{"from":7,"who":"ada"}}\nid: 41\n\n\n');
    expect(got.body.endsWith('event: return\ndata: \n\n\n')).toBe(true);
  });

  it('a frozen value yielded under two ids is framed under each', async () => {
    const { ours: got } = await both(`finite${input({ from: 1 })}`);
    expect(got.body).toContain('data: {"wrapped":{"kind":"shared","n":3}}\nid: 3\n\n\n');
    expect(got.body).toContain('data: {"wrapped":{"kind":"shared","n":3}}\nid: 4\n\n\n');
  });

  it.each([
    ['an error thrown by the source', 'failing', {}],
    ['an error in a middleware (before the first event)', 'refused', {}],
    ['an error creating the context', 'failing', { 'x-context-fails': '1' }],
    ['a value whose serialization throws', 'unserializable', {}],
    ['an invalid input', `finite${input({ from: 'x' })}`, {}],
    ['malformed input JSON', 'finite?input=%7Bnot-json', {}],
    ['an observable', 'counted', {}],
  ])('%s: the same stream, ending in the same serialized error', async (_what, path, headers) => {
    const { ours: got, reference: expected } = await both(path, headers);
    expect(got).toEqual(expected);
  });

  it('ends a stream after sse.maxDurationMs without a return event, aborting the procedure’s signal', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [TrpcModule.forRoot({ router: timedRouter, context: Context, path: '/timed' })],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    const server = createHTTPServer({ router: timedRouter, createContext: ({ req }) => contextOf(req.headers) });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const [got, expected] = await Promise.all(
        [
          `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/timed/endless`,
          `http://127.0.0.1:${(server.address() as AddressInfo).port}/endless`,
        ].map((url) => fetch(url).then((res) => res.text())),
      );
      expect(got).toBe(expected);
      expect(got).toContain('data: "first"\nid: 1\n');
      expect(got).not.toContain('event: return');
      expect(stoppedBySignal).toBe(true);
    } finally {
      await app.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('tells onError of each failure once, with its code', async () => {
    errors.length = 0;
    await fetch(`${oursUrl}/failing`).then((res) => res.text());
    await fetch(`${oursUrl}/refused`).then((res) => res.text());
    expect(errors).toEqual(['failing: FORBIDDEN', 'refused: UNAUTHORIZED']);
  });
});
