import type { NoteChangeEvent } from '@stack/contracts';

/**
 * Reads a stream in the background, as a client would: every event in arrival order, and how it
 * ended. `until` resolves as soon as a condition holds (no polling), or fails after a bound.
 */
export class StreamReader {
  readonly events: NoteChangeEvent[] = [];
  error: unknown = undefined;
  readonly done: Promise<void>;
  private readonly waiters = new Set<() => void>();

  /** `stream` may still be opening: a failure to open is how it ends. */
  constructor(stream: AsyncIterable<NoteChangeEvent> | Promise<AsyncIterable<NoteChangeEvent>>) {
    this.done = (async () => {
      try {
        for await (const event of await stream) {
          this.events.push(event);
          this.wake();
        }
      } catch (error) {
        this.error = error;
      }
      this.wake();
    })();
  }

  get ended(): boolean {
    return this.error !== undefined;
  }

  /** Resolves once `condition` holds; rejects naming `what` after `timeoutMs`. */
  until(condition: (reader: this) => boolean, what: string, timeoutMs = 5_000): Promise<void> {
    if (condition(this)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out waiting for ${what} (${this.events.length} events, error ${String(this.error)})`));
      }, timeoutMs);
      const check = () => {
        if (!condition(this)) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }

  count(n: number, timeoutMs?: number): Promise<void> {
    return this.until((r) => r.events.length >= n, `${n} events`, timeoutMs);
  }

  failure(timeoutMs?: number): Promise<unknown> {
    return this.until((r) => r.ended, 'the stream to end', timeoutMs).then(() => this.error);
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
