import { Inject, Injectable, Logger } from '@nestjs/common';

import { METRICS, type Metrics } from '../metrics/metrics.js';

const LINES_PER_SECOND = 20;
const logger = new Logger('Auth');

/**
 * Why a credential was refused (never the credential): every refusal counts in
 * `auth_rejections_total{reason}`; the log gets a bounded sample, so a flood of forged tokens
 * cannot turn the log into the bottleneck.
 */
@Injectable()
export class RejectionLog {
  private windowStart = 0;
  private written = 0;
  private suppressed = 0;

  constructor(@Inject(METRICS) private readonly metrics: Metrics) {}

  record(reason: string, where: string): void {
    this.metrics.authRejection(reason);
    const now = Date.now();
    if (now - this.windowStart >= 1000) {
      if (this.suppressed > 0)
        logger.warn({
          msg: `${this.suppressed} more rejected credentials in the last second (not logged)`,
          suppressed: this.suppressed,
        });
      this.windowStart = now;
      this.written = 0;
      this.suppressed = 0;
    }
    if (this.written >= LINES_PER_SECOND) {
      this.suppressed++;
      return;
    }
    this.written++;
    logger.warn({ msg: `Rejected credentials on ${where}: ${reason}`, reason, where });
  }
}
