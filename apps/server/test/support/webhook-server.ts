import { afterAll, beforeAll } from 'vitest';

import { type OpenDatabase, schema } from '@stack/db';

import { DATABASE } from '../../src/db/db.tokens.js';
import { startServer, type TestStack } from './start-server.js';
import { newWebhookSecret } from './webhook-signer.js';

export interface WebhookServer {
  /** The instance's `whsec_` secret, which the server verifies with. */
  readonly secret: string;
  readonly stack: TestStack;
  readonly db: OpenDatabase['db'];
  /** Rows a webhook can write (claims and users): unchanged after a refused request. */
  written(): Promise<number>;
}

/**
 * The real server with a webhook signing secret for the enclosing `describe`: started before its
 * tests, closed after them. Fields are read inside tests (they are set in `beforeAll`).
 */
export function useWebhookServer(env: Record<string, string> = {}): WebhookServer {
  const secret = newWebhookSecret();
  let stack: TestStack | undefined;
  const started = (): TestStack => {
    if (!stack) throw new Error('useWebhookServer: read inside a test, after beforeAll');
    return stack;
  };
  const server: WebhookServer = {
    secret,
    get stack() {
      return started();
    },
    get db() {
      return started().app.get<OpenDatabase>(DATABASE).db;
    },
    async written() {
      const { db } = server;
      return (await db.select().from(schema.webhookClaims)).length + (await db.select().from(schema.users)).length;
    },
  };
  beforeAll(async () => {
    stack = await startServer('jwt-key', { CLERK_WEBHOOK_SIGNING_SECRET: secret, ...env });
  });
  afterAll(() => stack?.close());
  return server;
}
