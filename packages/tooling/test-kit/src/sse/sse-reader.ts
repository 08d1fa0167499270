import { Conditions } from '../wait/conditions.js';
import { type SseFrame, sseFrames } from './sse-frames.js';

const CONTROL = new Set(['connected', 'ping', 'retry']);

/**
 * Reads an SSE response in the background, frame by frame, as a client would: waits resolve the
 * moment a frame arrives (no polling) or fail naming what they waited for.
 */
export class SseReader {
  readonly frames: SseFrame[] = [];
  /** Resolves when the server ends the response (or the connection drops). */
  readonly closed: Promise<void>;
  private ended = false;
  private readonly conditions = new Conditions(() => `frames: ${this.frames.map((f) => f.event).join(', ') || 'none'}`);

  constructor(body: AsyncIterable<Uint8Array>) {
    this.closed = (async () => {
      try {
        for await (const frame of sseFrames(body)) {
          this.frames.push(frame);
          this.conditions.changed();
        }
      } catch {
        // A dropped connection ends the reading like a closed one.
      }
      this.ended = true;
      this.conditions.changed();
    })();
  }

  get isClosed(): boolean {
    return this.ended;
  }

  /** Frames other than `connected`, `ping` and `retry`: what the stream carried. */
  get events(): SseFrame[] {
    return this.frames.filter((f) => !CONTROL.has(f.event));
  }

  until(condition: (reader: this) => boolean, what: string, timeoutMs?: number): Promise<void> {
    return this.conditions.until(() => condition(this), what, timeoutMs);
  }

  /** Resolves with the first frame of `event` (waiting for it if needed). */
  async first(event: string, timeoutMs?: number): Promise<SseFrame> {
    await this.until((r) => r.frames.some((f) => f.event === event), `an "${event}" frame`, timeoutMs);
    return this.frames.find((f) => f.event === event)!;
  }

  /** Resolves with the events (not connected/ping) once there are at least `count`. */
  async eventCount(count: number, timeoutMs?: number): Promise<SseFrame[]> {
    await this.until((r) => r.events.length >= count, `${count} events`, timeoutMs);
    return this.events;
  }
}
