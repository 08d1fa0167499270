import type { IncomingMessage, ServerResponse } from 'node:http';

import { type BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';

import { TRPC_MODULE_OPTIONS, type TrpcModuleOptions } from '../trpc-module-options.js';
import { type AdmissionLimits, admissionLimits, type AdmissionOptions, type ShedReason } from './admission-options.js';
import { type Linked, WaitQueue } from './wait-queue.js';

/** How the gate hands a call on: into tRPC, or a 503 that never enters it. */
export interface AdmissionHandler<Req extends IncomingMessage = IncomingMessage> {
  enter(req: Req, res: ServerResponse, path: string): Promise<void>;
  refuse(req: Req, res: ServerResponse, path: string, reason: ShedReason): Promise<void>;
}

/** A waiting call: only the raw request and response, nothing of tRPC yet. */
interface Waiting extends Linked<Waiting> {
  req: IncomingMessage;
  res: ServerResponse;
  path: string;
  handler: AdmissionHandler;
  since: number;
  onClose: () => void;
}

/**
 * No answer can reach the client any more: it hung up (its socket is closed, or half-closed,
 * which Node treats as an abort) or the response was torn down. The request's own `destroyed`
 * says nothing here: a host body parser that read the body to its end destroys it too.
 */
function isGone(req: IncomingMessage, res: ServerResponse): boolean {
  const socket = req.socket as IncomingMessage['socket'] | null;
  return res.destroyed || res.writableEnded || !socket || socket.destroyed || !socket.writable;
}

/**
 * Lets at most `maxInFlight` calls be inside tRPC at once. While calls wait on a pool, each one
 * in tRPC keeps kilobytes of suspended async frames alive across young-generation GCs, so they
 * are promoted and collected at a high cost; waiting here instead costs a queue entry over the
 * raw request and response (see the bench notes). The queue is FIFO and bounded in length
 * (`maxQueued`) and in time (`maxQueueMs`); past either the call is answered 503 with
 * `Retry-After`. A waiting call whose client hangs up is dropped at once, so no slot is ever
 * given to a dead client. `drain()` (also run on application shutdown) answers every waiting
 * call 503 and queues nothing more; calls inside tRPC finish.
 */
@Injectable()
export class AdmissionGate implements BeforeApplicationShutdown {
  /** Null: the gate is off and calls go straight into tRPC. */
  readonly limits: AdmissionLimits | null;
  private readonly options: AdmissionOptions | undefined;
  private active = 0;
  private readonly waiting = new WaitQueue<Waiting>();
  private timer: NodeJS.Timeout | undefined;
  private draining = false;
  private readonly release = () => {
    this.active--;
    this.admitWaiting();
  };
  private readonly expire = () => {
    this.timer = undefined;
    this.shedExpired();
  };

  constructor(@Inject(TRPC_MODULE_OPTIONS) options: Pick<TrpcModuleOptions, 'admission'>) {
    this.options = options.admission;
    this.limits = admissionLimits(options.admission);
  }

  /** Calls inside tRPC now (through the gate; bypassing calls are not counted). */
  get inFlight(): number {
    return this.active;
  }

  /** Calls waiting for a slot now. */
  get queued(): number {
    return this.waiting.size;
  }

  /**
   * Hands the call to `handler.enter` now if a slot is free, else queues it, or refuses it when
   * the queue is full or the gate is draining. Returns the call's promise when it entered at once.
   */
  admit<Req extends IncomingMessage>(
    req: Req,
    res: ServerResponse,
    path: string,
    handler: AdmissionHandler<Req>,
  ): Promise<void> | undefined {
    const limits = this.limits;
    if (!limits || this.active < limits.maxInFlight) return this.enter(req, res, path, handler);
    if (this.draining) return this.shed(req, res, path, handler, 'shutting-down');
    if (this.waiting.size >= limits.maxQueued) return this.shed(req, res, path, handler, 'queue-full');
    const entry: Waiting = {
      req,
      res,
      path,
      handler: handler,
      since: performance.now(),
      prev: null,
      next: null,
      onClose: () => {
        if (isGone(req, res)) this.abandon(entry);
      },
    };
    // A client that hangs up while it waits leaves the queue now, not when its turn comes (Node
    // tears the request down when its socket closes or half-closes).
    req.on('close', entry.onClose);
    this.waiting.push(entry);
    this.timer ??= setTimeout(this.expire, limits.maxQueueMs).unref();
    return undefined;
  }

  /** Answers every waiting call 503 and queues nothing more; calls inside tRPC finish. */
  drain(): void {
    this.draining = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    for (let entry = this.take(); entry; entry = this.take()) this.settle(entry, 'shutting-down');
  }

  /** Before the HTTP server closes, so waiting calls do not hold its close up. */
  beforeApplicationShutdown(): void {
    this.drain();
  }

  private enter<Req extends IncomingMessage>(
    req: Req,
    res: ServerResponse,
    path: string,
    handler: AdmissionHandler<Req>,
  ): Promise<void> {
    this.active++;
    let call: Promise<void>;
    try {
      call = handler.enter(req, res, path);
    } catch (error) {
      this.release();
      throw error;
    }
    return call.then(this.release, (error: unknown) => {
      this.release();
      throw error;
    });
  }

  private shed<Req extends IncomingMessage>(
    req: Req,
    res: ServerResponse,
    path: string,
    handler: AdmissionHandler<Req>,
    reason: ShedReason,
  ): Promise<void> {
    this.options?.onShed?.(reason);
    return handler.refuse(req, res, path, reason);
  }

  /** The head of the queue, unlinked and no longer listening for its client. */
  private take(): Waiting | null {
    const entry = this.waiting.shift();
    entry?.req.off('close', entry.onClose);
    return entry;
  }

  /** A waiting call leaves the queue: refused with `reason`, or dropped if its client is gone. */
  private settle(entry: Waiting, reason: ShedReason): void {
    if (isGone(entry.req, entry.res)) this.options?.onAbandoned?.();
    else this.shed(entry.req, entry.res, entry.path, entry.handler, reason).catch(() => entry.res.destroy());
  }

  private abandon(entry: Waiting): void {
    entry.req.off('close', entry.onClose);
    this.waiting.remove(entry);
    this.options?.onAbandoned?.();
  }

  /** Fills free slots from the head of the queue, skipping calls whose client has gone. */
  private admitWaiting(): void {
    const limits = this.limits!;
    while (this.active < limits.maxInFlight) {
      const entry = this.take();
      if (!entry) return;
      if (isGone(entry.req, entry.res)) this.options?.onAbandoned?.();
      // Nobody awaits a call that waited: a failure the handler did not answer drops the connection.
      else this.enter(entry.req, entry.res, entry.path, entry.handler).catch(() => entry.res.destroy());
    }
  }

  /** Refuses the calls that have waited `maxQueueMs`, then waits for the next one's deadline. */
  private shedExpired(): void {
    const { maxQueueMs } = this.limits!;
    const now = performance.now();
    for (let head = this.waiting.peek(); head && now - head.since >= maxQueueMs; head = this.waiting.peek())
      this.settle(this.take()!, 'queue-timeout');
    const next = this.waiting.peek();
    if (next) this.timer = setTimeout(this.expire, Math.max(1, next.since + maxQueueMs - now)).unref();
  }
}
