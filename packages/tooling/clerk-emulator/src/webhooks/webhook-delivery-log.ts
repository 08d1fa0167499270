import type { WebhookDeliveryAttempt, WebhookDeliveryRecord } from './webhook-types.js';

// The newest records kept in the log (pending ones are never dropped).
const LOG_LIMIT = 5_000;

/** One delivery (a message to one endpoint) as the log records it, updated as attempts come back. */
export interface DeliveryRecord {
  readonly messageId: string;
  readonly type: string;
  readonly endpoint: string;
  state: WebhookDeliveryRecord['state'];
  readonly attempts: WebhookDeliveryAttempt[];
}

/**
 * The delivery log an operator reads, bounded to the newest records, and the waiters of
 * `settled()`: each resolves once every delivery pending when it asked has ended.
 */
export class WebhookDeliveryLog {
  readonly #records: DeliveryRecord[] = [];
  readonly #waiters = new Set<{ pending: Set<DeliveryRecord>; resolve: () => void }>();
  #closed = false;

  /** A new pending delivery. */
  open(messageId: string, type: string, endpoint: string): DeliveryRecord {
    const record: DeliveryRecord = { messageId, type, endpoint, state: 'pending', attempts: [] };
    this.#records.push(record);
    if (this.#records.length > LOG_LIMIT) {
      const index = this.#records.findIndex((r) => r.state !== 'pending');
      if (index >= 0) this.#records.splice(index, 1);
    }
    return record;
  }

  end(record: DeliveryRecord, state: 'delivered' | 'failed'): void {
    record.state = state;
    for (const waiter of this.#waiters) {
      waiter.pending.delete(record);
      if (waiter.pending.size === 0) {
        this.#waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  /** Frozen copies: what callers hold never changes under them. */
  snapshot(): readonly WebhookDeliveryRecord[] {
    return this.#records.map((r) => freeze(r));
  }

  settled(): Promise<void> {
    const pending = new Set(this.#records.filter((r) => r.state === 'pending'));
    if (pending.size === 0 || this.#closed) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.add({ pending, resolve }));
  }

  /** Releases every waiter: after close nothing pending will end. */
  close(): void {
    this.#closed = true;
    for (const waiter of this.#waiters) waiter.resolve();
    this.#waiters.clear();
  }
}

export function freeze(record: DeliveryRecord): WebhookDeliveryRecord {
  return Object.freeze({ ...record, attempts: Object.freeze(record.attempts.map((a) => ({ ...a }))) });
}
