import { afterAll, beforeAll, describe } from 'vitest';

import { type OpenDatabase, schema } from '@stack/db';
import { DEV_SEED } from '@stack/test-harness';

import { DATABASE } from '../../src/db/db.tokens.js';
import { startServer, type TestStack } from '../support/start-server.js';
import { newWebhookSecret } from '../support/webhook-signer.js';
import { revocationScenarios, type RevocationStack } from './support/revocation-scenarios.js';

/** The embedded database: one process, which is every instance there is. (PostgreSQL, across instances: cluster/defences.test.ts.) */
describe('revocation from Clerk’s webhooks on PGlite', () => {
  const secret = newWebhookSecret();
  let server: TestStack;
  let stack: RevocationStack;
  beforeAll(async () => {
    server = await startServer('jwt-key', { CLERK_WEBHOOK_SIGNING_SECRET: secret }, { seed: DEV_SEED });
    stack = {
      emulator: server.emulator,
      secret,
      receiver: server.url,
      instances: [server.url],
      notesBy: async (authorId) =>
        (await server.app.get<OpenDatabase>(DATABASE).db.select().from(schema.notes))
          .filter((n) => n.authorId === authorId)
          .map((n) => ({ id: n.id, orgId: n.orgId })),
    };
  });
  afterAll(() => server?.close());

  revocationScenarios(() => stack, { raceRounds: 10 });
});
