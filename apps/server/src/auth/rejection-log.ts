import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';

import { METRICS, type Metrics } from '../metrics/metrics.js';
import { LogSummary } from '../observability/log-summary.js';

const logger = new Logger('Auth');

/**
 * Why a credential was refused (never the credential): every refusal counts in
 * `auth_rejections_total{reason}`; the log gets one line per reason and surface per 10 s with a
 * count (LogSummary), so a flood of forged tokens cannot turn the log into the bottleneck.
 */
@Injectable()
export class RejectionLog implements OnApplicationShutdown {
  private readonly summary = new LogSummary({ what: 'Rejected credentials', write: (line) => logger.warn(line) });

  constructor(@Inject(METRICS) private readonly metrics: Metrics) {}

  /** `where`: a fixed surface name (`trpc`, `rest`), never a URL. */
  record(reason: string, where: string): void {
    this.metrics.authRejection(reason);
    this.summary.count(`${reason} (${where})`);
  }

  onApplicationShutdown(): void {
    this.summary.flush();
  }
}
