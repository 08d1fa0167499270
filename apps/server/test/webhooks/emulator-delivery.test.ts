import { createClerkClient } from '@clerk/backend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { schema } from '@stack/db';

import { request } from '../support/http.js';
import { DRIVERS, type MirrorStack, startMirrorStack } from '../support/mirror-stack.js';

/**
 * The emulator delivering real Clerk events (from Backend API and store changes, signed with its
 * secret, with Svix's retries and faults) to the real server: the mirror follows Clerk.
 */
describe.each(DRIVERS)('Clerk webhooks from the emulator to the server on %s', (driver) => {
  let stack: MirrorStack;
  let clerk: ReturnType<typeof createClerkClient>;
  beforeAll(async () => {
    stack = await startMirrorStack(driver, { deliver: true });
    clerk = createClerkClient({
      secretKey: stack.emulator.secretKey,
      apiUrl: stack.emulator.url,
      telemetry: { disabled: true },
    });
  }, 60_000);
  afterAll(() => stack?.close());
  beforeEach(() => stack.emulator.webhooks.faults.clear());

  let n = 0;
  const newUser = async (firstName: string) =>
    stack.emulator.users.create({ email: `delivered-${driver}-${++n}@example.com`, firstName, lastName: 'Hook' });
  const settled = () => stack.emulator.webhooks.settled();
  const me = async (token: string) => {
    const res = await request(`${stack.url}/trpc/profile.me`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, profile: (res.json as { result?: { data: Record<string, unknown> } }).result?.data };
  };
  const userRow = async (id: string) => (await stack.db().select().from(schema.users)).find((u) => u.id === id);
  const expectAllDelivered = () => {
    const undelivered = stack.emulator.webhooks.log().filter((r) => r.state !== 'delivered');
    expect(undelivered).toEqual([]);
  };

  it('follows a user through Clerk: created, renamed through the Backend API, deleted', async () => {
    const user = await newUser('Created');
    const token = await stack.token(user.id); // minted now: the user will be gone later
    await settled();
    stack.emulator.stats.reset();
    expect((await me(token)).profile).toMatchObject({ id: user.id, firstName: 'Created', email: user.email });
    expect(stack.emulator.stats.count('getUser')).toBe(0);

    await clerk.users.updateUser(user.id, { firstName: 'Renamed' });
    await settled();
    expect((await me(token)).profile).toMatchObject({ firstName: 'Renamed' });
    // A note shows the webhook's name too.
    const note = await request(`${stack.url}/trpc/note.create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Hello', body: '' }),
    });
    expect((note.json as { result: { data: { author: unknown } } }).result.data.author).toMatchObject({
      name: 'Renamed Hook',
    });
    expect(stack.emulator.stats.count('getUser')).toBe(0);

    await clerk.users.deleteUser(user.id);
    await settled();
    // The token has not expired, but its user is gone: refused at once (issue 18).
    expect((await me(token)).status).toBe(401);
    expect((await userRow(user.id))?.deletedAt).toBeInstanceOf(Date);
    expectAllDelivered();
  });

  it('follows organizations and memberships changed through the Backend API', async () => {
    const grace = stack.emulator.users.findByEmail('grace@example.com')!;
    const org = await clerk.organizations.createOrganization({ name: 'Initech', createdBy: stack.adaId });
    await clerk.organizations.updateOrganization(org.id, { name: 'Initrode' });
    await clerk.organizations.createOrganizationMembership({
      organizationId: org.id,
      userId: grace.id,
      role: 'org:member',
    });
    await settled();
    const orgRow = async () => (await stack.db().select().from(schema.organizations)).find((o) => o.id === org.id);
    const members = async () =>
      (await stack.db().select().from(schema.memberships))
        .filter((m) => m.orgId === org.id && m.deletedAt === null)
        .map((m) => [m.userId, m.role])
        .sort();
    expect(await orgRow()).toMatchObject({ name: 'Initrode', deletedAt: null });
    expect(await members()).toEqual(
      [
        [stack.adaId, 'org:admin'],
        [grace.id, 'org:member'],
      ].sort(),
    );

    await clerk.organizations.deleteOrganizationMembership({ organizationId: org.id, userId: grace.id });
    await settled();
    expect(await members()).toEqual([[stack.adaId, 'org:admin']]);

    await clerk.organizations.deleteOrganization(org.id);
    await settled();
    expect((await orgRow())?.deletedAt).toBeInstanceOf(Date);
    expect(await members()).toEqual([]);
    expectAllDelivered();
  });

  it('converges through duplicates, reordering and lost answers (each message applied once)', async () => {
    const user = await newUser('v0');
    await settled();
    const { faults } = stack.emulator.webhooks;
    faults.duplicateNext(3);
    faults.reorderNext(4);
    faults.dropNextThenRedeliver(2);
    for (let i = 1; i <= 6; i++) {
      await clerk.users.updateUser(user.id, { firstName: `v${i}` });
      await new Promise((r) => setTimeout(r, 2)); // distinct updated_at per version
    }
    await settled();
    const final = await clerk.users.getUser(user.id);
    expect(final.firstName).toBe('v6');
    expect(await userRow(user.id)).toMatchObject({ firstName: 'v6', updatedAt: new Date(final.updatedAt) });
    // Every message id the emulator sent was claimed exactly once, however often it arrived.
    const sent = new Set(stack.emulator.webhooks.log().map((r) => r.messageId));
    const claimed = (await stack.db().select().from(schema.webhookClaims)).map((c) => c.svixId);
    expect(new Set(claimed)).toEqual(sent);
    expect(claimed).toHaveLength(sent.size);
    expectAllDelivered();
  });
});
