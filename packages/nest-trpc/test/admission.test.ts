import 'reflect-metadata';

import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';

import { type INestApplication, Injectable } from '@nestjs/common';
import type { AbstractHttpAdapter } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import {
  AdmissionGate,
  type AdmissionOptions,
  type ShedReason,
  type TrpcContextFactory,
  type TrpcContextOptions,
  TrpcModule,
} from '../src/index.js';
import { CallLog, type GatedRouter, gatedRouter } from './support/gated-router.js';

const adapters: [string, () => AbstractHttpAdapter][] = [
  ['Fastify', () => new FastifyAdapter()],
  ['Express', () => new ExpressAdapter()],
];

/** A server whose gate the test drives: what entered tRPC, what was shed or abandoned. */
interface Gated {
  app: INestApplication;
  base: string;
  gate: AdmissionGate;
  log: CallLog;
  shed: ShedReason[];
  abandoned: () => number;
}

async function bootGated(
  makeAdapter: () => AbstractHttpAdapter,
  admission: Omit<AdmissionOptions<GatedRouter>, 'onShed' | 'onAbandoned'>,
): Promise<Gated> {
  const log = new CallLog();
  const shed: ShedReason[] = [];
  let abandoned = 0;

  @Injectable()
  class Context implements TrpcContextFactory<GatedRouter> {
    create({ req }: TrpcContextOptions) {
      const requestId = String(req.headers['x-request-id'] ?? '');
      log.entered.push(requestId);
      return { requestId };
    }
  }
  const moduleRef = await Test.createTestingModule({
    imports: [
      TrpcModule.forRoot({
        router: gatedRouter(log),
        path: '/rpc',
        context: Context,
        admission: { ...admission, onShed: (reason) => shed.push(reason), onAbandoned: () => abandoned++ },
      }),
    ],
  }).compile();
  // No body parser, as the server runs: a POST's body is still unread while it waits.
  const app = moduleRef.createNestApplication(makeAdapter(), { bodyParser: false, logger: false });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, base: `http://127.0.0.1:${port}`, gate: app.get(AdmissionGate), log, shed, abandoned: () => abandoned };
}

const input = (value: unknown) => encodeURIComponent(JSON.stringify(value));

interface Answer {
  status: number;
  retryAfter: string | null;
  connection: string | null;
  body: unknown;
}

/** A GET of `hold` (or any procedure) sent as request `key`; resolves with the answer. */
async function call(base: string, key: string, path = 'hold', signal?: AbortSignal): Promise<Answer> {
  // The calls of a batch are held as `<key>.0`, `<key>.1`.
  const query = path.includes(',')
    ? `?batch=1&input=${input({ 0: { key: `${key}.0` }, 1: { key: `${key}.1` } })}`
    : `?input=${input({ key })}`;
  const res = await fetch(`${base}/rpc/${path}${query}`, { headers: { 'x-request-id': key }, signal });
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    connection: res.headers.get('connection'),
    body: await res.json(),
  };
}

/** The status of a GET sent on a connection of its own, closed after the answer. */
function statusOnce(url: string, key: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false, headers: { 'x-request-id': key } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject);
  });
}

/** A POST whose headers promise more body than is sent: the client then hangs up, mid-body. */
function halfSentPost(base: string, key: string): Promise<Socket> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(
        `POST /rpc/write HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\n` +
          `Content-Length: 100\r\nx-request-id: ${key}\r\n\r\n{"key":"${key}"`,
        () => resolve(socket),
      );
    });
    socket.on('error', reject);
  });
}

const serviceUnavailable = (path: string) => ({
  error: expect.objectContaining({
    message: 'The server is busy; try again shortly',
    data: expect.objectContaining({ code: 'SERVICE_UNAVAILABLE', httpStatus: 503, path }),
  }),
});

describe.each(adapters)('admission gate (%s)', (_name, makeAdapter) => {
  describe('limits, order and dead clients', () => {
    let s: Gated;
    beforeAll(async () => {
      s = await bootGated(makeAdapter, {
        maxInFlight: 2,
        maxQueued: 3,
        maxQueueMs: 30_000,
        bypass: ({ meta }) => meta?.noQueue === true,
      });
    });
    /** Releases calls until none is inside or waiting (waiting ones enter as others finish). */
    const releaseUntilIdle = () =>
      expect
        .poll(() => {
          s.log.releaseAll();
          return s.gate.inFlight + s.gate.queued;
        })
        .toBe(0);
    afterEach(async () => {
      await releaseUntilIdle();
      s.log.reset();
      s.shed.length = 0;
    });
    afterAll(() => s.app.close());

    /** Takes both slots with held calls; `answers` settles once they are released. */
    const fillSlots = async (prefix: string) => {
      const answers = Promise.all([call(s.base, `${prefix}-1`), call(s.base, `${prefix}-2`)]);
      await Promise.all([s.log.running(`${prefix}-1`), s.log.running(`${prefix}-2`)]);
      return { answers };
    };

    it('lets maxInFlight calls into tRPC; the rest wait, untouched by tRPC, and enter in arrival order', async () => {
      const { answers: inside } = await fillSlots('in');
      expect(s.gate.inFlight).toBe(2);
      const waiting: Promise<Answer>[] = [];
      for (const key of ['w-1', 'w-2', 'w-3']) {
        waiting.push(call(s.base, key));
        await expect.poll(() => s.gate.queued).toBe(waiting.length);
      }
      expect(s.log.entered).toEqual(['in-1', 'in-2']);

      s.log.release('in-1');
      await s.log.running('w-1');
      expect(s.log.entered).toEqual(['in-1', 'in-2', 'w-1']);
      s.log.release('in-2');
      await s.log.running('w-2');
      s.log.release('w-1');
      await s.log.running('w-3');
      expect(s.log.entered).toEqual(['in-1', 'in-2', 'w-1', 'w-2', 'w-3']);
      s.log.releaseAll();
      for (const answer of [...(await inside), ...(await Promise.all(waiting))]) expect(answer.status).toBe(200);
      expect(s.shed).toEqual([]);
    });

    it('counts a batch once, however many calls it carries', async () => {
      const batch = call(s.base, 'batch', 'hold,hold');
      await expect.poll(() => s.log.entered).toEqual(['batch']);
      expect(s.gate.inFlight).toBe(1);
      // The other slot is still free.
      const single = call(s.base, 'single');
      await s.log.running('single');
      expect(s.gate.inFlight).toBe(2);
      s.log.releaseAll();
      expect((await batch).body).toEqual([{ result: { data: 'batch.0' } }, { result: { data: 'batch.1' } }]);
      expect((await single).status).toBe(200);
    });

    it('answers 503 with Retry-After at once when the queue is full, in tRPC’s error shape', async () => {
      await fillSlots('full');
      const waiting = ['q-1', 'q-2', 'q-3'].map((key) => call(s.base, key));
      await expect.poll(() => s.gate.queued).toBe(3);

      const refused = await call(s.base, 'over');
      expect(refused).toMatchObject({ status: 503, retryAfter: '1' });
      expect(refused.body).toEqual(serviceUnavailable('hold'));
      // A batch gets one error per call, as tRPC answers batches.
      const batch = await call(s.base, 'over-batch', 'hold,hold');
      expect(batch.status).toBe(503);
      expect(batch.body).toEqual([serviceUnavailable('hold'), serviceUnavailable('hold')]);
      // What a typed client sees.
      const client = createTRPCClient<GatedRouter>({ links: [httpLink({ url: `${s.base}/rpc` })] });
      await expect(client.hold.query({ key: 'typed' })).rejects.toSatisfy(
        (e) => e instanceof TRPCClientError && e.data?.code === 'SERVICE_UNAVAILABLE' && e.data?.httpStatus === 503,
      );
      expect(s.shed).toEqual(['queue-full', 'queue-full', 'queue-full']);
      expect(s.log.entered).not.toContain('over');
      await releaseUntilIdle();
      for (const answer of waiting) expect((await answer).status).toBe(200);
    });

    it('drops a waiting GET whose client hung up without it ever entering tRPC; the next live call gets the slot', async () => {
      await fillSlots('get');
      const controller = new AbortController();
      const dead = call(s.base, 'dead-get', 'hold', controller.signal).catch(() => 'client aborted');
      await expect.poll(() => s.gate.queued).toBe(1);
      const live = call(s.base, 'live-get');
      await expect.poll(() => s.gate.queued).toBe(2);

      controller.abort();
      expect(await dead).toBe('client aborted');
      // Gone from the queue as soon as its connection closed, not when its turn came.
      await expect.poll(() => s.gate.queued).toBe(1);
      expect(s.abandoned()).toBeGreaterThanOrEqual(1);

      s.log.release('get-1');
      await s.log.running('live-get');
      s.log.releaseAll();
      expect((await live).status).toBe(200);
      expect(s.log.entered).not.toContain('dead-get');
    });

    it('drops a waiting POST whose client hung up halfway through its body: no slot is ever held for it', async () => {
      await fillSlots('post');
      const before = s.abandoned();
      const sockets = await Promise.all(['dead-post-1', 'dead-post-2'].map((key) => halfSentPost(s.base, key)));
      await expect.poll(() => s.gate.queued).toBe(2);
      for (const socket of sockets) socket.destroy();
      await expect.poll(() => s.abandoned() - before).toBe(2);
      expect(s.gate.queued).toBe(0);

      // Both slots come back and serve live calls; the dead never entered.
      s.log.releaseAll();
      await expect.poll(() => s.gate.inFlight).toBe(0);
      const live = [call(s.base, 'after-1'), call(s.base, 'after-2')];
      await Promise.all([s.log.running('after-1'), s.log.running('after-2')]);
      s.log.releaseAll();
      for (const answer of live) expect((await answer).status).toBe(200);
      expect(s.log.entered.filter((id) => id.startsWith('dead'))).toEqual([]);
    });

    it('frees the slot of an admitted POST whose client hangs up while its body is being read', async () => {
      const socket = await halfSentPost(s.base, 'reading');
      // Inside tRPC (its context exists) and reading a body that will never be complete.
      await expect.poll(() => s.log.entered).toEqual(['reading']);
      expect(s.gate.inFlight).toBe(1);
      socket.destroy();
      await expect.poll(() => s.gate.inFlight).toBe(0);
    });

    it('never holds back calls the bypass rule picks, nor batches made only of them', async () => {
      await fillSlots('busy');
      const waiting = ['b-1', 'b-2', 'b-3'].map((key) => call(s.base, key));
      await expect.poll(() => s.gate.queued).toBe(3);

      expect(await call(s.base, 'free-1', 'free')).toMatchObject({ status: 200, body: { result: { data: 'free' } } });
      expect((await call(s.base, 'free-2', 'free,free')).status).toBe(200);
      expect(s.shed).toEqual([]);
      // A batch with one call that must wait waits (here: is refused, the queue being full).
      expect((await call(s.base, 'mixed', 'free,hold')).status).toBe(503);
      await releaseUntilIdle();
      for (const answer of waiting) expect((await answer).status).toBe(200);
    });

    it('gives a subscription no slot for its lifetime', async () => {
      const controller = new AbortController();
      const stream = await fetch(`${s.base}/rpc/ticks`, { signal: controller.signal });
      expect(stream.headers.get('content-type')).toBe('text/event-stream');
      const reader = stream.body!.getReader();
      await reader.read();
      expect(s.gate.inFlight).toBe(0);
      const { answers: inside } = await fillSlots('sub');
      expect(s.gate.inFlight).toBe(2);
      controller.abort();
      await reader.closed.catch(() => undefined);
      s.log.releaseAll();
      for (const answer of await inside) expect(answer.status).toBe(200);
    });
  });

  it('answers a call that waited maxQueueMs with 503 and Retry-After (queue-timeout)', async () => {
    const s = await bootGated(makeAdapter, { maxInFlight: 1, maxQueued: 5, maxQueueMs: 150, retryAfterSeconds: 3 });
    try {
      const held = call(s.base, 'long');
      await s.log.running('long');
      const queuedAt = performance.now();
      const late = await call(s.base, 'late');
      expect(performance.now() - queuedAt).toBeGreaterThanOrEqual(149);
      expect(late).toMatchObject({ status: 503, retryAfter: '3' });
      expect(late.body).toEqual(serviceUnavailable('hold'));
      expect(s.shed).toEqual(['queue-timeout']);
      expect(s.log.entered).toEqual(['long']);
      s.log.release('long');
      expect((await held).status).toBe(200);
    } finally {
      await s.app.close();
    }
  });

  it('drains at shutdown: waiting calls get 503 and their connection closes, calls inside finish', async () => {
    const s = await bootGated(makeAdapter, { maxInFlight: 1, maxQueued: 5, maxQueueMs: 30_000 });
    // On its own connection, closed after the answer: a keep-alive one would hold the server's close.
    const held = statusOnce(`${s.base}/rpc/hold?input=${input({ key: 'inside' })}`, 'inside');
    await s.log.running('inside');
    const waiting = ['w-1', 'w-2'].map((key) => call(s.base, key));
    await expect.poll(() => s.gate.queued).toBe(2);

    // Nest's shutdown drains the gate before the HTTP server closes (which waits for `inside`).
    const closed = s.app.close();
    for (const answer of waiting)
      expect(await answer).toMatchObject({
        status: 503,
        retryAfter: '1',
        connection: 'close',
        body: { error: expect.objectContaining({ message: 'The server is shutting down; try again' }) },
      });
    expect(s.shed).toEqual(['shutting-down', 'shutting-down']);
    s.log.release('inside');
    expect(await held).toBe(200);
    await closed;
    expect(s.log.entered).toEqual(['inside']);
  });

  it('after drain() queues nothing: a call finding a free slot is served, one finding none is refused', async () => {
    const s = await bootGated(makeAdapter, { maxInFlight: 1, maxQueued: 5, maxQueueMs: 30_000 });
    try {
      s.gate.drain();
      const held = call(s.base, 'first');
      await s.log.running('first');
      expect(await call(s.base, 'second')).toMatchObject({ status: 503, connection: 'close' });
      s.log.release('first');
      expect((await held).status).toBe(200);
    } finally {
      await s.app.close();
    }
  });
});

describe('admission options', () => {
  it('maxInFlight 0 turns the gate off', async () => {
    const s = await bootGated(() => new FastifyAdapter(), { maxInFlight: 0 });
    try {
      const answers = ['a', 'b', 'c', 'd'].map((key) => call(s.base, key));
      await Promise.all(['a', 'b', 'c', 'd'].map((key) => s.log.running(key)));
      expect(s.gate.limits).toBeNull();
      s.log.releaseAll();
      for (const answer of answers) expect((await answer).status).toBe(200);
    } finally {
      await s.app.close();
    }
  });

  it('refuses limits that are not whole numbers in range', async () => {
    for (const admission of [{ maxInFlight: -1 }, { maxInFlight: 1.5 }, { maxInFlight: 2, maxQueueMs: 0 }])
      await expect(bootGated(() => new FastifyAdapter(), admission)).rejects.toThrow(RangeError);
  });
});
