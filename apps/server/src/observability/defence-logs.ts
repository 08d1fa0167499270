import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';

import { METRICS, type Metrics } from '../metrics/metrics.js';
import { LogSummary } from './log-summary.js';

type Surface = 'trpc' | 'rest' | 'webhook';

/**
 * What the defences refused, counted and logged within bounds: one line per reason per 10 s with
 * a count (LogSummary), so a flood of forged webhooks, aborted requests or rate-limited calls
 * cannot grow the log with it. Never a token, a payload or an address. (Refused credentials have
 * their own: RejectionLog.)
 */
@Injectable()
export class DefenceLogs implements OnApplicationShutdown {
  private readonly webhooks = summary('ClerkWebhooks', 'Refused webhook deliveries');
  private readonly aborts = summary('HTTP', 'Client aborts');
  private readonly limited = summary('RateLimits', 'Calls over a rate limit');

  constructor(@Inject(METRICS) private readonly metrics: Metrics) {}

  /** `calls` refused by a rate limit, before they ran (`rate_limit_rejections_total{policy}`). */
  rateLimited(policy: string, surface: Surface, calls = 1): void {
    this.metrics.rateLimitRejection(policy, calls);
    this.limited.count(`${policy} (${surface})`, calls);
  }

  /** A webhook delivery that failed verification (a 400, or a 429 once over its limit). */
  webhookRefused(reason: string): void {
    this.webhooks.count(reason);
  }

  /** The client went away before its request was read or its answer written. */
  clientAborted(surface: Exclude<Surface, 'webhook'>): void {
    this.aborts.count(surface);
  }

  onApplicationShutdown(): void {
    for (const s of [this.webhooks, this.aborts, this.limited]) s.flush();
  }
}

function summary(context: string, what: string): LogSummary {
  const logger = new Logger(context);
  return new LogSummary({ what, write: (line) => logger.warn(line) });
}
