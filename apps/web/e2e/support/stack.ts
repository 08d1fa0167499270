import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import { type ClerkEmulator, startClerkEmulator } from '@stack/clerk-emulator';
import { DEV_SEED, freePort } from '@stack/test-harness';

import { type Gate, startGate } from './gate';
import { type RunningProcess, startNode, waitForOutput } from './processes';

const webRoot = fileURLToPath(new URL('../..', import.meta.url));
const serverMain = fileURLToPath(new URL('../../../server/dist/main.js', import.meta.url));
const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');

export interface E2EStack {
  emulator: ClerkEmulator;
  /** Present with `{ gates: true }`: in front of the API (browser and server) and of the Frontend API. */
  apiGate?: Gate;
  fapiGate?: Gate;
  webUrl: string;
  apiUrl: string;
  stop(): Promise<void>;
}

/**
 * The built apps as a person runs them: the Clerk emulator, `node apps/server/dist/main.js` and
 * `next start`, wired to each other on ephemeral loopback ports with no Clerk account.
 */
export async function startE2EStack(
  options: {
    gates?: boolean;
    /** An OTLP receiver's endpoint: both apps export traces to it (the API over protobuf, the web app over JSON). */
    otlpEndpoint?: string;
  } = {},
): Promise<E2EStack> {
  for (const built of [serverMain, `${webRoot}.next/BUILD_ID`]) {
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`pnpm build\` first`);
  }
  const webPort = await freePort();
  // `localhost`, not 127.0.0.1: Next rewrites through its own `localhost` URL (Clerk's middleware
  // rewrites every request), which loops when the server listens under another name.
  const webUrl = `http://localhost:${webPort}`;
  // Only the web app may drive the Frontend API (sign-ins, handshake redirects). Its webhooks go
  // to the API (as in `pnpm dev`), with Svix's retries compressed.
  const emulator = await startClerkEmulator({
    seed: DEV_SEED,
    allowedOrigins: [webUrl],
    webhooks: { retrySchedule: [100, 200, 400, 800] },
  });
  const processes: RunningProcess[] = [];
  const gates: Gate[] = []; // [0] in front of the API, [1] in front of the Frontend API
  try {
    const server = startNode(serverMain, [], {
      env: {
        NODE_ENV: 'production',
        PORT: '0',
        HOST: '127.0.0.1',
        CLERK_SECRET_KEY: emulator.secretKey,
        CLERK_PUBLISHABLE_KEY: emulator.publishableKey,
        CLERK_API_URL: emulator.url,
        CLERK_JWT_KEY: emulator.publicKeyPem,
        CLERK_AUTHORIZED_PARTIES: webUrl,
        CLERK_WEBHOOK_SIGNING_SECRET: emulator.webhooks.secret,
        // The app's data in memory: every run starts empty and leaves nothing behind.
        PGLITE_DIR: 'memory://',
        ...(options.otlpEndpoint
          ? { OTEL_EXPORTER_OTLP_ENDPOINT: options.otlpEndpoint, OTEL_BSP_SCHEDULE_DELAY: '100' }
          : {}),
      },
    });
    processes.push(server);
    const apiUrl = await waitForOutput(server, /Listening on (http:\/\/\S+)/);
    emulator.webhooks.addEndpoint(`${apiUrl}/webhooks/clerk`);
    if (options.gates) gates.push(await startGate(apiUrl), await startGate(emulator.url));
    const [apiGate, fapiGate] = gates;

    const web = startNode(nextBin, ['start', '-p', String(webPort), '-H', 'localhost'], {
      cwd: webRoot,
      env: {
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        CLERK_TELEMETRY_DISABLED: '1',
        CLERK_SECRET_KEY: emulator.secretKey,
        CLERK_PUBLISHABLE_KEY: emulator.publishableKey,
        CLERK_FAPI_URL: fapiGate?.url ?? emulator.url,
        CLERK_API_URL: emulator.url,
        CLERK_JWT_KEY: emulator.publicKeyPem,
        API_URL: apiGate?.url ?? apiUrl,
        ...(options.otlpEndpoint
          ? { OTEL_EXPORTER_OTLP_ENDPOINT: options.otlpEndpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }
          : {}),
      },
    });
    processes.push(web);
    await waitForOutput(web, /Ready in/);
    return {
      emulator,
      ...(apiGate ? { apiGate } : {}),
      ...(fapiGate ? { fapiGate } : {}),
      webUrl,
      apiUrl: apiGate?.url ?? apiUrl,
      stop: async () => {
        await Promise.all(processes.map((p) => p.stop()));
        await Promise.all(gates.map((g) => g.close()));
        await emulator.close();
      },
    };
  } catch (error) {
    await Promise.all(processes.map((p) => p.stop()));
    await Promise.all(gates.map((g) => g.close()));
    await emulator.close();
    throw error;
  }
}
