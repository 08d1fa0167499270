import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ClerkEmulator } from '../clerk-emulator.js';

/**
 * dotenv text for other processes. The PEM goes in double quotes with `\n` escapes,
 * which dotenv and `node --env-file` both expand back into newlines.
 */
export function renderEnvFile(emulator: Pick<ClerkEmulator, 'url' | 'secretKey' | 'publishableKey' | 'publicKeyPem'>): string {
  const pem = emulator.publicKeyPem.trim().replace(/\r?\n/g, '\\n');
  return [
    `CLERK_API_URL=${emulator.url}`,
    `CLERK_SECRET_KEY=${emulator.secretKey}`,
    `CLERK_PUBLISHABLE_KEY=${emulator.publishableKey}`,
    `CLERK_JWT_KEY="${pem}"`,
    '',
  ].join('\n');
}

/** Mode 0600: the file holds the secret key. */
export async function writeEnvFile(path: string, emulator: Parameters<typeof renderEnvFile>[0]): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, renderEnvFile(emulator), { mode: 0o600 });
}
