import { type Change, type ChangeFeed, MAX_PAYLOAD_BYTES, type UsageEntry } from '@stack/db';

import type { RateLimiter } from './rate-limiter.js';

/** A report carries at most this many keys (the busiest): a flood from many addresses stays a few NOTIFYs. */
const MAX_REPORTED_KEYS = 2_000;
/** Room in a payload for everything around the entries. */
const ENVELOPE_BYTES = 200;

type PublishUsage = (change: Extract<Change, { kind: 'usage' }>) => Promise<void>;

export interface UsageExchangeOptions {
  limiter: RateLimiter;
  feed: ChangeFeed;
  /** Sends one report over the bus (pg_notify on the pool). */
  publish: PublishUsage;
  /** This process, as its reports name it. */
  origin: string;
  log?: (message: string) => void;
}

/** Splits a report into payloads under NOTIFY's size limit. */
export function usagePayloads(entries: readonly UsageEntry[]): UsageEntry[][] {
  const busiest =
    entries.length > MAX_REPORTED_KEYS ? [...entries].sort((a, b) => b[2] - a[2]).slice(0, MAX_REPORTED_KEYS) : entries;
  const chunks: UsageEntry[][] = [[]];
  let size = ENVELOPE_BYTES;
  for (const entry of busiest) {
    const bytes = Buffer.byteLength(JSON.stringify(entry)) + 1;
    if (size + bytes > MAX_PAYLOAD_BYTES && chunks.at(-1)!.length > 0) {
      chunks.push([]);
      size = ENVELOPE_BYTES;
    }
    chunks.at(-1)!.push(entry);
    size += bytes;
  }
  return chunks;
}

/**
 * Shares rate-limit spending between the instances on one PostgreSQL over the change bus: at every
 * period boundary (every instance's fall on the same wall-clock multiples) each one reports what it
 * spent, an empty report included (it says "alive, nothing spent"), and applies the others'.
 * Nothing waits on it: a report that cannot be sent (a database outage) is dropped, the others then
 * stop hearing of this instance and each limits alone.
 */
export class UsageExchange {
  private timer: NodeJS.Timeout | null = null;
  private sending = false;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly options: UsageExchangeOptions) {}

  start(): void {
    const { feed, limiter, origin } = this.options;
    this.unsubscribe = feed.subscribe({
      onChange: (change) => {
        if (change.kind === 'usage' && change.origin !== origin)
          limiter.applyReport(change.origin, change.period, change.entries);
      },
      onResync: () => {},
    });
    this.schedule();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private schedule(): void {
    // Just after the boundary, so the period's last calls are in the report.
    this.timer = setTimeout(() => this.report(), this.options.limiter.untilNextPeriod() + 2);
    this.timer.unref();
  }

  private report(): void {
    this.schedule();
    // The last report is still on its way (a slow database): this period's spending waits for the next.
    if (this.sending) return;
    const { limiter, origin, publish } = this.options;
    const period = limiter.currentPeriod() - 1;
    const payloads = usagePayloads(limiter.drainUsage());
    this.sending = true;
    void (async () => {
      try {
        for (const entries of payloads) await publish({ kind: 'usage', origin, period, entries });
      } catch (error) {
        this.options.log?.(`rate-limit report not sent: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        this.sending = false;
      }
    })();
  }
}
