import { describe, expect, it } from 'vitest';

import type { AuthState } from '@stack/contracts';

import {
  createCaller,
  createTRPCContext,
  type ProcedureCall,
  type ProcedureObserver,
  type ProcedureResult,
} from '../../src/index.js';
import { InMemoryUsers } from './in-memory-users.js';
import { inMemoryServices } from './services.js';

const grace: AuthState = {
  userId: 'user_grace',
  sessionId: 'sess_2',
  orgId: null,
  orgSlug: null,
  orgRole: null,
  orgPermissions: [],
};

/** What the host's observer saw: each call and how it ended. */
function recordingObserver() {
  const seen: { call: ProcedureCall; outcome: string }[] = [];
  const observe: ProcedureObserver = async (call, run) => {
    const result: ProcedureResult = await run();
    seen.push({ call, outcome: result.ok ? 'OK' : result.error.code });
    return result as never;
  };
  return { seen, observe };
}

describe('the observer around every procedure call (the host’s metrics and spans)', () => {
  const callerFor = (auth: AuthState | null, observe: ProcedureObserver) =>
    createCaller(createTRPCContext({ auth, services: inMemoryServices(new InMemoryUsers()), observe }));

  it('sees each call with its path, type and final code, refusals and bad input included', async () => {
    const { seen, observe } = recordingObserver();
    await callerFor(grace, observe).session.current();
    await expect(callerFor(null, observe).profile.me()).rejects.toThrow();
    await expect(callerFor(grace, observe).note.create({ title: '' })).rejects.toThrow();
    await callerFor(grace, observe).note.create({ title: 'Kept' });
    expect(seen).toEqual([
      { call: { path: 'session.current', type: 'query' }, outcome: 'OK' },
      { call: { path: 'profile.me', type: 'query' }, outcome: 'UNAUTHORIZED' },
      { call: { path: 'note.create', type: 'mutation' }, outcome: 'BAD_REQUEST' },
      { call: { path: 'note.create', type: 'mutation' }, outcome: 'OK' },
    ]);
  });

  it('leaves results untouched, and costs nothing without an observer', async () => {
    const { observe } = recordingObserver();
    const observed = await callerFor(grace, observe).session.current();
    const plain = await createCaller(
      createTRPCContext({ auth: grace, services: inMemoryServices(new InMemoryUsers()) }),
    ).session.current();
    expect(observed).toEqual(plain);
  });

  it('runs the call with the services the observer hands it, when it hands any', async () => {
    const users = new InMemoryUsers();
    const theirs = new InMemoryUsers();
    users.add({ id: grace.userId, firstName: 'Grace' });
    theirs.add({ id: grace.userId, firstName: 'Seen through the observer' });
    const services = inMemoryServices(users);
    const observe: ProcedureObserver = (_call, run) => run({ ...services, users: theirs });
    const caller = createCaller(createTRPCContext({ auth: grace, services, observe }));
    expect((await caller.profile.me()).firstName).toBe('Seen through the observer');
    expect([users.calls, theirs.calls]).toEqual([0, 1]);
  });
});
