import 'reflect-metadata';

import type { AddressInfo } from 'node:net';

import { Controller, Get, Inject, Injectable, Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createTRPCClient, httpBatchLink, httpLink, TRPCClientError } from '@trpc/client';
import { initTRPC } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';

import { TrpcModule, type TrpcContextFactory, type TrpcContextOptions } from '../src/index.js';

// A router of its own: the module must host any router, not just the app's.
interface Ctx {
  greeting: string;
  requestId: string | undefined;
}
const t = initTRPC.context<Ctx>().create();
const router = t.router({
  hello: t.procedure.input(z.object({ name: z.string() })).query(({ ctx, input }) => `${ctx.greeting}, ${input.name}`),
  requestId: t.procedure.query(({ ctx }) => ctx.requestId ?? null),
  echo: t.procedure.input(z.object({ text: z.string() })).mutation(({ input }) => input.text.length),
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

async function boot(trpcModule: ReturnType<typeof TrpcModule.forRoot>, bodyParser: boolean) {
  const moduleRef = await Test.createTestingModule({ imports: [trpcModule], controllers: [RestController] }).compile();
  const app = moduleRef.createNestApplication({ bodyParser, logger: false });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, base: `http://127.0.0.1:${port}` };
}

describe.each([
  ['forRoot, no body parser', false, () => TrpcModule.forRoot({ router, path: '/rpc', context: TestContextFactory, imports: [GreetingModule], maxBatchSize: 3, maxBodySize: 1024 })],
  [
    'forRootAsync, Nest body parser on',
    true,
    () =>
      TrpcModule.forRootAsync({
        path: 'rpc',
        context: TestContextFactory,
        imports: [GreetingModule],
        inject: [GREETING],
        useFactory: (greeting: string) => {
          expect(greeting).toBe('Hello');
          return { router, maxBatchSize: 3, maxBodySize: 1024 };
        },
      }),
  ],
])('TrpcModule (%s)', (_name, bodyParser, makeModule) => {
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    ({ app, base } = await boot(makeModule(), bodyParser));
  });
  afterAll(() => app.close());

  const client = () => createTRPCClient<TestRouter>({ links: [httpBatchLink({ url: `${base}/rpc`, headers: { 'x-request-id': 'req-1' } })] });

  it('serves queries and mutations through a typed client, with an injected context', async () => {
    const greeting = await client().hello.query({ name: 'Ada' });
    expectTypeOf(greeting).toEqualTypeOf<string>();
    expect(greeting).toBe('Hello, Ada');
    expect(await client().requestId.query()).toBe('req-1');
    expect(await client().echo.mutate({ text: 'abc' })).toBe(3);
  });

  it('batches up to maxBatchSize and refuses longer batches with 400', async () => {
    const c = client();
    expect(await Promise.all([1, 2, 3].map((n) => c.hello.query({ name: String(n) })))).toHaveLength(3);
    const res = await fetch(`${base}/rpc/hello,hello,hello,hello?batch=1&input={}`);
    expect(res.status).toBe(400);
  });

  it('refuses bodies over maxBodySize with 413, announced or not', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(2048) });
    const announced = await fetch(`${base}/rpc/echo`, { method: 'POST', body: big, headers: { 'content-type': 'application/json' } });
    expect(announced.status).toBe(413);
    const direct = createTRPCClient<TestRouter>({ links: [httpLink({ url: `${base}/rpc` })] });
    await expect(direct.echo.mutate({ text: 'x'.repeat(2048) })).rejects.toSatisfy(
      (e) => e instanceof TRPCClientError && e.data?.httpStatus === 413,
    );
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
