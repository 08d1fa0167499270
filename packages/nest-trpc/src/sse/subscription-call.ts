import type { ServerResponse } from 'node:http';

import { type AnyRouter, getErrorShape, getTRPCErrorFromUnknown, TRPCError, type TRPCRootConfig } from '@trpc/server';
import type { TRPCRequestInfo } from '@trpc/server/http';
import { isObservable, observableToAsyncIterable } from '@trpc/server/observable';

import type { AnyRootTypes } from '../error-answer.js';
import type { NodeRequest } from '../http/request-view.js';
import { drainedOrClosed, mergeVary } from '../http/write-response.js';
import type { TrpcContextFactory, TrpcModuleOptions } from '../trpc-module-options.js';
import { connectedFrame, createFramer, errorFrame, PING_FRAME, RETURN_FRAME } from './event-frames.js';

/** Serves one request when `handles` said yes. */
export interface SubscriptionCall {
  handles(req: NodeRequest, path: string): boolean;
  serve(req: NodeRequest, res: ServerResponse, path: string): Promise<void>;
}

type Procedure = {
  _def: { type: string };
  (opts: {
    path: string;
    getRawInput: () => Promise<unknown>;
    ctx: unknown;
    type: 'subscription';
    signal: AbortSignal;
    batchIndex: number;
  }): Promise<unknown>;
};

interface SseConfig {
  enabled?: boolean;
  maxDurationMs?: number;
  emitAndEndImmediately?: boolean;
  ping?: { enabled?: boolean; intervalMs?: number };
  client?: object;
}

const SSE_HEADERS: Record<string, string> = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
  connection: 'keep-alive',
};

const isAbortError = (cause: unknown) => (cause as { name?: unknown } | null)?.name === 'AbortError';

/**
 * A subscription (`GET <mount>/<path>` to a subscription procedure) served by this module instead
 * of by tRPC's `resolveResponse`, with the same steps and the same bytes on the wire: the context,
 * the procedure through its middlewares (input from `?input=`, `lastEventId` from the
 * `Last-Event-ID` header), `responseMeta`'s headers, then `connected`, the events, `ping` after a
 * silence, and `return` or a `serialized-error` at the end (`onError` sees each error once).
 *
 * Why: tRPC hands every event of every stream through a chain of async generators, a
 * `ReadableStream`, a `TransformStream`, a `TextEncoderStream` and a timer race per event. Fanned
 * out to 1,000 streams, that machinery and its garbage were most of the server's CPU
 * (packages/tooling/bench/docs/benchmarks.md, "Live notes"). Here an event is one write, and a
 * frozen value is serialized once for all its streams (see createFramer).
 *
 * What this path does not take (batches, `connectionParams`, JSONL accept headers, oversized
 * bodies, `emitAndEndImmediately`, SSE turned off) is left to tRPC, which answers it as always.
 */
export function createSubscriptionCall<TRouter extends AnyRouter>(
  options: TrpcModuleOptions<TRouter>,
  router: TRouter,
  contextFactory: TrpcContextFactory<TRouter>,
  sseRetryMs: number | undefined,
): SubscriptionCall {
  const config = router._def._config as TRPCRootConfig<AnyRootTypes>;
  const sse = (config as { sse?: SseConfig }).sse ?? {};
  const procedures = router._def.procedures as Record<string, Procedure | undefined>;
  const frameOf = createFramer((value) => config.transformer.output.serialize(value));
  const pingMs = sse.ping?.enabled ? (sse.ping.intervalMs ?? 1_000) : 0;
  const greeting = Buffer.from(
    (sseRetryMs === undefined ? '' : `retry: ${sseRetryMs}\n\n`) + connectedFrame(sse.client ?? {}),
  );
  const onError = options.onError;

  const handles = (req: NodeRequest, path: string): boolean => {
    if (req.method !== 'GET' || sse.enabled === false || sse.emitAndEndImmediately) return false;
    if (req.headers['content-length'] !== undefined || req.headers['trpc-accept'] !== undefined) return false;
    const procedure = Object.hasOwn(procedures, path) ? procedures[path] : undefined;
    if (procedure?._def.type !== 'subscription') return false;
    const url = req.url ?? '';
    return !/[?&](?:batch|connectionParams)=/.test(url);
  };

  const serve = async (req: NodeRequest, res: ServerResponse, path: string): Promise<void> => {
    const procedure = procedures[path]!;
    const url = new URL(req.originalUrl ?? req.url ?? '/', 'http://localhost');
    const abort = new AbortController();
    const onClose = () => abort.abort();
    res.once('close', onClose);
    const lifetime = sse.maxDurationMs ? setTimeout(onClose, sse.maxDurationMs) : undefined;

    let parsed: { value: unknown } | undefined;
    const getRawInput = async () => {
      if (!parsed) {
        const query = url.searchParams.get('input');
        try {
          parsed = { value: query ? config.transformer.input.deserialize(JSON.parse(query)) : undefined };
        } catch (cause) {
          // As tRPC's own input reader: what does not parse is the client's mistake.
          if (cause instanceof TRPCError) throw cause;
          throw new TRPCError({
            code: 'BAD_REQUEST',
            message: cause instanceof Error ? cause.message : 'Invalid input',
            cause,
          });
        }
      }
      return withLastEventId(parsed.value, req, url);
    };
    const call = { path, procedure, batchIndex: 0, getRawInput, result: () => parsed?.value };
    const info = {
      isBatchCall: false,
      accept: null,
      calls: [call],
      type: 'subscription',
      connectionParams: null,
      signal: abort.signal,
      url,
    } as unknown as TRPCRequestInfo;

    let ctx: object | undefined;
    let events: AsyncIterable<unknown> | undefined;
    let failure: { error: TRPCError; aborted: boolean } | undefined;
    try {
      ctx = await contextFactory.create({ req, res, info });
      const data = await procedure({
        path,
        getRawInput,
        ctx,
        type: 'subscription',
        signal: abort.signal,
        batchIndex: 0,
      });
      if (isObservable(data)) events = observableToAsyncIterable(data, abort.signal);
      else if (isAsyncIterable(data)) events = data;
      else throw new Error(`Subscription ${path} did not return an observable or an async iterable`);
    } catch (cause) {
      failure = { error: getTRPCErrorFromUnknown(cause), aborted: isAbortError(cause) };
    }

    const reportError = (error: TRPCError) =>
      onError?.({ error, path, input: call.result(), ctx, type: 'subscription', req });
    const errorJson = (error: TRPCError) => {
      reportError(error);
      const shape = getErrorShape({ config, ctx, error, input: call.result(), path, type: 'subscription' });
      return JSON.stringify(config.transformer.output.serialize(shape));
    };

    const meta = options.responseMeta?.({
      ctx,
      info,
      paths: [path],
      type: 'subscription',
      errors: [],
      eagerGeneration: true,
      data: [],
    });
    // As for other answers: a status another layer set stands unless responseMeta names one.
    if (meta?.status) res.statusCode = meta.status;
    res.setHeader('vary', mergeVary(res.getHeader('vary'), 'trpc-accept, accept'));
    for (const [name, value] of Object.entries(SSE_HEADERS)) res.setHeader(name, value);
    setMetaHeaders(res, meta?.headers);

    const out = res as ServerResponse & { flush?: () => void };
    const write = async (chunk: Buffer | string) => {
      if (!out.write(chunk) && !out.destroyed) await drainedOrClosed(out);
      out.flush?.();
    };
    // A ping after every `pingMs` of silence (each write re-arms it), as tRPC's own producer.
    const ping =
      pingMs > 0
        ? setTimeout(function beat() {
            if (out.destroyed) return;
            out.write(PING_FRAME);
            out.flush?.();
            ping?.refresh();
          }, pingMs)
        : undefined;

    const iterator = events?.[Symbol.asyncIterator]();
    // Whether the iterator ended by itself (done, or threw): otherwise it is told to return.
    let ended = iterator === undefined;
    try {
      await write(greeting);
      if (failure?.aborted) return reportError(failure.error); // the client left while it opened
      if (failure) return await write(errorFrame(errorJson(failure.error)));
      for (;;) {
        // The client left (or the lifetime passed) while an event was being written.
        if (out.destroyed || abort.signal.aborted) return;
        let step: IteratorResult<unknown>;
        try {
          step = await iterator!.next();
        } catch (cause) {
          ended = true;
          throw cause;
        }
        if (step.done) {
          ended = true;
          // Ended by its lifetime or by the client leaving: no `return` (tRPC cancels the body then).
          if (!abort.signal.aborted) await write(RETURN_FRAME);
          return;
        }
        if (out.destroyed || abort.signal.aborted) return;
        await write(frameOf(step.value));
        ping?.refresh();
      }
    } catch (cause) {
      // A failing source or a value that cannot be serialized: the stream's last event says why.
      if (!isAbortError(cause) && !out.destroyed) await write(errorFrame(errorJson(getTRPCErrorFromUnknown(cause))));
    } finally {
      clearTimeout(ping);
      clearTimeout(lifetime);
      res.off('close', onClose);
      abort.abort();
      if (!ended) await iterator?.return?.(undefined);
      out.end();
    }
  };

  return { handles, serve };
}

/** tRPC's rule: on a reconnect the `Last-Event-ID` header (or query) goes into the input. */
function withLastEventId(input: unknown, req: NodeRequest, url: URL): unknown {
  const header = req.headers['last-event-id'];
  const lastEventId =
    (typeof header === 'string' ? header : undefined) ??
    url.searchParams.get('lastEventId') ??
    url.searchParams.get('Last-Event-Id');
  if (!lastEventId) return input;
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) return { ...input, lastEventId };
  return input ?? { lastEventId };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

function setMetaHeaders(res: ServerResponse, headers: unknown): void {
  if (!headers) return;
  const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers);
  for (const [name, value] of entries as [string, unknown][]) {
    if (Array.isArray(value)) for (const v of value) res.appendHeader(name, String(v));
    else if (typeof value === 'string') res.setHeader(name, value);
  }
}
