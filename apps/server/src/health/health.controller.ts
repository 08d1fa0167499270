import { Controller, Get, Header, Inject, Res } from '@nestjs/common';

import { Public } from '../auth/access.decorators.js';
import { setHeader } from '../http/set-header.js';
import { NoRateLimit } from '../rate-limit/no-rate-limit.decorator.js';
import { NOT_READY_RETRY_AFTER_SECONDS, Readiness, type ReadinessReport } from './readiness.js';

@Controller('health')
@Public()
@NoRateLimit()
export class HealthController {
  constructor(@Inject(Readiness) private readonly readiness: Readiness) {}

  /** Liveness only: it depends on nothing, so a Clerk or database outage never marks the server dead. */
  @Get()
  @Header('cache-control', 'no-store')
  check(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: 200 when this instance can serve, else 503 naming what is not ready, with Retry-After. */
  @Get('ready')
  @Header('cache-control', 'no-store')
  async ready(@Res({ passthrough: true }) res: unknown): Promise<ReadinessReport> {
    const report = await this.readiness.check();
    if (report.status !== 'ready') {
      (res as { status(code: number): unknown }).status(503);
      setHeader(res, 'retry-after', String(NOT_READY_RETRY_AFTER_SECONDS));
    }
    return report;
  }
}
