import { AsyncLocalStorage } from 'node:async_hooks';

import { type Context, type ContextManager, ROOT_CONTEXT } from '@opentelemetry/api';

/**
 * OpenTelemetry's active context, carried across `await` only where a trace needs it.
 *
 * The SDK's usual manager keeps an AsyncLocalStorage entered for the whole process, and on Node 20
 * that runs promise hooks for every promise of every request, traced or not: +13 % CPU on
 * `profile.me` with nothing sampled, more than issue 19's budget for tracing at 10 % (Node 22's
 * AsyncContextFrame removes the hooks; Node 20 has no such option). Here:
 *
 * - `with()` sets the context for the synchronous call only, which costs nothing;
 * - `follow()` also carries it through the asynchronous work of one function until it settles,
 *   by entering an AsyncLocalStorage, and `engage()` does so until its release is called. The
 *   storage (and Node's promise hooks with it) is switched off again whenever nothing is followed.
 *
 * The server follows only what can reach the database or Clerk on behalf of a sampled request:
 * its authentication when the token was not verified before (a JWKS fetch), the services each of
 * its tRPC calls uses (so their SQL and Backend API calls are children of the call's span), and
 * REST requests as a whole. The spans in between get their parent explicitly
 * (http/observe-requests.ts, trpc/procedure-telemetry.ts). A service answering from memory is
 * followed for a few microtasks only, so the hooks stay off for nearly all of the process's promises.
 */
export class OnDemandContextManager implements ContextManager {
  private readonly storage = new AsyncLocalStorage<Context>();
  /** The context of the synchronous `with()` being run, if any. */
  private current: Context | undefined;
  /** How many `follow()`/`engage()` scopes are open: the storage is on while this is above 0. */
  private followed = 0;

  active(): Context {
    if (this.current) return this.current;
    return this.followed > 0 ? (this.storage.getStore() ?? ROOT_CONTEXT) : ROOT_CONTEXT;
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    context: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    const previous = this.current;
    this.current = context;
    try {
      // While something is followed, what this starts asynchronously keeps its context too.
      return this.followed > 0 ? this.storage.run(context, () => fn.call(thisArg, ...args)) : fn.call(thisArg, ...args);
    } finally {
      this.current = previous;
    }
  }

  /** Functions only: instrumentations bind callbacks, and nothing here binds event emitters. */
  bind<T>(context: Context, target: T): T {
    if (typeof target !== 'function') return target;
    const run = target as unknown as (...args: unknown[]) => unknown;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the bound function keeps its own `this`
    const manager = this;
    return function (this: unknown, ...args: unknown[]) {
      return manager.with(context, run, this, ...args);
    } as unknown as T;
  }

  /** Runs `fn` in `context` and carries that context through its asynchronous work until it settles. */
  follow<T>(context: Context, fn: () => Promise<T>): Promise<T> {
    const release = this.engage();
    let result: Promise<T>;
    try {
      result = this.with(context, fn);
    } catch (error) {
      release();
      throw error;
    }
    return result.finally(release);
  }

  /**
   * Carries contexts entered with `with()` through asynchronous work from now until the returned
   * function is called (once; later calls do nothing).
   */
  engage(): () => void {
    this.followed++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // Never below 0: disable() may have reset the count while this scope was open.
      this.followed = Math.max(0, this.followed - 1);
      // The last scope closed: no promise hooks until the next one opens.
      if (this.followed === 0) this.storage.disable();
    };
  }

  /**
   * Enters the storage once and switches it off again, at boot. The first time Node's promise hooks
   * are switched on, V8 throws away the optimized code that assumed there would never be any; on
   * a server already warm under load that first sampled request cost ~3 s of doubled CPU per
   * request (the benchmarks doc). Done before the server's code is optimized, it costs nothing.
   */
  prime(): this {
    const release = this.engage();
    this.with(ROOT_CONTEXT, () => undefined);
    release();
    return this;
  }

  enable(): this {
    return this;
  }

  disable(): this {
    this.current = undefined;
    this.followed = 0;
    this.storage.disable();
    return this;
  }
}

/** The process's one manager: start-tracing registers it, the request observers follow with it. */
export const traceContext = new OnDemandContextManager();
