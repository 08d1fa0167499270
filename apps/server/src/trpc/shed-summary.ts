import type { ShedReason } from '@stack/nest-trpc';

import type { AdmissionLimits } from '../config/admission-limits.js';
import type { Logger } from '../logging/create-logger.js';

const WINDOW_MS = 10_000;

/**
 * The calls the admission gate refuses, logged as one line per 10 s while it refuses any (with
 * the count per reason): under overload, a line per refusal would be thousands a second.
 */
export class ShedSummary {
  private counts: Partial<Record<ShedReason, number>> = {};
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly log: Logger,
    private readonly limits: AdmissionLimits,
  ) {}

  readonly count = (reason: ShedReason): void => {
    this.counts[reason] = (this.counts[reason] ?? 0) + 1;
    this.timer ??= setTimeout(() => this.flush(), WINDOW_MS).unref();
  };

  private flush(): void {
    this.timer = undefined;
    const reasons = this.counts;
    this.counts = {};
    const refused = Object.values(reasons).reduce((sum, n) => sum + n, 0);
    this.log.warn(
      { refused, reasons, ...this.limits },
      `admission gate answered ${refused} calls 503 in the last ${WINDOW_MS / 1000} s`,
    );
  }
}
