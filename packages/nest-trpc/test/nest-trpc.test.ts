import 'reflect-metadata';

import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';

import { Controller, Get, type INestApplication, Inject, Injectable, Module } from '@nestjs/common';
import type { AbstractHttpAdapter } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { createTRPCClient, httpBatchLink, httpBatchStreamLink, httpLink, TRPCClientError } from '@trpc/client';
import { initTRPC, tracked, TRPCError } from '@trpc/server';
import { octetInputParser } from '@trpc/server/http';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';

import { SseReader } from '@stack/test-kit';

import { type ProcedureCall, type TrpcContextFactory, type TrpcContextOptions, TrpcModule } from '../src/index.js';

// A router of its own: the module must host any router, not just the app's.
interface Ctx {
  greeting: string;
  requestId: string | undefined;
}
const t = initTRPC.context<Ctx>().create();
/** Aborted signals seen by `waitForAbort` and `ticks`, by request id: the client going away must reach procedures. */
const abortedRequests = new Set<string>();
const untilAborted = (signal: AbortSignal | undefined) =>
  new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }));
const router = t.router({
  hello: t.procedure.input(z.object({ name: z.string() })).query(({ ctx, input }) => `${ctx.greeting}, ${input.name}`),
  requestId: t.procedure.query(({ ctx }) => ctx.requestId ?? null),
  // Large enough to leave in slices (over 1 MiB).
  large: t.procedure.query(() => 'é'.repeat(1_500_000)),
  echo: t.procedure.input(z.object({ text: z.string() })).mutation(({ input }) => input.text.length),
  // Not JSON: served by tRPC's own Node adapter rather than the JSON fast path.
  upload: t.procedure
    .input(octetInputParser)
    .mutation(async ({ input }) => (await new Response(input).arrayBuffer()).byteLength),
  waitForAbort: t.procedure.query(
    ({ ctx, signal }) =>
      new Promise<string>((resolve) => {
        const timer = setTimeout(() => resolve('not aborted'), 3_000);
        signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          abortedRequests.add(ctx.requestId ?? '');
          resolve('aborted');
        });
      }),
  ),
  // Three tracked events after `lastEventId`, then quiet until the client leaves.
  ticks: t.procedure.input(z.object({ lastEventId: z.string().nullish() }).optional()).subscription(async function* ({
    ctx,
    input,
    signal,
  }) {
    const from = Number(input?.lastEventId ?? 0);
    for (let n = from + 1; n <= from + 3; n++) yield tracked(String(n), n);
    await untilAborted(signal);
    abortedRequests.add(ctx.requestId ?? '');
  }),
});
type TestRouter = typeof router;

const GREETING = Symbol('GREETING');

@Module({ providers: [{ provide: GREETING, useValue: 'Hello' }], exports: [GREETING] })
class GreetingModule {}

@Injectable()
class TestContextFactory implements TrpcContextFactory<TestRouter> {
  constructor(@Inject(GREETING) private readonly greeting: string) {}
  create({ req }: TrpcContextOptions): Ctx {
    const id = req.headers['x-request-id'];
    return { greeting: this.greeting, requestId: typeof id === 'string' ? id : undefined };
  }
}

@Controller('rest')
class RestController {
  @Get('ping')
  ping() {
    return { pong: true };
  }
}

const adapters: [string, () => AbstractHttpAdapter][] = [
  ['Express', () => new ExpressAdapter()],
  ['Fastify', () => new FastifyAdapter()],
];

async function boot(
  adapter: AbstractHttpAdapter,
  trpcModule: ReturnType<typeof TrpcModule.forRoot>,
  bodyParser: boolean,
) {
  const moduleRef = await Test.createTestingModule({ imports: [trpcModule], controllers: [RestController] }).compile();
  const app = moduleRef.createNestApplication(adapter, { bodyParser, logger: false });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, base: `http://127.0.0.1:${port}` };
}

const modules = [
  [
    'forRoot, no body parser',
    false,
    () =>
      TrpcModule.forRoot({
        router,
        path: '/rpc',
        context: TestContextFactory,
        imports: [GreetingModule],
        maxBatchSize: 3,
        maxBodySize: 1024,
        sse: { pingMs: 50, reconnectDelayMs: 250 },
      }),
  ],
  [
    'forRootAsync, Nest body parser on',
    true,
    () =>
      TrpcModule.forRootAsync({
        context: TestContextFactory,
        imports: [GreetingModule],
        inject: [GREETING],
        useFactory: (greeting: string) => {
          expect(greeting).toBe('Hello');
          // The path comes from the factory too: the async form mounts where it says.
          return {
            router,
            path: 'rpc',
            maxBatchSize: 3,
            maxBodySize: 1024,
            sse: { pingMs: 50, reconnectDelayMs: 250 },
          };
        },
      }),
  ],
] as const;

/** A POST whose body is sent chunked, announcing no length: the limit must hold as it streams in. */
function postChunked(url: string, chunks: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

/** The status line of a hand-written request (fetch would not send a malformed Host). */
function rawStatus(base: string, head: string): Promise<number> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    let data = '';
    const socket = connect(Number(port), hostname, () => socket.end(`${head}\r\nConnection: close\r\n\r\n`));
    socket.on('data', (chunk: Buffer) => (data += chunk.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => resolve(Number(data.split(' ')[1])));
  });
}

describe.each(
  adapters.flatMap(([adapterName, adapter]) =>
    modules.map(
      ([name, bodyParser, makeModule]) => [`${adapterName}, ${name}`, adapter, bodyParser, makeModule] as const,
    ),
  ),
)('TrpcModule (%s)', (_name, makeAdapter, bodyParser, makeModule) => {
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    ({ app, base } = await boot(makeAdapter(), makeModule(), bodyParser));
  });
  afterAll(() => app.close());

  const client = () =>
    createTRPCClient<TestRouter>({
      links: [httpBatchLink({ url: `${base}/rpc`, headers: { 'x-request-id': 'req-1' } })],
    });

  it('serves queries and mutations through a typed client, with an injected context', async () => {
    const greeting = await client().hello.query({ name: 'Ada' });
    expectTypeOf(greeting).toEqualTypeOf<string>();
    expect(greeting).toBe('Hello, Ada');
    expect(await client().requestId.query()).toBe('req-1');
    expect(await client().echo.mutate({ text: 'abc' })).toBe(3);
  });

  it('writes a large answer whole, in slices, while other requests are served', async () => {
    const [large, small] = await Promise.all([
      fetch(`${base}/rpc/large`),
      // Started right behind it: answered too, whatever the order.
      client().hello.query({ name: 'Grace' }),
    ]);
    expect(small).toBe('Hello, Grace');
    const text = await large.text();
    expect(Number(large.headers.get('content-length'))).toBe(Buffer.byteLength(text));
    expect((JSON.parse(text) as { result: { data: string } }).result.data).toBe('é'.repeat(1_500_000));
  });

  it('mounts at the configured path and nowhere else', async () => {
    expect((await fetch(`${base}/rpc/hello?input=${encodeURIComponent('{"name":"x"}')}`)).status).toBe(200);
    expect((await fetch(`${base}/trpc/hello?input=${encodeURIComponent('{"name":"x"}')}`)).status).toBe(404);
  });

  it('batches up to maxBatchSize and refuses longer batches with 400', async () => {
    const c = client();
    expect(await Promise.all([1, 2, 3].map((n) => c.hello.query({ name: String(n) })))).toHaveLength(3);
    const res = await fetch(`${base}/rpc/hello,hello,hello,hello?batch=1&input={}`);
    expect(res.status).toBe(400);
  });

  it('refuses bodies over maxBodySize with 413, announced or not', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(2048) });
    const announced = await fetch(`${base}/rpc/echo`, {
      method: 'POST',
      body: big,
      headers: { 'content-type': 'application/json' },
    });
    expect(announced.status).toBe(413);
    const direct = createTRPCClient<TestRouter>({ links: [httpLink({ url: `${base}/rpc` })] });
    await expect(direct.echo.mutate({ text: 'x'.repeat(2048) })).rejects.toSatisfy(
      (e) => e instanceof TRPCClientError && e.data?.httpStatus === 413,
    );
  });

  it('refuses a chunked body once it grows past maxBodySize, with 413', async () => {
    expect(await postChunked(`${base}/rpc/echo`, ['{"text":"', 'x'.repeat(600), 'x'.repeat(600), '"}'])).toBe(413);
    expect(await postChunked(`${base}/rpc/echo`, ['{"text":"', 'x'.repeat(100), '"}'])).toBe(200);
  });

  it('streams batches to httpBatchStreamLink and serves non-JSON inputs', async () => {
    const streaming = createTRPCClient<TestRouter>({ links: [httpBatchStreamLink({ url: `${base}/rpc` })] });
    expect(await Promise.all([streaming.hello.query({ name: 'a' }), streaming.hello.query({ name: 'b' })])).toEqual([
      'Hello, a',
      'Hello, b',
    ]);
    const upload = await fetch(`${base}/rpc/upload`, {
      method: 'POST',
      body: new Uint8Array(300),
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(await upload.json()).toEqual({ result: { data: 300 } });
  });

  it("aborts a procedure's signal when the client goes away, not when a response completes", async () => {
    const id = `abort-${Math.random()}`;
    const controller = new AbortController();
    const pending = fetch(`${base}/rpc/waitForAbort`, {
      headers: { 'x-request-id': id },
      signal: controller.signal,
    }).catch(() => 'client aborted');
    setTimeout(() => controller.abort(), 100);
    expect(await pending).toBe('client aborted');
    await expect.poll(() => abortedRequests.has(id), { timeout: 2_000 }).toBe(true);
    // A completed call never aborts its signal after the fact.
    expect(await client().requestId.query()).toBe('req-1');
    expect(abortedRequests.has('req-1')).toBe(false);
  });

  it('streams subscriptions over SSE as they happen, with the configured pings, until the client leaves', async () => {
    const controller = new AbortController();
    const res = await fetch(`${base}/rpc/ticks`, {
      headers: { 'x-request-id': 'sse-1', 'last-event-id': '10' },
      signal: controller.signal,
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = new SseReader(res.body!);
    // First how long to wait before reconnecting, then when to give up on a silent stream (twice the
    // ping interval plus 5 s).
    expect(reader.frames[0] ?? (await reader.first('retry'))).toEqual({ event: 'retry', data: '', retry: 250 });
    expect(JSON.parse((await reader.first('connected')).data)).toEqual({ reconnectAfterInactivityMs: 5_100 });
    expect((await reader.eventCount(3)).map((f) => [f.id, f.data])).toEqual([
      ['11', '11'],
      ['12', '12'],
      ['13', '13'],
    ]);
    await reader.first('ping', 2_000);
    controller.abort();
    await expect.poll(() => abortedRequests.has('sse-1')).toBe(true);
  });

  it('answers a Host no URL can be built from with 400, not 500', async () => {
    expect(await rawStatus(base, 'GET /rpc/requestId HTTP/1.1\r\nHost: bad host')).toBe(400);
  });

  it('answers a mutation sent as GET with 405 and an unknown procedure with 404', async () => {
    expect((await fetch(`${base}/rpc/echo?input=${encodeURIComponent('{"text":"a"}')}`)).status).toBe(405);
    expect((await fetch(`${base}/rpc/nope`)).status).toBe(404);
  });

  it('leaves the rest of the application alone', async () => {
    expect(await (await fetch(`${base}/rest/ping`)).json()).toEqual({ pong: true });
    expect((await fetch(`${base}/rpcx/hello`)).status).toBe(404);
  });
});

describe.each(adapters)('TrpcModule beforeHandle (%s)', (_name, makeAdapter) => {
  const m = initTRPC.context<Ctx>().meta<{ scope?: string }>().create();
  const metaRouter = m.router({
    read: m.procedure.query(() => 'read'),
    write: m.procedure.meta({ scope: 'org' }).mutation(() => 'written'),
  });
  const seen: ProcedureCall[][] = [];
  const SHARED_REFUSAL = new TRPCError({ code: 'FORBIDDEN', message: 'Not now' });
  const failures: [string, string | undefined, string][] = [];
  let contexts = 0;

  @Injectable()
  class CountingContext implements TrpcContextFactory<typeof metaRouter> {
    create(): Ctx {
      contexts++;
      return { greeting: 'hi', requestId: undefined };
    }
  }

  let app: INestApplication;
  let base: string;
  beforeAll(async () => {
    ({ app, base } = await boot(
      makeAdapter(),
      TrpcModule.forRoot({
        router: metaRouter,
        path: '/rpc',
        context: CountingContext,
        maxBatchSize: 3,
        beforeHandle: (req, res, calls) => {
          seen.push([...calls]);
          if (req.headers['x-refuse'] === undefined) return undefined;
          res.setHeader('retry-after', '7');
          if (req.headers['x-refuse'] === 'shared') return SHARED_REFUSAL;
          return new TRPCError({ code: 'TOO_MANY_REQUESTS', message: 'Slow down' });
        },
        onError: ({ error, path, type }) => failures.push([error.code, path, type]),
      }),
      false,
    ));
  });
  afterAll(() => app.close());

  it('sees each call of a request with its type and meta before the router runs', async () => {
    seen.length = 0;
    expect((await fetch(`${base}/rpc/read,nope?batch=1`)).status).toBe(207);
    const post = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' };
    expect((await fetch(`${base}/rpc/write?batch=1`, post)).status).toBe(200);
    expect(seen).toEqual([
      [
        { path: 'read', type: 'query', meta: undefined },
        { path: 'nope', type: 'unknown', meta: undefined },
      ],
      [{ path: 'write', type: 'mutation', meta: { scope: 'org' } }],
    ]);
    // An over-long batch (which tRPC refuses with 400) is one unknown call.
    await fetch(`${base}/rpc/read,read,read,read?batch=1`);
    expect(seen[2]).toEqual([{ path: '', type: 'unknown', meta: undefined }]);
  });

  it('refuses every call of a request in tRPC’s error shape, with no context and the body unread', async () => {
    const before = contexts;
    failures.length = 0;
    const single = await fetch(`${base}/rpc/read`, { headers: { 'x-refuse': '1' } });
    expect(single.status).toBe(429);
    expect(single.headers.get('retry-after')).toBe('7');
    expect(await single.json()).toMatchObject({
      error: { message: 'Slow down', data: { code: 'TOO_MANY_REQUESTS', httpStatus: 429, path: 'read' } },
    });
    const batch = await fetch(`${base}/rpc/write,write?batch=1`, {
      method: 'POST',
      headers: { 'x-refuse': '1', 'content-type': 'application/json' },
      body: '{"0":{},"1":{}}',
    });
    expect(batch.status).toBe(429);
    const body = (await batch.json()) as { error: { data: { code: string; path: string } } }[];
    expect(body.map((r) => [r.error.data.code, r.error.data.path])).toEqual([
      ['TOO_MANY_REQUESTS', 'write'],
      ['TOO_MANY_REQUESTS', 'write'],
    ]);
    // A body that never finishes arriving is not waited for.
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        `${base}/rpc/write`,
        { method: 'POST', headers: { 'content-type': 'application/json', 'x-refuse': '1' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
          req.destroy();
        },
      );
      req.on('error', reject);
      req.write('{"never":');
    });
    expect(status).toBe(429);
    // An over-long batch refused by the hook is one error, as tRPC answers it (no array, no path).
    const long = await fetch(`${base}/rpc/read,read,read,read?batch=1`, { headers: { 'x-refuse': '1' } });
    expect(long.status).toBe(429);
    const longBody = (await long.json()) as { error: { data: { code: string; path?: string } } };
    expect(longBody.error.data.code).toBe('TOO_MANY_REQUESTS');
    expect(longBody.error.data.path).toBeUndefined();
    expect(contexts).toBe(before);
    // onError saw each refused call, as it sees calls that fail inside tRPC.
    expect(failures).toEqual([
      ['TOO_MANY_REQUESTS', 'read', 'query'],
      ['TOO_MANY_REQUESTS', 'write', 'mutation'],
      ['TOO_MANY_REQUESTS', 'write', 'mutation'],
      ['TOO_MANY_REQUESTS', 'write', 'mutation'],
      ['TOO_MANY_REQUESTS', undefined, 'unknown'],
    ]);
    expect(await (await fetch(`${base}/rpc/read`)).json()).toEqual({ result: { data: 'read' } });
    expect(contexts).toBe(before + 1);
  });

  it('answers a refusal that reuses one error object with each request’s own paths', async () => {
    const refused = async (path: string) => {
      const res = await fetch(`${base}/rpc/${path}`, { headers: { 'x-refuse': 'shared' } });
      expect(res.status).toBe(403);
      const body = (await res.json()) as
        { error: { data: { path?: string } } } | { error: { data: { path?: string } } }[];
      return Array.isArray(body) ? body.map((b) => b.error.data.path) : body.error.data.path;
    };
    expect(await refused('read')).toBe('read');
    expect(await refused('write,read?batch=1')).toEqual(['write', 'read']);
    expect(await refused('write')).toBe('write');
    expect(await refused('read')).toBe('read');
    expect(await refused('write?batch=1')).toEqual(['write']);
    expect(await refused('read,read,read,read?batch=1')).toBeUndefined();
  });
});
