import { setTimeout as sleep } from 'node:timers/promises';

/** One backend as the router sees it. */
interface Backend {
  url: string;
  ready: boolean;
  /** The last readiness answer (status and body) or error, for a timeout's message. */
  last: string;
}

export interface Answer {
  status: number;
  retryAfter: string | null;
  json: unknown;
}

/** The request was never delivered (connection refused): safe to send elsewhere, as a load balancer does. */
function notDelivered(error: unknown): boolean {
  const code = (error as { cause?: { code?: unknown } }).cause?.code;
  return code === 'ECONNREFUSED';
}

/**
 * What a load balancer does for the cluster scenario: polls every backend's `/health/ready`,
 * sends requests round-robin to the ready ones (to all of them when none is, i.e. fails open), and
 * retries elsewhere a request whose connection was refused.
 */
export class ReadyRouter {
  private readonly backends = new Map<string, Backend>();
  private next = 0;
  private polling = true;
  private readonly poller: Promise<void>;
  rerouted = 0;

  constructor(private readonly intervalMs = 100) {
    this.poller = this.poll();
  }

  add(url: string): void {
    this.backends.set(url, { url, ready: false, last: 'not asked yet' });
  }

  remove(url: string): void {
    this.backends.delete(url);
  }

  /** Each backend's last readiness answer, one per line. */
  describe(): string {
    return [...this.backends.values()].map((b) => `${b.url}: ${b.last}`).join('\n');
  }

  readyCount(): number {
    return [...this.backends.values()].filter((b) => b.ready).length;
  }

  /** Sends one tRPC call; network errors other than a refused connection are thrown (a failure). */
  async call(path: string, token: string, body?: unknown): Promise<Answer & { url: string }> {
    for (let attempt = 0; ; attempt++) {
      const url = this.pick();
      try {
        const res = await fetch(`${url}/trpc/${path}`, {
          method: body === undefined ? 'GET' : 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const text = await res.text();
        let json: unknown = null;
        try {
          json = JSON.parse(text);
        } catch {
          // not JSON
        }
        return { url, status: res.status, retryAfter: res.headers.get('retry-after'), json };
      } catch (error) {
        if (!notDelivered(error) || attempt >= 5) throw error;
        const backend = this.backends.get(url);
        if (backend) backend.ready = false; // passive health check
        this.rerouted++;
        await sleep(20);
      }
    }
  }

  async close(): Promise<void> {
    this.polling = false;
    await this.poller;
  }

  private pick(): string {
    const all = [...this.backends.values()];
    const ready = all.filter((b) => b.ready);
    const pool = ready.length > 0 ? ready : all;
    if (pool.length === 0) throw new Error('no backends');
    return pool[this.next++ % pool.length]!.url;
  }

  private async poll(): Promise<void> {
    while (this.polling) {
      await Promise.all(
        [...this.backends.values()].map(async (backend) => {
          try {
            const res = await fetch(`${backend.url}/health/ready`, { signal: AbortSignal.timeout(1_000) });
            const text = await res.text();
            backend.ready = res.status === 200;
            backend.last = `${res.status} ${text.slice(0, 300)}`;
          } catch (error) {
            backend.ready = false;
            backend.last = error instanceof Error ? error.message : String(error);
          }
        }),
      );
      await sleep(this.intervalMs);
    }
  }
}
