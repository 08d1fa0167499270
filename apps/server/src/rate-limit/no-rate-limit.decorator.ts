import { SetMetadata } from '@nestjs/common';

export const NO_RATE_LIMIT = 'stack:no-rate-limit';

/** Exempts a route or controller from the rate limits (health checks: a load balancer must always get an answer). */
export const NoRateLimit = () => SetMetadata(NO_RATE_LIMIT, true);
