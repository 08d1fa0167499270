import { type SseFrame, sseFrames } from './sse-frames.js';

/**
 * Reads an SSE response in the background, frame by frame, as a client would: `until` resolves the
 * moment a condition holds (no polling) or fails naming what it waited for.
 */
export class SseReader {
  readonly frames: SseFrame[] = [];
  /** Resolves when the server ends the response (or the connection drops). */
  readonly closed: Promise<void>;
  private ended = false;
  private readonly waiters = new Set<() => void>();

  constructor(body: AsyncIterable<Uint8Array>) {
    this.closed = (async () => {
      try {
        for await (const frame of sseFrames(body)) {
          this.frames.push(frame);
          this.wake();
        }
      } catch {
        // A dropped connection ends the reading like a closed one.
      }
      this.ended = true;
      this.wake();
    })();
  }

  get isClosed(): boolean {
    return this.ended;
  }

  /** Frames other than `connected` and `ping`: what the stream carried. */
  get events(): SseFrame[] {
    return this.frames.filter((f) => f.event !== 'connected' && f.event !== 'ping');
  }

  until(condition: (reader: this) => boolean, what: string, timeoutMs = 5_000): Promise<void> {
    if (condition(this)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        const seen = this.frames.map((f) => f.event).join(', ');
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} (frames: ${seen || 'none'})`));
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

  /** Resolves with the first frame of `event` (waiting for it if needed). */
  async first(event: string, timeoutMs?: number): Promise<SseFrame> {
    await this.until((r) => r.frames.some((f) => f.event === event), `an "${event}" frame`, timeoutMs);
    return this.frames.find((f) => f.event === event)!;
  }

  /** Resolves once `count` events (not connected/ping) have arrived. */
  async eventCount(count: number, timeoutMs?: number): Promise<SseFrame[]> {
    await this.until((r) => r.events.length >= count, `${count} events`, timeoutMs);
    return this.events;
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
