import { z } from 'zod';

/** Loopback for the API and the emulator (`localhost` may resolve to ::1, where nothing listens). */
export const HOST = '127.0.0.1';

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

const schema = z.object({
  /** The web app (`next dev`); Clerk's allowed origin and the API's authorized party follow it. */
  WEB_PORT: port(3000),
  /** The API server. */
  API_PORT: port(4000),
  /** The Clerk emulator (emulator mode only). */
  EMULATOR_PORT: port(4010),
});

export interface DevPorts {
  web: number;
  api: number;
  emulator: number;
  webOrigin: string;
  apiOrigin: string;
}

/** The development addresses: fixed defaults (the README's), each overridable by a variable. */
export function devPorts(env: Record<string, string | undefined>): DevPorts {
  const parsed = schema.safeParse({
    WEB_PORT: env['WEB_PORT'] || undefined,
    API_PORT: env['API_PORT'] || undefined,
    EMULATOR_PORT: env['EMULATOR_PORT'] || undefined,
  });
  if (!parsed.success)
    throw new Error(parsed.error.issues.map((i) => `${String(i.path[0])}: must be a port number (1-65535)`).join('\n'));
  const { WEB_PORT, API_PORT, EMULATOR_PORT } = parsed.data;
  return {
    web: WEB_PORT,
    api: API_PORT,
    emulator: EMULATOR_PORT,
    webOrigin: `http://localhost:${WEB_PORT}`,
    apiOrigin: `http://localhost:${API_PORT}`,
  };
}
