import { Inject, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

import type { Mirror } from '@stack/db';

import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DbModule } from '../db/db.module.js';
import { MIRROR } from '../db/db.tokens.js';
import { METRICS, type Metrics } from '../metrics/metrics.js';
import { ClerkWebhookReceiver } from './clerk-webhook-receiver.js';
import { type FastifyRoot, mountWebhookRoute } from './fastify-webhook-route.js';

const WEBHOOK_PATH = '/webhooks/clerk';

const logger = new Logger('ClerkWebhooks');

/**
 * POST /webhooks/clerk, when CLERK_WEBHOOK_SIGNING_SECRET is set. Public by construction: it is a
 * Fastify route outside Nest's router, so no guard reads a session; only a Svix signature made
 * with the secret gets an event applied.
 */
@Module({ imports: [DbModule] })
export class WebhooksModule implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(MIRROR) private readonly mirror: Mirror,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(METRICS) private readonly metrics: Metrics,
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
    const receiver = new ClerkWebhookReceiver(this.mirror, secret, (outcome) => this.metrics.webhookDelivery(outcome));
    mountWebhookRoute(adapter.getInstance<FastifyRoot>(), WEBHOOK_PATH, (headers, body) =>
      receiver.receive(headers, body),
    );
    logger.log(`Clerk webhooks verified and applied at POST ${WEBHOOK_PATH}`);
  }
}
