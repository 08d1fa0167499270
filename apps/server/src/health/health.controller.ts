import { Controller, Get, Header } from '@nestjs/common';

import { Public } from '../auth/access.decorators.js';

@Controller('health')
@Public()
export class HealthController {
  /** Liveness only: it depends on nothing, so a Clerk outage never marks the server dead. */
  @Get()
  @Header('cache-control', 'no-store')
  check(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
