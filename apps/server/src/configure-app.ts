import type { INestApplication } from '@nestjs/common';
import type { CorsOptions } from '@nestjs/common/interfaces/external/cors-options.interface.js';

import type { AppConfig } from './config/app-config.js';
import { securityHeaders } from './http/security-headers.js';

/** HTTP-level settings shared by `main.ts` and tests that build the app themselves. */
export function configureApp(app: INestApplication, config: AppConfig): INestApplication {
  app.use(securityHeaders);
  const allowed = new Set(config.clerk.authorizedParties);
  // Per request, so a foreign origin gets no CORS headers at all (not even Allow-Credentials).
  app.enableCors((req: { headers: { origin?: string } }, callback: (error: Error | null, options: CorsOptions) => void) => {
    const origin = req.headers.origin;
    callback(null, origin !== undefined && allowed.has(origin) ? corsForAuthorizedParty : { origin: false });
  });
  app.enableShutdownHooks();
  return app;
}

const corsForAuthorizedParty: CorsOptions = {
  origin: true,
  credentials: true,
  methods: ['GET', 'POST'],
  allowedHeaders: ['authorization', 'content-type', 'trpc-accept', 'x-trpc-source'],
  maxAge: 600,
};

/**
 * Options for NestFactory / createNestApplication. Nest's own JSON parser stays off: tRPC reads
 * its bodies itself and enforces its own size limit (413) instead of Express's 100 kB default.
 */
export const nestApplicationOptions = { bodyParser: false } as const;
