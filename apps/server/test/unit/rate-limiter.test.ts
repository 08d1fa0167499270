import { describe, expect, it } from 'vitest';

import { RATE_LIMIT_POLICIES } from '@stack/contracts';

import { enabledPolicies } from '../../src/rate-limit/rate-limit-policy.js';
import { RateLimiter } from '../../src/rate-limit/rate-limiter.js';
import { usagePayloads } from '../../src/rate-limit/usage-exchange.js';

const perMinute = (writes: number) =>
  ({
    ...Object.fromEntries(Object.entries(RATE_LIMIT_POLICIES).map(([name, p]) => [name, p.perMinute])),
    'user-writes': writes,
  }) as Parameters<typeof enabledPolicies>[0];

function limiterAt(clock: { now: number }, writes = 60) {
  const policies = enabledPolicies(perMinute(writes));
  const limiter = new RateLimiter(policies, { now: () => clock.now });
  return { limiter, writes: { policy: policies.get('user-writes')!, key: 'user_a' } };
}

/**
 * Three instances exchanging reports as UsageExchange does (each at every period boundary, each
 * report arriving `delayMs` later), flooded round-robin by one user: what they accept together.
 */
function simulateCluster(options: { writes: number; seconds: number; callsPerSecond: number; delayMs: number }) {
  const clock = { now: 1_000_000_000_000 };
  const nodes = ['a', 'b', 'c'].map((id) => ({ id, ...limiterAt(clock, options.writes) }));
  const inFlight: {
    at: number;
    to: (typeof nodes)[number];
    from: string;
    period: number;
    entries: ReturnType<RateLimiter['drainUsage']>;
  }[] = [];
  // Everyone has heard everyone (heartbeats) before the flood starts.
  for (const n of nodes)
    for (const m of nodes) if (n !== m) n.limiter.applyReport(m.id, n.limiter.currentPeriod() - 1, []);
  let accepted = 0;
  const end = clock.now + options.seconds * 1000;
  const step = 1000 / options.callsPerSecond;
  let next = 0;
  let lastPeriod = nodes[0]!.limiter.currentPeriod();
  for (; clock.now < end; clock.now += step) {
    const period = nodes[0]!.limiter.currentPeriod();
    if (period !== lastPeriod) {
      for (const n of nodes) {
        const entries = n.limiter.drainUsage();
        for (const m of nodes)
          if (m !== n)
            inFlight.push({ at: clock.now + options.delayMs, to: m, from: n.id, period: period - 1, entries });
      }
      lastPeriod = period;
    }
    for (let i = inFlight.length - 1; i >= 0; i--) {
      const report = inFlight[i]!;
      if (report.at > clock.now) continue;
      report.to.limiter.applyReport(report.from, report.period, report.entries);
      inFlight.splice(i, 1);
    }
    const node = nodes[next++ % nodes.length]!;
    if (node.limiter.take([node.writes]).ok) accepted++;
  }
  return accepted;
}

describe('RateLimiter', () => {
  it('is a token bucket per key: capacity, then one unit per 60/capacity s', () => {
    const clock = { now: 1_000_000_000_000 };
    const { limiter, writes } = limiterAt(clock, 60);
    for (let i = 0; i < 60; i++) expect(limiter.take([writes]).ok).toBe(true);
    const refused = limiter.take([writes]);
    expect(refused).toMatchObject({ ok: false, retryAfterSeconds: 1, refused: { remaining: 0, resetSeconds: 60 } });
    expect(limiter.take([{ ...writes, key: 'user_b' }]).ok).toBe(true);
    clock.now += 1_000;
    expect(limiter.take([writes])).toMatchObject({ ok: true, readings: [{ remaining: 0, resetSeconds: 60 }] });
    clock.now += 30_000;
    expect(limiter.take([writes])).toMatchObject({ ok: true, readings: [{ remaining: 29, resetSeconds: 31 }] });
  });

  it('takes from every demanded bucket or from none', () => {
    const clock = { now: 1_000_000_000_000 };
    const policies = enabledPolicies({ ...perMinute(60), 'org-writes': 2 });
    const limiter = new RateLimiter(policies, { now: () => clock.now });
    const user = { policy: policies.get('user-writes')!, key: 'user_a' };
    const org = { policy: policies.get('org-writes')!, key: 'org_x' };
    expect(limiter.take([user, org]).ok).toBe(true);
    expect(limiter.take([user, org]).ok).toBe(true);
    expect(limiter.take([user, org])).toMatchObject({ ok: false, refused: { policy: { name: 'org-writes' } } });
    // The refused call took nothing from the user's bucket: 58 left.
    expect(limiter.take([user])).toMatchObject({ ok: true, readings: [{ remaining: 57 }] });
  });

  it('turns a policy off at 0', () => {
    expect(enabledPolicies(perMinute(0)).has('user-writes')).toBe(false);
  });

  it('counts what other instances report against its own estimate, without going below −capacity', () => {
    const clock = { now: 1_000_000_000_000 };
    const { limiter, writes } = limiterAt(clock, 60);
    limiter.applyReport('peer', limiter.currentPeriod(), [
      ['user-writes', 'user_a', 500],
      ['no-such-policy', 'x', 3],
    ]);
    expect(limiter.take([writes]).ok).toBe(false);
    clock.now += 120_000; // −60 refills to 60 in two minutes
    expect(limiter.take([writes])).toMatchObject({ ok: true, readings: [{ remaining: 59 }] });
  });

  it.each([
    ['reports arriving 5 ms after each period', 5],
    ['reports a whole period late', 250],
  ])('keeps three flooded instances within the limit + 20 %% (%s)', (_name, delayMs) => {
    for (const writes of [60, 600]) {
      const seconds = 3;
      const accepted = simulateCluster({ writes, seconds, callsPerSecond: 3_000, delayMs });
      const refilled = (writes / 60) * seconds;
      console.log(
        `${writes}/min, ${seconds} s, reports ${delayMs} ms late: ${accepted} accepted of ${writes + refilled}`,
      );
      expect(accepted).toBeGreaterThanOrEqual(writes * 0.9);
      expect(accepted).toBeLessThanOrEqual((writes + refilled) * 1.2);
    }
  });

  it('paces nothing when it hears of no other instance, and forgets instances gone quiet', () => {
    const clock = { now: 1_000_000_000_000 };
    const { limiter, writes } = limiterAt(clock, 60);
    limiter.applyReport('peer', limiter.currentPeriod(), []);
    expect(limiter.livePeers()).toBe(1);
    // Two instances: this one may spend half of what is left in a period.
    let taken = 0;
    while (limiter.take([writes]).ok) taken++;
    expect(taken).toBe(30);
    clock.now += 1_001;
    expect(limiter.livePeers()).toBe(0);
    // Alone again (the peer stopped, or the database is down): the rest of the bucket, no pacing.
    while (limiter.take([writes]).ok) taken++;
    expect(taken).toBe(61);
  });

  it('forgets full buckets with nothing to report', () => {
    const clock = { now: 1_000_000_000_000 };
    const { limiter, writes } = limiterAt(clock, 60);
    limiter.take([writes]);
    limiter.sweep();
    expect(limiter.size).toBe(1);
    limiter.drainUsage();
    clock.now += 2_000;
    limiter.sweep();
    expect(limiter.size).toBe(0);
  });
});

describe('usage reports', () => {
  it('split into payloads NOTIFY takes (< 8000 bytes), keeping the busiest 2,000 keys of a flood from many addresses', () => {
    const entries = Array.from(
      { length: 5_000 },
      (_, i) => ['anonymous', `2001:db8:${i.toString(16)}:0::/64`, i % 7] as const,
    );
    const payloads = usagePayloads(entries);
    expect(payloads.flat()).toHaveLength(2_000);
    expect(Math.min(...payloads.flat().map((e) => e[2]))).toBeGreaterThanOrEqual(3);
    for (const entries of payloads) {
      const change = { kind: 'usage', origin: '00000000-0000-0000-0000-000000000000', period: 9_000_000_000, entries };
      expect(Buffer.byteLength(JSON.stringify(change))).toBeLessThan(8_000);
    }
    expect(usagePayloads([])).toEqual([[]]); // an empty report still goes out: "alive, nothing spent"
  });
});
