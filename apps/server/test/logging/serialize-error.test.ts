import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type OpenDatabase, openDatabase, PGLITE_MEMORY, schema } from '@stack/db';

import { serializeError } from '../../src/logging/serialize-error.js';

/** Logs name a failure without its data: real database errors, from the driver the app uses. */
describe("the log's error serializer on database errors", () => {
  let open: OpenDatabase;
  beforeAll(async () => {
    open = await openDatabase({ kind: 'pglite', dataDir: PGLITE_MEMORY });
  });
  afterAll(() => open?.close());

  const failure = (work: Promise<unknown>) =>
    work.then(
      () => new Error('expected a failure'),
      (e: unknown) => e,
    );

  it('names a database error by SQLSTATE and schema objects: no parameters or row data', async () => {
    const overflow = await failure(
      open.db.insert(schema.notes).values({ authorId: 'user_SECRET', title: 'SECRET title', version: 2 ** 31 }),
    );
    const text = JSON.stringify(serializeError(overflow));
    expect(text).toContain('SQLSTATE 22003');
    expect(text).toContain('insert into \\"notes\\"'); // the statement (JSON-escaped), not its values
    for (const leak of ['SECRET', '2147483648']) expect(text).not.toContain(leak);
    expect(text).toMatch(/ {4}at /); // where it failed, still

    const row = { id: 'user_dup', updatedAt: new Date() };
    const duplicate = JSON.stringify(serializeError(await failure(open.db.insert(schema.users).values([row, row]))));
    expect(duplicate).toMatch(/SQLSTATE 23505.*constraint users_pkey/);
    expect(duplicate).not.toContain('user_dup');
  });

  it('keeps the message of other errors, and follows the cause chain', () => {
    const error = new Error('outer', { cause: new TypeError('inner') });
    expect(serializeError(error)).toMatchObject({ message: 'outer', cause: { type: 'TypeError', message: 'inner' } });
  });
});
