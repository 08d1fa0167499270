import { parseArgs } from 'node:util';

export interface CliArgs {
  port: number;
  host: string;
  /** undefined → the bundled development seed. */
  seed: string | undefined;
  dataDir: string;
  envFile: string | undefined;
  latencyMs: number;
  /** Keep users and sessions in memory only (no store.json). */
  inMemory: boolean;
  /** Web origins allowed to drive the Frontend API (default: the web app's dev origin). */
  allowedOrigins: string[];
  /** Where webhooks are POSTed (none: no webhooks are sent). */
  webhookUrls: string[];
  webhookSecret: string | undefined;
  /** Multiplies Svix's retry schedule (0.001: seconds become milliseconds). */
  webhookRetryScale: number;
  help: boolean;
}

/** The web app's origin under `pnpm dev`. */
const DEFAULT_ALLOWED_ORIGIN = 'http://localhost:3000';

export const USAGE = `Usage: node -- dist/cli.js [--port 4010] [--host 127.0.0.1] [--seed <file>] [--data-dir <dir>] [--env-file <path>] [--latency-ms N] [--in-memory] [--allowed-origin <origin>]…
       [--webhook-url <url>]… [--webhook-secret whsec_…] [--webhook-retry-scale 0.001]

  --port        port to listen on (default 4010)
  --host        interface to bind (default 127.0.0.1)
  --seed        JSON seed file (default: none: Clerk's default roles, no users)
  --data-dir    where the instance key (instance.json) and the users, sessions and browser
                clients (store.json) are kept (default .data/clerk-emulator)
  --env-file    write the apps' variables here (CLERK_API_URL, CLERK_SECRET_KEY, CLERK_PUBLISHABLE_KEY,
                CLERK_JWT_KEY, CLERK_FAPI_URL, NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY, NEXT_PUBLIC_CLERK_PROXY_URL, …)
  --latency-ms  simulated latency per Backend API response (default 0)
  --in-memory   do not keep users and sessions in store.json (the seed is loaded fresh each start)
  --allowed-origin  a web origin that may send sign-ins and receive redirects (repeatable; default
                ${DEFAULT_ALLOWED_ORIGIN}); the emulator's own origin is always allowed
  --webhook-url  POST every user, organization and membership event here, Svix-signed (repeatable)
  --webhook-secret  the whsec_ signing secret (default: the one kept in instance.json)
  --webhook-retry-scale  multiply Svix's retry schedule (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h)
                by this factor, e.g. 0.001 for development (default 1)

Note the \`--\` after node: Node 20 treats an --env-file anywhere on its command line as its own
option (and fails when the file does not exist yet) unless \`--\` ends node's options.`;

/** Throws an Error with a readable message for unknown flags or bad numbers. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      'data-dir': { type: 'string' },
      'env-file': { type: 'string' },
      'latency-ms': { type: 'string' },
      'in-memory': { type: 'boolean' },
      'allowed-origin': { type: 'string', multiple: true },
      'webhook-url': { type: 'string', multiple: true },
      'webhook-secret': { type: 'string' },
      'webhook-retry-scale': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  return {
    port: integer(values.port ?? '4010', '--port', 0, 65535),
    host: values.host ?? '127.0.0.1',
    seed: values.seed,
    dataDir: values['data-dir'] ?? '.data/clerk-emulator',
    envFile: values['env-file'],
    latencyMs: integer(values['latency-ms'] ?? '0', '--latency-ms', 0, 600_000),
    inMemory: values['in-memory'] ?? false,
    allowedOrigins: values['allowed-origin'] ?? [DEFAULT_ALLOWED_ORIGIN],
    webhookUrls: values['webhook-url'] ?? [],
    webhookSecret: values['webhook-secret'],
    webhookRetryScale: factor(values['webhook-retry-scale'] ?? '1', '--webhook-retry-scale'),
    help: values.help ?? false,
  };
}

function integer(raw: string, flag: string, min: number, max: number): number {
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw new Error(`${flag} must be an integer between ${min} and ${max}, got ${JSON.stringify(raw)}`);
  return value;
}

function factor(raw: string, flag: string): number {
  const value = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isFinite(value) || value <= 0 || value > 1000)
    throw new Error(`${flag} must be a number above 0 and at most 1000, got ${JSON.stringify(raw)}`);
  return value;
}
