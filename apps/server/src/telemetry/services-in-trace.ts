import type { Context } from '@opentelemetry/api';

import type { Services } from '@stack/contracts';

import { traceContext } from './on-demand-context.js';

/**
 * The services as a sampled call sees them: every method runs in the call's span context and is
 * followed until it settles, so the SQL statements and Backend API calls it makes become the
 * call's children. Only the services are followed, not the call's whole middleware chain: a call
 * answered from memory (the cached profile, the session) then switches Node 20's promise hooks on
 * for a few microtasks instead of for everything the call and its neighbours do meanwhile.
 */
export function servicesInTrace(services: Services, context: Context): Services {
  return {
    users: followedMethods(services.users, context),
    notes: followedMethods(services.notes, context),
    noteChanges: followedMethods(services.noteChanges, context),
  };
}

/** `target` with each method followed in `context`; every service method returns a promise. */
function followedMethods<T extends object>(target: T, context: Context): T {
  return new Proxy(target, {
    get(object, key) {
      const value: unknown = Reflect.get(object, key, object);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) =>
        traceContext.follow(context, () => Promise.resolve(value.apply(object, args) as unknown));
    },
  });
}
