import { setImmediate as nextMacrotask } from 'node:timers/promises';

import { type Context, createContextKey, ROOT_CONTEXT } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';

import { OnDemandContextManager } from '../../src/telemetry/on-demand-context.js';

const NAME = createContextKey('name');
const named = (name: string): Context => ROOT_CONTEXT.setValue(NAME, name);
const nameIn = (manager: OnDemandContextManager): unknown => manager.active().getValue(NAME);

describe('OnDemandContextManager', () => {
  it('with() sets the context for the synchronous call only, and restores the one before', async () => {
    const manager = new OnDemandContextManager();
    let afterAwait: unknown = 'unset';
    const pending = manager.with(named('outer'), async () => {
      expect(nameIn(manager)).toBe('outer');
      manager.with(named('inner'), () => expect(nameIn(manager)).toBe('inner'));
      expect(nameIn(manager)).toBe('outer');
      await nextMacrotask();
      afterAwait = nameIn(manager);
    });
    expect(manager.active()).toBe(ROOT_CONTEXT);
    await pending;
    // Nothing was followed: no context crosses the await.
    expect(afterAwait).toBeUndefined();
  });

  it('follow() carries the context through every await of its function, each call its own', async () => {
    const manager = new OnDemandContextManager();
    const seen: string[] = [];
    const work = async (name: string) => {
      for (let step = 0; step < 3; step++) {
        await nextMacrotask();
        seen.push(`${name}:${String(nameIn(manager))}`);
      }
      return name;
    };
    const results = await Promise.all([
      manager.follow(named('a'), () => work('a')),
      manager.follow(named('b'), () => work('b')),
    ]);
    expect(results).toEqual(['a', 'b']);
    expect(seen.sort()).toEqual(['a:a', 'a:a', 'a:a', 'b:b', 'b:b', 'b:b']);
  });

  it('gives work it did not follow no context, even while something else is followed', async () => {
    const manager = new OnDemandContextManager();
    let unfollowed: unknown = 'unset';
    const bystander = (async () => {
      await nextMacrotask();
      unfollowed = nameIn(manager);
    })();
    await manager.follow(named('followed'), async () => {
      await bystander;
    });
    expect(unfollowed).toBeUndefined();
  });

  it('switches the storage off once nothing is followed: work that outlives its follow() has no context', async () => {
    const manager = new OnDemandContextManager();
    let released!: () => void;
    const outliving = new Promise<unknown>((resolve) => (released = () => resolve(undefined)));
    let later: unknown = 'unset';
    await manager.follow(named('short'), async () => {
      void outliving.then(() => {
        later = nameIn(manager);
      });
    });
    released();
    await nextMacrotask();
    expect(later).toBeUndefined();
  });

  it('engage() carries contexts entered with with() until released, once', async () => {
    const manager = new OnDemandContextManager();
    const release = manager.engage();
    const seen = await manager.with(named('request'), async () => {
      await nextMacrotask();
      return nameIn(manager);
    });
    expect(seen).toBe('request');
    release();
    release();
    // A second release did not close a scope opened after it.
    const second = manager.engage();
    expect(
      await manager.with(named('next'), async () => {
        await nextMacrotask();
        return nameIn(manager);
      }),
    ).toBe('next');
    second();
  });

  it('a scope released after disable() (the provider shutting down) does not unbalance the next one', async () => {
    const manager = new OnDemandContextManager();
    const stale = manager.engage();
    manager.disable();
    stale();
    const seen = await manager.follow(named('after'), async () => {
      await nextMacrotask();
      return nameIn(manager);
    });
    expect(seen).toBe('after');
  });

  it('prime() leaves the storage off and the scopes as they were', async () => {
    const manager = new OnDemandContextManager().prime();
    // Off: nothing followed, so no context crosses an await.
    const unfollowed = await manager.with(named('after-prime'), async () => {
      await nextMacrotask();
      return nameIn(manager);
    });
    expect(unfollowed).toBeUndefined();
    // A scope open while priming stays open.
    const release = manager.engage();
    manager.prime();
    const followed = await manager.with(named('open'), async () => {
      await nextMacrotask();
      return nameIn(manager);
    });
    expect(followed).toBe('open');
    release();
    expect(manager.active()).toBe(ROOT_CONTEXT);
  });

  it('a follow() whose function throws synchronously closes its scope and rethrows', async () => {
    const manager = new OnDemandContextManager();
    expect(() =>
      manager.follow(named('x'), () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    let after: unknown = 'unset';
    await manager.with(named('y'), async () => {
      await nextMacrotask();
      after = nameIn(manager);
    });
    expect(after).toBeUndefined();
  });

  it('bind() runs a function in the context with its own this and arguments; other values pass through', () => {
    const manager = new OnDemandContextManager();
    const target = {
      factor: 2,
      times(this: { factor: number }, n: number) {
        return [this.factor * n, nameIn(manager)];
      },
    };
    target.times = manager.bind(named('bound'), target.times);
    expect(target.times(21)).toEqual([42, 'bound']);
    const emitter = { on: () => {} };
    expect(manager.bind(named('bound'), emitter)).toBe(emitter);
  });
});
