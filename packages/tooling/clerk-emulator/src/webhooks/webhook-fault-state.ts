import type { WebhookFaults } from './webhook-types.js';

const count = (n: unknown, what: string): number => {
  if (!Number.isInteger(n) || (n as number) < 1)
    throw new TypeError(`webhooks.faults.${what}: n must be a positive integer`);
  return n as number;
};

/**
 * The injected faults, as counters the dispatcher consults per message. `onRelease` is told
 * when held deliveries may go (a delay cleared, a reorder batch released).
 */
export class WebhookFaultState<Message> implements WebhookFaults {
  #duplicates = 0;
  #drops = 0;
  #reorderLeft = 0;
  #batch: Message[] = [];
  #heldUntil = 0;
  readonly #onRelease: (messages: Message[]) => void;
  readonly #now: () => number;

  constructor(onRelease: (messages: Message[]) => void, now: () => number = Date.now) {
    this.#onRelease = onRelease;
    this.#now = now;
  }

  duplicateNext(n = 1): void {
    this.#duplicates += count(n, 'duplicateNext');
  }

  delay(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new TypeError('webhooks.faults.delay: ms must be a non-negative number');
    this.#heldUntil = this.#now() + ms;
    this.#onRelease([]);
  }

  reorderNext(n: number): void {
    this.#reorderLeft += count(n, 'reorderNext');
  }

  dropNextThenRedeliver(n = 1): void {
    this.#drops += count(n, 'dropNextThenRedeliver');
  }

  clear(): void {
    this.#duplicates = 0;
    this.#drops = 0;
    this.#reorderLeft = 0;
    this.#heldUntil = 0;
    this.releaseBatch();
    this.#onRelease([]);
  }

  /** Epoch ms before which no delivery is attempted (0: none held). */
  get heldUntil(): number {
    return this.#heldUntil > this.#now() ? this.#heldUntil : 0;
  }

  /** For a new message: how many deliveries it gets and whether its first answer is dropped. */
  plan(): { copies: number; dropFirst: boolean } {
    const copies = this.#duplicates > 0 ? 2 : 1;
    if (this.#duplicates > 0) this.#duplicates -= 1;
    const dropFirst = this.#drops > 0;
    if (dropFirst) this.#drops -= 1;
    return { copies, dropFirst };
  }

  /** True when the message is kept for a reorder batch (handed back through `onRelease`). */
  hold(message: Message): boolean {
    if (this.#reorderLeft === 0) return false;
    this.#batch.push(message);
    this.#reorderLeft -= 1;
    if (this.#reorderLeft === 0) this.releaseBatch();
    return true;
  }

  /** Hands a held reorder batch over, newest first. */
  releaseBatch(): void {
    if (this.#batch.length === 0) return;
    const batch = this.#batch.reverse();
    this.#batch = [];
    this.#onRelease(batch);
  }
}
