import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';

import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { METRICS, type Metrics } from './metrics.js';

const logger = new Logger('Metrics');

/**
 * `GET /metrics` on METRICS_HOST:METRICS_PORT, a listener of its own: never on the public port,
 * and scraped even while the app's port is saturated or draining. Nothing else is served there.
 */
@Injectable()
export class MetricsListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private server: Server | null = null;
  /** e.g. http://127.0.0.1:9464/metrics, once listening. */
  url: string | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(METRICS) private readonly metrics: Metrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const where = this.config.metrics;
    if (!where) return;
    const server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?', 1)[0];
      if (path !== '/metrics') return void res.writeHead(404).end();
      if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { allow: 'GET, HEAD' }).end();
      this.metrics.exposition().then(
        ({ contentType, body }) =>
          res.writeHead(200, { 'content-type': contentType }).end(req.method === 'GET' ? body : undefined),
        (error: unknown) => {
          logger.error({ msg: 'metrics collection failed', err: error });
          res.writeHead(500).end();
        },
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(where.port, where.host, () => resolve());
    });
    this.server = server;
    const { port } = server.address() as AddressInfo;
    const host = where.host.includes(':') ? `[${where.host}]` : where.host;
    this.url = `http://${host}:${port}/metrics`;
    logger.log(`Metrics on ${this.url}`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
