import type { INestApplication } from '@nestjs/common';
import type { CorsOptions } from '@nestjs/common/interfaces/external/cors-options.interface.js';

import type { AppConfig } from './config/app-config.js';
import { hasSecurityHeaders } from './http/http-adapter.js';
import { securityHeaders } from './http/security-headers.js';

/**
 * HTTP-level settings shared by `main.ts` and tests that build the app themselves, on Fastify
 * (what main.ts runs, see createHttpAdapter) or Express.
 */
export function configureApp(app: INestApplication, config: AppConfig): INestApplication {
  const adapter = app.getHttpAdapter();
  if (!hasSecurityHeaders(adapter)) app.use(securityHeaders);
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

const corsForAuthorizedParty: CorsOptions = {
  origin: true,
  credentials: true,
  // Strings, so Express's cors and @fastify/cors write the same header values.
  methods: 'GET,POST',
  // last-event-id: an EventSource reconnecting to a live stream resumes with it (not CORS-safelisted).
  allowedHeaders: 'authorization,content-type,last-event-id,trpc-accept,x-trpc-source',
  maxAge: 600,
};

/**
 * Options for NestFactory / createNestApplication. Nest's own body parser stays off: tRPC reads
 * its bodies itself and enforces its own size limit (413) instead of the framework's defaults.
 */
export const nestApplicationOptions = { bodyParser: false } as const;
