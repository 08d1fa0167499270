import { connect, type Socket } from 'node:net';

import { Conditions } from '@stack/test-kit';

/** Opens per batch, each awaited (connected) before the next: a listen backlog is 511 by default. */
const BATCH = 250;
/** Every tracked event has an `id:` line (a chunk boundary of the HTTP framing ends in a newline too). */
const EVENT_MARKER = '\nid: ';

export interface SubscriberOptions {
  /** e.g. http://127.0.0.1:4000 — several spread the subscribers round-robin (instances). */
  urls: readonly string[];
  /** The subscription's path, e.g. /trpc/note.changes. */
  path: string;
  /** `Bearer …` per subscriber, round-robin (empty: none sent). */
  authorizations: readonly string[];
  count: number;
  /** How long all may take to connect. */
  timeoutMs: number;
}

/**
 * Many SSE subscribers in one process at the least cost per stream: a raw socket each, writing a
 * plain GET and counting tracked events (each carries an `id:` line; pings carry none) without
 * parsing them, with each event's arrival time. Ids only grow and each stream is in commit order,
 * so a subscriber's k-th event after connecting is the k-th change made after that.
 */
export class SseSubscribers {
  /** Per subscriber, the arrival time (performance.now()) of each event, in order. */
  readonly arrivals: number[][] = [];
  private readonly sockets: Socket[] = [];
  private readonly conditions = new Conditions(() => `least ${Math.min(...this.arrivals.map((a) => a.length))} events`);
  private failures = 0;
  private closing = false;
  /** What `allReceived` waits for, and how many subscribers have it. */
  private target = Infinity;
  private reached = 0;

  private constructor(private readonly options: SubscriberOptions) {}

  static async open(options: SubscriberOptions): Promise<SseSubscribers> {
    const pool = new SseSubscribers(options);
    const deadline = performance.now() + options.timeoutMs;
    for (let first = 0; first < options.count; first += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, options.count - first) }, (_, i) =>
        pool.connectOne(first + i),
      );
      await Promise.all(batch);
      if (performance.now() > deadline)
        throw new Error(`subscribers: ${first + batch.length} of ${options.count} connected in time`);
    }
    return pool;
  }

  get count(): number {
    return this.sockets.length;
  }

  /** Streams that ended or failed since they connected (none, in a healthy run). */
  get lost(): number {
    return this.failures;
  }

  /** Resolves once every subscriber has at least `n` events; rejects after `timeoutMs`. */
  allReceived(n: number, timeoutMs: number): Promise<void> {
    // Counted as events arrive (one comparison per event, not a scan of every subscriber).
    this.target = n;
    this.reached = this.arrivals.filter((a) => a.length >= n).length;
    return this.conditions.until(
      () => this.arrivals.every((a) => a.length >= n),
      `all subscribers to have ${n} events`,
      timeoutMs,
    );
  }

  close(): void {
    this.closing = true;
    for (const socket of this.sockets) socket.destroy();
  }

  private connectOne(index: number): Promise<void> {
    const { urls, path, authorizations } = this.options;
    const url = new URL(urls[index % urls.length]!);
    const authorization = authorizations.length > 0 ? authorizations[index % authorizations.length]! : null;
    const arrivals: number[] = [];
    this.arrivals.push(arrivals);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname);
      this.sockets.push(socket);
      let connected = false;
      let tail = '';
      let head = '';
      socket.setNoDelay(true);
      socket.once('connect', () => {
        socket.write(
          `GET ${path} HTTP/1.1\r\nHost: ${url.host}\r\nAccept: text/event-stream\r\n` +
            `${authorization ? `Authorization: ${authorization}\r\n` : ''}\r\n`,
        );
      });
      socket.on('data', (chunk: Buffer) => {
        const at = performance.now();
        const text = tail + chunk.toString('latin1');
        // Four characters kept: a marker split across chunks is found once, never twice.
        tail = text.slice(-(EVENT_MARKER.length - 1));
        if (!connected) {
          head += text;
          if (head.includes('event: connected')) {
            connected = true;
            resolve();
          } else if (head.includes('event: serialized-error')) {
            reject(new Error(`subscriber ${index} refused: ${head.slice(0, 500)}`));
          }
        }
        for (let i = text.indexOf(EVENT_MARKER); i >= 0; i = text.indexOf(EVENT_MARKER, i + 1)) {
          arrivals.push(at);
          if (arrivals.length === this.target && ++this.reached === this.arrivals.length) this.conditions.changed();
        }
      });
      socket.once('error', (error) => {
        this.failures++;
        if (!connected) reject(error);
      });
      socket.once('close', () => {
        if (connected && !this.closing) this.failures++;
      });
    });
  }
}
