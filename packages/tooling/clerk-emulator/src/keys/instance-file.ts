import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

import { z } from 'zod';

import { readJsonFile, writeFileAtomic } from '../util/json-file.js';
import { checkWebhookSecret, newWebhookSecret } from '../webhooks/webhook-secret.js';
import { generateInstanceKey, type InstanceKey, instanceKeyFromPem } from './instance-key.js';

/** The persistent identity of one emulated Clerk instance. */
export interface InstanceIdentity {
  key: InstanceKey;
  secretKey: string;
  /** `whsec_…`, signs webhook deliveries; kept so a server configured with it keeps verifying. */
  webhookSecret: string;
}

const instanceFileSchema = z.object({
  version: z.literal(1),
  secretKey: z.string().regex(/^sk_(live|test)_[A-Za-z0-9_-]{16,}$/),
  privateKeyPem: z.string().includes('PRIVATE KEY'),
  // Absent in files written before webhooks existed: one is added on load.
  webhookSecret: z
    .string()
    .refine((value) => {
      try {
        return checkWebhookSecret(value) === value;
      } catch {
        return false;
      }
    }, "must be 'whsec_' + base64 of at least 24 bytes")
    .optional(),
  createdAt: z.string().optional(),
});

function newSecretKey(): string {
  return 'sk_live_' + randomBytes(24).toString('base64url');
}

export async function createEphemeralIdentity(): Promise<InstanceIdentity> {
  return { key: await generateInstanceKey(), secretKey: newSecretKey(), webhookSecret: newWebhookSecret() };
}

/** Reads the instance file, creating it (mode 0600) when it does not exist yet. */
export async function loadOrCreateIdentity(path: string): Promise<InstanceIdentity> {
  const existing = await readIdentity(path);
  if (existing?.webhookSecret) return { ...existing, webhookSecret: existing.webhookSecret };
  if (existing) {
    const upgraded: InstanceIdentity = { ...existing, webhookSecret: newWebhookSecret() };
    await saveIdentity(path, upgraded);
    return upgraded;
  }
  const identity = await createEphemeralIdentity();
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  try {
    // 'wx' fails if another process created the file meanwhile; then use theirs.
    await writeFile(path, serialize(identity), { mode: 0o600, flag: 'wx' });
    return identity;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const raced = await readIdentity(path);
    if (!raced) throw new Error(`instance file ${path} vanished while being created`, { cause: err });
    return { ...raced, webhookSecret: raced.webhookSecret ?? identity.webhookSecret };
  }
}

/** Replaces the file atomically (after rotateKey) so a crash never leaves half a key. */
export async function saveIdentity(path: string, identity: InstanceIdentity): Promise<void> {
  await writeFileAtomic(path, serialize(identity));
}

async function readIdentity(
  path: string,
): Promise<(Omit<InstanceIdentity, 'webhookSecret'> & { webhookSecret: string | undefined }) | undefined> {
  // A corrupt file is an error, never silently replaced: it would invalidate every issued token.
  const raw = await readJsonFile(path, 'instance file');
  if (raw === undefined) return undefined;
  const parsed = instanceFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `instance file ${path} is invalid at "${issue?.path.join('.') ?? ''}": ${issue?.message ?? 'unknown'}; fix or delete it`,
    );
  }
  return {
    key: instanceKeyFromPem(parsed.data.privateKeyPem),
    secretKey: parsed.data.secretKey,
    webhookSecret: parsed.data.webhookSecret,
  };
}

function serialize(identity: InstanceIdentity): string {
  const body = {
    version: 1,
    secretKey: identity.secretKey,
    privateKeyPem: identity.key.privateKeyPem,
    webhookSecret: identity.webhookSecret,
    createdAt: new Date().toISOString(),
  };
  return JSON.stringify(body, null, 2) + '\n';
}
