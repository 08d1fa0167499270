import type { LoggerService } from '@nestjs/common';

import type { ShedReason } from '@stack/nest-trpc';

const WINDOW_MS = 10_000;

/**
 * Counts the calls the admission gate refuses and logs one line per 10 s while it refuses any:
 * under overload a line per refusal would be thousands of lines a second.
 */
export class ShedSummary {
  private counts: Partial<Record<ShedReason, number>> = {};
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly logger: LoggerService,
    private readonly limits: string,
  ) {}

  readonly count = (reason: ShedReason): void => {
    this.counts[reason] = (this.counts[reason] ?? 0) + 1;
    this.timer ??= setTimeout(() => this.flush(), WINDOW_MS).unref();
  };

  private flush(): void {
    this.timer = undefined;
    const entries = Object.entries(this.counts);
    this.counts = {};
    const total = entries.reduce((sum, [, n]) => sum + n, 0);
    const detail = entries.map(([reason, n]) => `${reason} ${n}`).join(', ');
    this.logger.warn(
      `${total} calls answered 503 by the admission gate in ${WINDOW_MS / 1000} s (${detail}; ${this.limits})`,
    );
  }
}
