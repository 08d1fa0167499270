import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';

import { LeanHistogram } from '../../src/metrics/lean-histogram.js';

const BUCKETS = [0.001, 0.01, 0.1, 1];
const OBSERVATIONS: [string, string, number][] = [
  ['GET', '200', 0.0005],
  ['GET', '200', 0.001],
  ['GET', '200', 0.05],
  ['GET', '200', 7],
  ['POST', '4"29', 0.02],
  ['GET', '200', 0.1],
];

describe('LeanHistogram', () => {
  it('exports exactly what prom-client’s Histogram exports for the same observations', async () => {
    const ours = new Registry();
    const lean = new LeanHistogram('req_seconds', 'Requests', ['method', 'status'], BUCKETS, ours);
    const theirs = new Registry();
    const reference = new Histogram({
      name: 'req_seconds',
      help: 'Requests',
      labelNames: ['method', 'status'],
      buckets: BUCKETS,
      registers: [theirs],
    });
    for (const [method, status, seconds] of OBSERVATIONS) {
      lean.observe([method, status], seconds);
      reference.observe({ method, status }, seconds);
    }
    const text = await ours.metrics();
    expect(text).toBe(await theirs.metrics());
    expect(text).toContain('req_seconds_bucket{le="+Inf",method="GET",status="200"} 5');
    expect(text).toContain('req_seconds_bucket{le="0.001",method="GET",status="200"} 2');
    expect(text).toContain('req_seconds_count{method="POST",status="4\\"29"} 1');
  });

  it('is emptied by the registry’s reset', async () => {
    const registry = new Registry();
    const lean = new LeanHistogram('req_seconds', 'Requests', ['method'], BUCKETS, registry);
    lean.observe(['GET'], 0.2);
    registry.resetMetrics();
    expect(await registry.metrics()).not.toContain('req_seconds_count');
    // Counting starts again from nothing, in a series of its own.
    lean.observe(['GET'], 0.2);
    expect(await registry.metrics()).toContain('req_seconds_count{method="GET"} 1');
  });
});
