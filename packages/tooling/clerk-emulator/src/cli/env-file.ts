import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

import type { ClerkEmulator } from '../clerk-emulator.js';

type EnvSource = Pick<ClerkEmulator, 'url' | 'secretKey' | 'publishableKey' | 'publicKeyPem'> & {
  readonly webhooks?: Pick<ClerkEmulator['webhooks'], 'secret' | 'endpoints'>;
};

/** Same-origin path the web app proxies to the Frontend API (clerkMiddleware's default). */
export const WEB_PROXY_PATH = '/__clerk';

/**
 * Everything an app needs to use the emulator, by variable name: the server (`CLERK_*`) and the
 * Next.js web app (`NEXT_PUBLIC_CLERK_*`, `CLERK_FAPI_URL` for clerkMiddleware's proxy), and
 * the webhook signing secret when the emulator sends webhooks (it has endpoints).
 */
export function clerkEnv(emulator: EnvSource): Record<string, string> {
  return {
    CLERK_API_URL: emulator.url,
    CLERK_SECRET_KEY: emulator.secretKey,
    CLERK_PUBLISHABLE_KEY: emulator.publishableKey,
    CLERK_JWT_KEY: emulator.publicKeyPem.trim(),
    CLERK_FAPI_URL: emulator.url,
    NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: emulator.publishableKey,
    NEXT_PUBLIC_CLERK_PROXY_URL: WEB_PROXY_PATH,
    NEXT_PUBLIC_CLERK_TELEMETRY_DISABLED: '1',
    CLERK_TELEMETRY_DISABLED: '1',
    ...(emulator.webhooks &&
      emulator.webhooks.endpoints.length > 0 && { CLERK_WEBHOOK_SIGNING_SECRET: emulator.webhooks.secret }),
  };
}

/**
 * dotenv text for other processes. The PEM goes in double quotes with `\n` escapes,
 * which dotenv and `node --env-file` both expand back into newlines.
 */
export function renderEnvFile(emulator: EnvSource): string {
  const lines = Object.entries(clerkEnv(emulator)).map(([key, value]) =>
    key === 'CLERK_JWT_KEY' ? `${key}="${value.replace(/\r?\n/g, '\\n')}"` : `${key}=${value}`,
  );
  return [...lines, ''].join('\n');
}

/** Mode 0600: the file holds the secret key. */
export async function writeEnvFile(path: string, emulator: Parameters<typeof renderEnvFile>[0]): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, renderEnvFile(emulator), { mode: 0o600 });
}
