import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import { type ClerkEmulator, startClerkEmulator } from '@stack/clerk-emulator';
import { freePort } from '@stack/test-harness';

import { spawnPinnedNode, stop } from '../process/pinned.js';
import { waitForOk } from '../process/wait-ready.js';

// Paths from packages/tooling/bench/dist/web/ to what `pnpm build` made.
export const WEB_ROOT = fileURLToPath(new URL('../../../../../apps/web/', import.meta.url));
const SERVER_MAIN = fileURLToPath(new URL('../../../../../apps/server/dist/main.js', import.meta.url));

export interface WebStack {
  emulator: ClerkEmulator;
  webUrl: string;
  apiUrl: string;
  email: string;
  /** `Cookie` header of a signed-in browser, as `clerkMiddleware` accepts it. */
  cookie: string;
  /** `Bearer <the same token>`, for calling the API directly. */
  authorization: string;
  stop(): Promise<void>;
}

interface Child {
  process: ChildProcess;
  output: () => string;
}

function startPinned(cpu: number, args: string[], env: Record<string, string>): Child {
  const child = spawnPinnedNode(cpu, args, {
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', ...env },
  });
  let output = '';
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-4_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { process: child, output: () => output };
}

const alive = (c: Child) => () => c.process.exitCode === null && c.process.signalCode === null;

/**
 * The built apps as a person runs them (as apps/web/e2e/support/stack.ts does): the emulator in
 * this process, `node apps/server/dist/main.js` on `apiCpu`, `next start` on `webCpu`, loopback
 * only, plus one signed-in user whose session token lives `tokenLifetimeSeconds`.
 */
export async function startWebStack(options: {
  webCpu: number;
  apiCpu: number;
  tokenLifetimeSeconds: number;
}): Promise<WebStack> {
  for (const built of [SERVER_MAIN, `${WEB_ROOT}.next/BUILD_ID`]) {
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`pnpm build\` first`);
  }
  const nextBin = createRequire(`${WEB_ROOT}package.json`).resolve('next/dist/bin/next');
  const emulator = await startClerkEmulator({});
  const [apiPort, webPort] = [await freePort(), await freePort()];
  // `localhost`, not 127.0.0.1: Next rewrites through its own `localhost` URL (see the e2e stack).
  const webUrl = `http://localhost:${webPort}`;
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const clerk = {
    NODE_ENV: 'production',
    CLERK_SECRET_KEY: emulator.secretKey,
    CLERK_PUBLISHABLE_KEY: emulator.publishableKey,
    CLERK_API_URL: emulator.url,
    CLERK_JWT_KEY: emulator.publicKeyPem,
  };
  const children: Child[] = [];
  const stopAll = async () => {
    await Promise.all(children.map((c) => stop(c.process)));
    await emulator.close();
  };
  try {
    const api = startPinned(options.apiCpu, [SERVER_MAIN], {
      ...clerk,
      HOST: '127.0.0.1',
      PORT: String(apiPort),
      CLERK_AUTHORIZED_PARTIES: webUrl,
      PGLITE_DIR: 'memory://',
    });
    children.push(api);
    await waitForOk(`${apiUrl}/health`, performance.now(), 15_000, alive(api)).catch(rethrowWith(api));
    const web = startPinned(options.webCpu, [nextBin, 'start', WEB_ROOT, '-p', String(webPort), '-H', 'localhost'], {
      ...clerk,
      NEXT_TELEMETRY_DISABLED: '1',
      CLERK_TELEMETRY_DISABLED: '1',
      CLERK_FAPI_URL: emulator.url,
      API_URL: apiUrl,
    });
    children.push(web);
    await waitForOk(`${webUrl}/sign-in`, performance.now(), 30_000, alive(web)).catch(rethrowWith(web));

    const email = 'ada@example.com';
    const user = await emulator.users.create({ email, firstName: 'Ada', lastName: 'Lovelace' });
    const token = await emulator.mintSessionToken({
      userId: user.id,
      azp: webUrl,
      expiresInSeconds: options.tokenLifetimeSeconds,
    });
    const { iat } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { iat: number };
    // A production instance (pk_live_) whose token `iss` is the key's host reads the unsuffixed
    // cookies; `__client_uat` must not be newer than the token's `iat`, or a handshake starts.
    const cookie = `__session=${token}; __client_uat=${iat}`;
    return { emulator, webUrl, apiUrl, email, cookie, authorization: `Bearer ${token}`, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function rethrowWith(child: Child): (error: Error) => never {
  return (error) => {
    throw new Error(`${error.message}\n--- output ---\n${child.output()}`);
  };
}
