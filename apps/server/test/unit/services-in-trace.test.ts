import { setImmediate as nextMacrotask } from 'node:timers/promises';

import { type Context, createContextKey, ROOT_CONTEXT } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';

import type { NoteChangeStreams, NoteService, Services, UserDirectory, UserProfile } from '@stack/contracts';

import { traceContext } from '../../src/telemetry/on-demand-context.js';
import { servicesInTrace } from '../../src/telemetry/services-in-trace.js';

const NAME = createContextKey('name');
const named = (name: string): Context => ROOT_CONTEXT.setValue(NAME, name);
const activeName = (): unknown => traceContext.active().getValue(NAME);

/** A directory that looks at the active context after real asynchronous work, and keeps private state. */
class ContextRecordingUsers implements UserDirectory {
  readonly seen: unknown[] = [];
  readonly #prefix = 'user:';

  async getProfile(userId: string): Promise<UserProfile> {
    await nextMacrotask();
    this.seen.push(activeName());
    if (userId === 'missing') throw new Error('no such user');
    return { id: `${this.#prefix}${userId}` } as UserProfile;
  }

  updateProfile(): Promise<UserProfile> {
    return Promise.reject(new Error('not used'));
  }
}

function servicesWith(users: UserDirectory): Services {
  return { users, notes: {} as NoteService, noteChanges: {} as NoteChangeStreams };
}

describe('servicesInTrace', () => {
  it('runs each service method in the call’s context, through its awaits, with its own `this`', async () => {
    const users = new ContextRecordingUsers();
    const traced = servicesInTrace(servicesWith(users), named('call'));
    expect(await traced.users.getProfile('grace')).toEqual({ id: 'user:grace' });
    expect(users.seen).toEqual(['call']);
    // Nothing is followed once the method has settled.
    expect(traceContext.active()).toBe(ROOT_CONTEXT);
  });

  it('keeps the untraced services untouched, and two calls apart', async () => {
    const users = new ContextRecordingUsers();
    const services = servicesWith(users);
    await Promise.all([
      servicesInTrace(services, named('a')).users.getProfile('a'),
      servicesInTrace(services, named('b')).users.getProfile('b'),
      services.users.getProfile('untraced'),
    ]);
    expect([...users.seen].sort()).toEqual(['a', 'b', undefined]);
  });

  it('passes a failure through unchanged', async () => {
    const traced = servicesInTrace(servicesWith(new ContextRecordingUsers()), named('call'));
    await expect(traced.users.getProfile('missing')).rejects.toThrow('no such user');
    expect(traceContext.active()).toBe(ROOT_CONTEXT);
  });
});
