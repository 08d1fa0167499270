import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';

import { LogSummary } from './log-summary.js';
import { onServiceEvent } from './service-events.js';

/**
 * The logs of what the defences refused, bounded: one line per reason per 10 s with a count
 * (LogSummary), so a flood of forged tokens, forged webhooks, aborted requests or rate-limited
 * calls cannot grow the log with it. Never a token, a payload or an address.
 */
@Injectable()
export class DefenceLogs implements OnApplicationShutdown {
  private readonly summaries: LogSummary[] = [];
  private readonly stops: (() => void)[] = [];

  constructor() {
    const summary = (context: string, what: string) => {
      const logger = new Logger(context);
      const s = new LogSummary({ what, write: (line) => logger.warn(line) });
      this.summaries.push(s);
      return s;
    };
    const credentials = summary('Auth', 'Rejected credentials');
    const webhooks = summary('ClerkWebhooks', 'Refused webhook deliveries');
    const aborts = summary('HTTP', 'Client aborts');
    const limited = summary('RateLimits', 'Calls over a rate limit');
    this.stops.push(
      onServiceEvent('auth.rejected', (e) => credentials.count(`${e.reason} (${e.surface})`)),
      onServiceEvent('webhook.verification-failed', (e) => webhooks.count(e.reason)),
      onServiceEvent('client.aborted', (e) => aborts.count(e.surface)),
      onServiceEvent('rate-limit.rejected', (e) => limited.count(`${e.policy} (${e.surface})`)),
    );
  }

  onApplicationShutdown(): void {
    for (const stop of this.stops) stop();
    for (const summary of this.summaries) summary.flush();
  }
}
