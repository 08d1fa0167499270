import { existsSync } from 'node:fs';

import { type ClerkEmulator, type EmulatorSeed, startClerkEmulator } from '@stack/clerk-emulator';
import { freePort, type NodeProcess, startNode, startTcpGate, type TcpGate } from '@stack/test-kit';

import { serverEnv, webEnv } from '../clerk/app-env.js';
import { DEV_SEED } from '../fixtures/dev-seed.js';
import { type BuiltServer, startBuiltServer } from '../server/built-server.js';
import { SERVER_MAIN, WEB_SERVER } from '../workspace-paths.js';

export interface FullStackOptions {
  /** The emulator's users and organizations (default: the dev seed). */
  seed?: EmulatorSeed;
  /** The API's PostgreSQL (DATABASE_URL); default an in-memory PGlite, gone with the process. */
  databaseUrl?: string;
  /** The emulator POSTs its webhooks to the API, as in `pnpm dev`, with Svix's retries compressed (default true). */
  webhooks?: boolean;
  /** TCP gates in front of the API (for the browser and the web server) and of the Frontend API, to hang or refuse them. */
  gates?: boolean;
  /** Linux: the API and the web server each pinned to one CPU (the bench). */
  cpus?: { api: number; web: number };
  /** An OTLP receiver: both apps export their traces to it (the API over protobuf, the web app over JSON). */
  otlpEndpoint?: string;
  /** More of the API's environment, e.g. a small rate limit to reach. */
  serverEnv?: Record<string, string>;
  /** The development-only "what the API sees" panel on /organization (API_DIAGNOSTICS), in this production build. */
  diagnostics?: boolean;
}

export interface FullStack {
  emulator: ClerkEmulator;
  api: BuiltServer;
  web: NodeProcess;
  /** http://localhost:<port>: the origin the browser sees, the tokens' azp. */
  webUrl: string;
  /** The API as the browser and the web server reach it (through its gate when gated). */
  apiUrl: string;
  apiGate?: TcpGate;
  fapiGate?: TcpGate;
  stop: () => Promise<void>;
}

/**
 * The built apps as a person runs them, with no Clerk account: the emulator in this process,
 * `node apps/server/dist/main.js` and the web app's standalone server (as `pnpm start` runs them),
 * wired to each other on loopback ports.
 */
export async function startFullStack(options: FullStackOptions = {}): Promise<FullStack> {
  for (const built of [SERVER_MAIN, WEB_SERVER]) {
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`pnpm build:emulator\` first`);
  }
  const webPort = await freePort();
  // `localhost`, not 127.0.0.1: Next rewrites through its own `localhost` URL (Clerk's middleware
  // rewrites every request), which loops when the server listens under another name.
  const webUrl = `http://localhost:${webPort}`;
  const webhooks = options.webhooks ?? true;
  // Only the web app may drive the Frontend API (sign-ins, handshake redirects).
  const emulator = await startClerkEmulator({
    seed: options.seed ?? DEV_SEED,
    allowedOrigins: [webUrl],
    ...(webhooks && { webhooks: { retrySchedule: [100, 200, 400, 800] } }),
  });
  const children: NodeProcess[] = [];
  const gates: TcpGate[] = [];
  const stop = async () => {
    await Promise.all(children.map((child) => child.stop()));
    await Promise.all(gates.map((gate) => gate.close()));
    await emulator.close();
  };
  try {
    const api = await startBuiltServer(
      {
        ...serverEnv(emulator, { mode: 'jwt-key', authorizedParties: webUrl, webhooks }),
        ...(options.databaseUrl && { DATABASE_URL: options.databaseUrl }),
        // Exported within 100 ms instead of 5 s: a test waits for spans, not for a timer.
        ...(options.otlpEndpoint && {
          OTEL_EXPORTER_OTLP_ENDPOINT: options.otlpEndpoint,
          OTEL_BSP_SCHEDULE_DELAY: '100',
        }),
        ...options.serverEnv,
      },
      options.cpus ? { cpu: options.cpus.api } : {},
    );
    children.push(api);
    if (webhooks) emulator.webhooks.addEndpoint(`${api.url}/webhooks/clerk`);
    const apiGate = options.gates ? await startTcpGate({ target: api.url }) : undefined;
    const fapiGate = options.gates ? await startTcpGate({ target: emulator.url }) : undefined;
    gates.push(...[apiGate, fapiGate].filter((gate) => gate !== undefined));
    const apiUrl = apiGate?.url ?? api.url;

    const web = startNode(WEB_SERVER, {
      env: {
        PORT: String(webPort),
        HOSTNAME: 'localhost',
        ...webEnv(emulator, { apiUrl, appOrigin: webUrl, fapiUrl: fapiGate?.url ?? emulator.url }),
        ...(options.diagnostics && { API_DIAGNOSTICS: 'true' }),
        ...(options.otlpEndpoint && {
          OTEL_EXPORTER_OTLP_ENDPOINT: options.otlpEndpoint,
          OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        }),
      },
      ...(options.cpus && { cpu: options.cpus.web }),
    });
    children.push(web);
    await web.waitForOutput(/Ready in/);
    return {
      emulator,
      api,
      web,
      webUrl,
      apiUrl,
      ...(apiGate && { apiGate }),
      ...(fapiGate && { fapiGate }),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
