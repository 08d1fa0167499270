import { type Database, schema } from '@stack/db';

/** The page the list cases ask for (note.list's default). */
export const NOTES_PAGE = 20;
const AUTHORS = 5;
const ORG_NOTES = 1_000;
const OTHER_NOTES = 500;
const BATCH = 250;

/**
 * What every notes case reads: five authors in the users table (Ada, the token's user, among
 * them, so a create never waits on Clerk), 1,000 notes in the bench org and 500 in another
 * org, so the page query has other tenants' rows to skip, as it would in production.
 */
export async function seedNotes(db: Database, orgId: string, adaId: string): Promise<void> {
  const authors = [adaId, ...Array.from({ length: AUTHORS - 1 }, (_, i) => `user_bench_author_${i + 1}`)];
  const at = new Date('2026-01-01T00:00:00Z');
  await db.insert(schema.users).values(
    authors.map((id, i) => ({
      id,
      email: `author-${i}@example.com`,
      firstName: i === 0 ? 'Ada' : 'Author',
      lastName: i === 0 ? 'Lovelace' : String(i),
      imageUrl: `https://img.example/${id}.png`,
      updatedAt: at,
    })),
  );
  const rows = Array.from({ length: ORG_NOTES + OTHER_NOTES }, (_, i) => ({
    orgId: i < ORG_NOTES ? orgId : 'org_bench_other',
    authorId: authors[i % AUTHORS]!,
    title: `Seeded note ${i}`,
    body: 'A paragraph of seeded text, about the length of a short note in a real workspace.',
    createdAt: new Date(at.getTime() + i * 1_000),
    updatedAt: new Date(at.getTime() + i * 1_000),
  }));
  for (let i = 0; i < rows.length; i += BATCH) await db.insert(schema.notes).values(rows.slice(i, i + BATCH));
}
