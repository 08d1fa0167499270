import { Inject, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

import type { Mirror } from '@stack/db';

import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DbModule } from '../db/db.module.js';
import { MIRROR } from '../db/db.tokens.js';
import { METRICS, type Metrics } from '../metrics/metrics.js';
import { DefenceLogs } from '../observability/defence-logs.js';
import type { CallDemands } from '../rate-limit/call-demands.js';
import { ClientAddress } from '../rate-limit/client-address.js';
import { RateLimitModule } from '../rate-limit/rate-limit.module.js';
import { CALL_DEMANDS, RATE_LIMITER } from '../rate-limit/rate-limit.tokens.js';
import { refusalHeaders } from '../rate-limit/rate-limit-headers.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import { ClerkWebhookReceiver, type FailureLimit } from './clerk-webhook-receiver.js';
import { type FastifyRoot, mountWebhookRoute } from './fastify-webhook-route.js';

const WEBHOOK_PATH = '/webhooks/clerk';

const logger = new Logger('ClerkWebhooks');

/**
 * POST /webhooks/clerk, when CLERK_WEBHOOK_SIGNING_SECRET is set. Public by construction: it is a
 * Fastify route outside Nest's router, so no guard reads a session; only a Svix signature made
 * with the secret gets an event applied.
 */
@Module({ imports: [DbModule, RateLimitModule] })
export class WebhooksModule implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(MIRROR) private readonly mirror: Mirror,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(CALL_DEMANDS) private readonly demands: CallDemands,
    @Inject(ClientAddress) private readonly address: ClientAddress,
    @Inject(METRICS) private readonly metrics: Metrics,
    @Inject(DefenceLogs) private readonly defences: DefenceLogs,
  ) {}

  onModuleInit(): void {
    const secret = this.config.clerk.webhookSigningSecret;
    if (!secret) {
      logger.log(
        `CLERK_WEBHOOK_SIGNING_SECRET is not set: ${WEBHOOK_PATH} answers 404, and the user mirror fills on first request only (run pnpm db:sync-clerk to repair it)`,
      );
      return;
    }
    const adapter = this.adapterHost.httpAdapter;
    if (adapter.getType() !== 'fastify') {
      logger.warn(`${WEBHOOK_PATH} needs the Fastify adapter (raw body); not mounted on ${adapter.getType()}`);
      return;
    }
    const receiver = new ClerkWebhookReceiver(this.mirror, secret, {
      onOutcome: (outcome) => this.metrics.webhookDelivery(outcome),
      onRefused: (reason) => this.defences.webhookRefused(reason),
    });
    mountWebhookRoute(adapter.getInstance<FastifyRoot>(), WEBHOOK_PATH, (req, headers, body) => {
      const failureLimit: FailureLimit = () => {
        const result = this.limiter.take(this.demands.ofFailedWebhook(() => this.address.keyOf(req)));
        if (result.ok) return { refused: false };
        this.defences.rateLimited(result.refused.policy.name, 'webhook');
        return { refused: true, headers: refusalHeaders(result.refused, result.retryAfterSeconds) };
      };
      return receiver.receive(headers, body, failureLimit);
    });
    logger.log(`Clerk webhooks verified and applied at POST ${WEBHOOK_PATH}`);
  }
}
