import { describe, expect, it } from 'vitest';

import { ServiceUnavailableError } from '@stack/contracts';

import { CircuitBreaker, CircuitOpenError, type CircuitState } from '../../src/index.js';

const down = () => Promise.reject(new ServiceUnavailableError('down', 5));
const up = () => Promise.resolve('ok');
const isFailure = (error: unknown) => error instanceof ServiceUnavailableError && !(error instanceof CircuitOpenError);

/** A breaker on a clock the test moves, recording its transitions. */
function breaker(options: ConstructorParameters<typeof CircuitBreaker>[0] = {}) {
  const clock = { now: 0 };
  const transitions: CircuitState[] = [];
  const b = new CircuitBreaker({
    failureThreshold: 3,
    openMs: 1000,
    maxOpenMs: 4000,
    now: () => clock.now,
    onStateChange: (s) => transitions.push(s),
    ...options,
  });
  let calls = 0;
  const run = (fn: () => Promise<string>) => b.run(() => (calls++, fn()), isFailure);
  return { b, clock, transitions, run, calls: () => calls };
}

describe('CircuitBreaker', () => {
  it('stays closed below the threshold; a success resets the count', async () => {
    const { b, run } = breaker();
    await expect(run(down)).rejects.toThrow('down');
    await expect(run(down)).rejects.toThrow('down');
    await run(up);
    await expect(run(down)).rejects.toThrow('down');
    await expect(run(down)).rejects.toThrow('down');
    expect(b.state).toBe('closed');
  });

  it('opens after N consecutive failures and then fails fast without calling, with Retry-After', async () => {
    const { b, clock, run, calls } = breaker();
    for (let i = 0; i < 3; i++) await expect(run(down)).rejects.toThrow('down');
    expect(b.state).toBe('open');
    clock.now = 200;
    const error = await run(up).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CircuitOpenError);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect((error as CircuitOpenError).retryAfterSeconds).toBe(1);
    expect(calls()).toBe(3);
  });

  it('lets exactly one probe through when the open period ends; its success closes the circuit', async () => {
    const { b, clock, run, calls, transitions } = breaker();
    for (let i = 0; i < 3; i++) await expect(run(down)).rejects.toThrow();
    clock.now = 1000;
    let release!: (value: string) => void;
    const probe = run(() => new Promise((r) => (release = r)));
    expect(b.state).toBe('half-open');
    await expect(run(up)).rejects.toBeInstanceOf(CircuitOpenError); // others wait while the probe runs
    release('ok');
    expect(await probe).toBe('ok');
    expect(b.state).toBe('closed');
    expect(await run(up)).toBe('ok');
    expect(calls()).toBe(5);
    expect(transitions).toEqual(['open', 'half-open', 'closed']);
  });

  it('reopens for twice as long after a failed probe, up to the maximum', async () => {
    const { b, clock, run } = breaker();
    for (let i = 0; i < 3; i++) await expect(run(down)).rejects.toThrow();
    clock.now = 1000;
    await expect(run(down)).rejects.toThrow('down'); // probe fails → open 2000 ms
    clock.now = 2999;
    await expect(run(up)).rejects.toBeInstanceOf(CircuitOpenError);
    clock.now = 3000;
    await expect(run(down)).rejects.toThrow('down'); // → 4000 ms
    clock.now = 7000;
    await expect(run(down)).rejects.toThrow('down'); // capped at 4000 ms
    clock.now = 10_999;
    await expect(run(up)).rejects.toBeInstanceOf(CircuitOpenError);
    clock.now = 11_000;
    expect(await run(up)).toBe('ok');
    expect(b.state).toBe('closed');
  });

  it('does not count answers that are not dependency failures (e.g. a 404)', async () => {
    const { b, run } = breaker();
    for (let i = 0; i < 5; i++) await expect(run(() => Promise.reject(new Error('not found')))).rejects.toThrow();
    expect(b.state).toBe('closed');
  });

  it('pauses for a Retry-After, capped, then probes', async () => {
    const { b, clock, run } = breaker({ maxPauseMs: 10_000 });
    b.pause(17);
    expect(b.state).toBe('open');
    const error = (await run(up).catch((e: unknown) => e)) as CircuitOpenError;
    expect(error.retryAfterSeconds).toBe(10);
    clock.now = 9_999;
    await expect(run(up)).rejects.toBeInstanceOf(CircuitOpenError);
    clock.now = 10_000;
    expect(await run(up)).toBe('ok');
  });

  it('ignores late successes of calls that started before it opened', async () => {
    const { b, run } = breaker();
    let release!: (value: string) => void;
    const slow = run(() => new Promise((r) => (release = r)));
    for (let i = 0; i < 3; i++) await expect(run(down)).rejects.toThrow();
    release('late');
    await slow;
    expect(b.state).toBe('open');
  });
});
