import { currentRequestOrigin } from '../http/request-context.js';
import { newId } from '../util/ids.js';
import { postWebhook } from './post-webhook.js';
import { svixHeaders } from './sign-webhook.js';
import { type DeliveryRecord, freeze, WebhookDeliveryLog } from './webhook-delivery-log.js';
import { describeFailure, parseEndpoint } from './webhook-endpoint.js';
import { WebhookFaultState } from './webhook-fault-state.js';
import type {
  ClerkEmulatorWebhooks,
  WebhookDeliveryAttempt,
  WebhookDeliveryRecord,
  WebhookFaults,
} from './webhook-types.js';

interface Message {
  readonly id: string;
  readonly type: string;
  /** Serialized once: every attempt and endpoint gets exactly these bytes. */
  readonly body: Buffer;
  readonly copies: number;
  readonly dropFirst: boolean;
}

interface Delivery {
  readonly message: Message;
  readonly record: DeliveryRecord;
  attemptsMade: number;
  inFlight: AbortController | undefined;
}

/** One endpoint's queue: one attempt at a time; a failed message waits on a timer, the rest go on. */
interface Endpoint {
  readonly url: string;
  readonly target: URL;
  readonly ready: Delivery[];
  readonly deliveries: Set<Delivery>;
  busy: boolean;
  wake: NodeJS.Timeout | undefined;
}

export interface DispatcherConfig {
  readonly secret: string;
  readonly instanceId: string;
  readonly endpoints: readonly string[];
  /** Milliseconds before each retry; attempts = length + 1. */
  readonly retrySchedule: readonly number[];
  readonly timeoutMs: number;
  readonly onAttempt: ((record: WebhookDeliveryRecord, attempt: WebhookDeliveryAttempt) => void) | undefined;
}

/**
 * Svix-style at-least-once delivery: each event becomes a message (`msg_…`, one body) queued for
 * every endpoint; an attempt fails without a 2xx within the timeout, and is retried on the
 * schedule with a fresh timestamp and signature. `publish` only queues: the API request that
 * caused the event never waits for a delivery.
 */
export class WebhookDispatcher implements ClerkEmulatorWebhooks {
  readonly secret: string;
  readonly faults: WebhookFaults;
  readonly #config: DispatcherConfig;
  readonly #faults: WebhookFaultState<Message>;
  readonly #endpoints = new Map<string, Endpoint>();
  readonly #log = new WebhookDeliveryLog();
  readonly #timers = new Set<NodeJS.Timeout>();
  #closed = false;

  constructor(config: DispatcherConfig) {
    this.#config = config;
    this.secret = config.secret;
    this.#faults = new WebhookFaultState<Message>((released) => {
      for (const message of released) this.#enqueue(message);
      for (const endpoint of this.#endpoints.values()) this.#wakeUp(endpoint);
    });
    this.faults = this.#faults;
    for (const url of config.endpoints) this.addEndpoint(url);
  }

  get endpoints(): readonly string[] {
    return [...this.#endpoints.keys()];
  }

  addEndpoint(url: string): void {
    const target = parseEndpoint(url);
    if (this.#endpoints.has(url)) return;
    this.#endpoints.set(url, { url, target, ready: [], deliveries: new Set(), busy: false, wake: undefined });
  }

  removeEndpoint(url: string): void {
    const endpoint = this.#endpoints.get(url);
    if (!endpoint) return;
    this.#endpoints.delete(url);
    if (endpoint.wake) this.#clearTimer(endpoint.wake);
    for (const delivery of endpoint.deliveries) {
      delivery.inFlight?.abort();
      delivery.record.attempts.push({ at: Date.now(), error: 'endpoint removed' });
      this.#finish(endpoint, delivery, 'failed');
    }
  }

  log(): readonly WebhookDeliveryRecord[] {
    return this.#log.snapshot();
  }

  settled(): Promise<void> {
    this.#faults.releaseBatch();
    return this.#log.settled();
  }

  /** Queues one event for every endpoint present now. */
  publish(type: string, data: Record<string, unknown>): void {
    if (this.#closed || this.#endpoints.size === 0) return;
    const origin = currentRequestOrigin();
    const event = {
      data,
      object: 'event',
      type,
      timestamp: Date.now(),
      instance_id: this.#config.instanceId,
      ...(origin && {
        event_attributes: { http_request: { client_ip: origin.clientIp, user_agent: origin.userAgent } },
      }),
    };
    const message: Message = {
      id: newId('msg'),
      type,
      body: Buffer.from(JSON.stringify(event), 'utf8'),
      ...this.#faults.plan(),
    };
    if (!this.#faults.hold(message)) this.#enqueue(message);
  }

  /** Stops every timer and in-flight attempt; what is pending stays pending in the log. */
  close(): void {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    for (const endpoint of this.#endpoints.values())
      for (const delivery of endpoint.deliveries) delivery.inFlight?.abort();
    this.#log.close();
  }

  #enqueue(message: Message): void {
    if (this.#closed) return;
    for (const endpoint of this.#endpoints.values()) {
      for (let copy = 0; copy < message.copies; copy++) {
        const record = this.#log.open(message.id, message.type, endpoint.url);
        const delivery: Delivery = { message, record, attemptsMade: 0, inFlight: undefined };
        endpoint.deliveries.add(delivery);
        endpoint.ready.push(delivery);
      }
      // After the current call stack: the store change that caused the event finishes first.
      queueMicrotask(() => this.#pump(endpoint));
    }
  }

  #pump(endpoint: Endpoint): void {
    if (this.#closed || this.#endpoints.get(endpoint.url) !== endpoint) return;
    if (endpoint.busy || endpoint.ready.length === 0 || endpoint.wake) return;
    const heldUntil = this.#faults.heldUntil;
    if (heldUntil > 0) {
      endpoint.wake = this.#setTimer(() => {
        endpoint.wake = undefined;
        this.#pump(endpoint);
      }, heldUntil - Date.now());
      return;
    }
    const delivery = endpoint.ready.shift()!;
    endpoint.busy = true;
    void this.#attempt(endpoint, delivery).finally(() => {
      endpoint.busy = false;
      this.#pump(endpoint);
    });
  }

  /** A delay was set or cleared, or held messages were released: re-plan the wake-up. */
  #wakeUp(endpoint: Endpoint): void {
    if (endpoint.wake) {
      this.#clearTimer(endpoint.wake);
      endpoint.wake = undefined;
    }
    this.#pump(endpoint);
  }

  async #attempt(endpoint: Endpoint, delivery: Delivery): Promise<void> {
    const { message, record } = delivery;
    if (record.state !== 'pending') return;
    const at = Date.now();
    delivery.attemptsMade += 1;
    const controller = new AbortController();
    delivery.inFlight = controller;
    let status: number | undefined;
    let error: string | undefined;
    try {
      status = await postWebhook(
        endpoint.target,
        message.body,
        svixHeaders(this.secret, message.id, message.body, at),
        {
          timeoutMs: this.#config.timeoutMs,
          signal: controller.signal,
        },
      );
    } catch (err) {
      error = describeFailure(err);
    }
    delivery.inFlight = undefined;
    // Closed, or the endpoint was removed meanwhile: the answer no longer matters.
    if (this.#closed || record.state !== 'pending') return;
    const dropped = message.dropFirst && delivery.attemptsMade === 1;
    if (dropped) error ??= 'answer ignored (fault: dropNextThenRedeliver)';
    const attempt: WebhookDeliveryAttempt = {
      at,
      ...(status !== undefined && { status }),
      ...(error !== undefined && { error }),
    };
    record.attempts.push(attempt);
    if (!dropped && status !== undefined && status >= 200 && status < 300)
      this.#finish(endpoint, delivery, 'delivered');
    else if (delivery.attemptsMade > this.#config.retrySchedule.length) this.#finish(endpoint, delivery, 'failed');
    else {
      const wait = this.#config.retrySchedule[delivery.attemptsMade - 1]!;
      this.#setTimer(() => {
        endpoint.ready.push(delivery);
        this.#pump(endpoint);
      }, wait);
    }
    this.#config.onAttempt?.(freeze(record), attempt);
  }

  #finish(endpoint: Endpoint, delivery: Delivery, state: 'delivered' | 'failed'): void {
    endpoint.deliveries.delete(delivery);
    this.#log.end(delivery.record, state);
  }

  #setTimer(run: () => void, ms: number): NodeJS.Timeout {
    const timer = setTimeout(
      () => {
        this.#timers.delete(timer);
        run();
      },
      Math.max(0, ms),
    );
    this.#timers.add(timer);
    return timer;
  }

  #clearTimer(timer: NodeJS.Timeout): void {
    clearTimeout(timer);
    this.#timers.delete(timer);
  }
}
