import type { Database } from '../database.js';
import { notes } from '../schema/notes.js';
import { users } from '../schema/users.js';

// Fixed ids, so seeding again inserts nothing (and a note a developer deleted stays deleted only
// until the next boot, which is what a dev seed is for). The users match the Clerk emulator's dev seed.
const SEED_USERS = [
  { id: 'user_ada', email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' },
  { id: 'user_grace', email: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper' },
];

const SEED_NOTES = [
  {
    id: '5eed0000-0000-4000-8000-000000000001',
    orgId: 'org_acme',
    authorId: 'user_ada',
    title: 'Welcome to Acme notes',
    body: 'Everyone in acme can read these; admins can write them.',
  },
  {
    id: '5eed0000-0000-4000-8000-000000000002',
    orgId: 'org_acme',
    authorId: 'user_ada',
    title: 'Quarterly plan',
    body: 'Ship the analytical engine. Write the first program.',
  },
  {
    id: '5eed0000-0000-4000-8000-000000000003',
    orgId: 'org_acme',
    authorId: 'user_ada',
    title: 'Meeting notes',
    body: 'Bernoulli numbers: table ready by Friday.',
  },
  {
    id: '5eed0000-0000-4000-8000-000000000004',
    orgId: null,
    authorId: 'user_grace',
    title: 'Personal: reading list',
    body: 'Compilers, COBOL, nanoseconds.',
  },
  {
    id: '5eed0000-0000-4000-8000-000000000005',
    orgId: null,
    authorId: 'user_grace',
    title: 'Personal: the first bug',
    body: 'A moth in relay 70, panel F.',
  },
];

/** Development data so `pnpm dev` shows notes at once: acme's (org_acme) and Grace's personal ones. Idempotent. */
export async function seedDevelopmentData(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    const now = new Date();
    await tx
      .insert(users)
      .values(SEED_USERS.map((u) => ({ ...u, updatedAt: now })))
      .onConflictDoNothing({ target: users.id });
    // Spread over the last hour, oldest first, so the page order is the listed order reversed.
    const base = now.getTime() - 3_600_000;
    await tx
      .insert(notes)
      .values(
        SEED_NOTES.map((n, i) => ({
          ...n,
          createdAt: new Date(base + i * 60_000),
          updatedAt: new Date(base + i * 60_000),
        })),
      )
      .onConflictDoNothing({ target: notes.id });
  });
}
