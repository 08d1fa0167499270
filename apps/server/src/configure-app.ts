import type { IncomingMessage, ServerResponse } from 'node:http';

import type { INestApplication } from '@nestjs/common';
import type { CorsOptions } from '@nestjs/common/interfaces/external/cors-options.interface.js';

import type { AppConfig } from './config/app-config.js';
import { hasSecurityHeaders, observeRequestsOn } from './http/http-adapter.js';
import { requestObserver } from './http/observe-requests.js';
import { securityHeaders } from './http/security-headers.js';
import { APP_LOGGER } from './logging/logging.module.js';
import { METRICS } from './metrics/metrics.js';
import { RATE_LIMIT_HEADERS } from './rate-limit/rate-limit-headers.js';
import { TRPC_PATH } from './trpc/trpc-options.js';

/**
 * HTTP-level settings shared by `main.ts` and tests that build the app themselves, on Fastify
 * (what main.ts runs, see createHttpAdapter) or Express.
 */
export function configureApp(app: INestApplication, config: AppConfig): INestApplication {
  const adapter = app.getHttpAdapter();
  if (!hasSecurityHeaders(adapter)) app.use(securityHeaders);
  observeRequests(app, config);
  const allowed = new Set(config.clerk.authorizedParties);
  const isAuthorized = (origin: string | undefined) => origin !== undefined && allowed.has(origin);
  // A foreign origin gets no CORS headers at all (not even Allow-Credentials).
  if (adapter.getType() === 'fastify') {
    // @fastify/cors adds nothing when the origin function says no; fixed options are normalised
    // once, where a per-request options callback would be normalised on every request.
    app.enableCors({
      ...corsForAuthorizedParty,
      origin: (origin: string | undefined, callback: (error: Error | null, allow: boolean) => void) =>
        callback(null, isAuthorized(origin)),
    });
  } else {
    // Express's cors would still send Allow-Credentials for a refused origin: decide per request.
    app.enableCors(
      (req: { headers: { origin?: string } }, callback: (error: Error | null, options: CorsOptions) => void) => {
        callback(null, isAuthorized(req.headers.origin) ? corsForAuthorizedParty : { origin: false });
      },
    );
  }
  // No enableShutdownHooks(): main.ts handles SIGTERM itself (drain first, then the hooks).
  return app;
}

/** Request ids, request lines and HTTP metrics (see http/observe-requests.ts), on either adapter. */
function observeRequests(app: INestApplication, config: AppConfig): void {
  const observe = requestObserver({
    logger: app.get(APP_LOGGER),
    metrics: app.get(METRICS),
    tracing: config.tracing !== null,
    trpcPrefix: TRPC_PATH,
  });
  if (observeRequestsOn(app.getHttpAdapter(), observe)) return;
  // Any other adapter (Express in tests): a middleware; Express matches routes after it, so the
  // route is read when the response is done.
  app.use((req: IncomingMessage & { route?: { path?: string } }, res: ServerResponse, next: () => void) =>
    observe(req, res, () => req.route?.path, next),
  );
}

const corsForAuthorizedParty: CorsOptions = {
  origin: true,
  credentials: true,
  // Strings, so Express's cors and @fastify/cors write the same header values.
  methods: 'GET,POST',
  // last-event-id: an EventSource reconnecting to a live stream resumes with it (not CORS-safelisted).
  allowedHeaders: 'authorization,content-type,last-event-id,trpc-accept,x-trpc-source',
  // The web app reads how long to wait and how much is left.
  exposedHeaders: RATE_LIMIT_HEADERS.join(','),
  maxAge: 600,
};

/**
 * Options for NestFactory / createNestApplication. Nest's own body parser stays off: tRPC reads
 * its bodies itself and enforces its own size limit (413) instead of the framework's defaults.
 */
export const nestApplicationOptions = { bodyParser: false } as const;
