import { z } from 'zod';

/**
 * The web server's runtime configuration, validated once. Read at request time (every page is
 * dynamic), so one build runs against any API address. Holds no secret; the proxy reads it too,
 * which is why there is no `server-only` guard.
 */
const schema = z.object({
  /** The NestJS API as the browser reaches it. */
  API_URL: z.url().default('http://localhost:4000'),
  /** The API as this server reaches it, when that differs (containers, private networks). */
  API_INTERNAL_URL: z.url().optional(),
  /** PEM public key: networkless session verification in the proxy (recommended). */
  CLERK_JWT_KEY: z
    .string()
    .transform((pem) => pem.replace(/\\n/g, '\n'))
    .optional(),
});

const env = schema.parse({
  API_URL: process.env.API_URL || undefined,
  API_INTERNAL_URL: process.env.API_INTERNAL_URL || undefined,
  CLERK_JWT_KEY: process.env.CLERK_JWT_KEY || undefined,
});

export const serverEnv = {
  browserApiUrl: env.API_URL,
  apiUrl: env.API_INTERNAL_URL ?? env.API_URL,
  clerkJwtKey: env.CLERK_JWT_KEY,
};
