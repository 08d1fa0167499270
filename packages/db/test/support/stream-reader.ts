import type { NoteChangeEvent } from '@stack/contracts';
import { Conditions } from '@stack/test-kit';

/** Reads a stream in the background, as a client would: every event in arrival order, and how it ended. */
export class StreamReader {
  readonly events: NoteChangeEvent[] = [];
  error: unknown = undefined;
  readonly done: Promise<void>;
  private readonly conditions = new Conditions(() => `${this.events.length} events, error ${String(this.error)}`);

  /** `stream` may still be opening: a failure to open is how it ends. */
  constructor(stream: AsyncIterable<NoteChangeEvent> | Promise<AsyncIterable<NoteChangeEvent>>) {
    this.done = (async () => {
      try {
        for await (const event of await stream) {
          this.events.push(event);
          this.conditions.changed();
        }
      } catch (error) {
        this.error = error;
      }
      this.conditions.changed();
    })();
  }

  get ended(): boolean {
    return this.error !== undefined;
  }

  count(n: number, timeoutMs?: number): Promise<void> {
    return this.conditions.until(() => this.events.length >= n, `${n} events`, timeoutMs);
  }

  failure(timeoutMs?: number): Promise<unknown> {
    return this.conditions.until(() => this.ended, 'the stream to end', timeoutMs).then(() => this.error);
  }
}
