import { fire, type FireResult } from '../load/fire.js';
import { Rotation } from '../load/rotation.js';
import { profileMe, traffic } from '../load/traffic.js';
import type { LoadOptions } from '../options.js';
import type { LoadStack } from '../stack/load-stack.js';
import { latencyBound } from './scenario-report.js';

const ATTEMPTS = 2;

export interface Compared {
  result: FireResult;
  baselineP99: number;
  bound: number;
  attempts: number;
}

/**
 * Runs `scenario` right after a steady baseline on the same server, and compares: "within 2× of
 * steady" is judged against a p99 taken minutes apart otherwise, on a shared 2-core machine. When
 * the comparison fails, the pair runs once more (a passing retry is reported as such).
 */
export async function againstSteadyBaseline(
  stack: LoadStack,
  options: LoadOptions,
  scenario: () => Promise<FireResult>,
  p99Of: (result: FireResult) => number,
): Promise<Compared> {
  const tokens = new Rotation(stack.users.flatMap((u) => u.tokens));
  let compared: Compared | undefined;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const baseline = await fire({
      url: stack.server.url,
      connections: options.connections,
      durationSeconds: options.baselineSeconds,
      classes: [traffic('baseline', 1, tokens, profileMe)],
    }).done;
    const baselineP99 = baseline.traffic.get('baseline')!.latency.percentile(99);
    const result = await scenario();
    compared = { result, baselineP99, bound: latencyBound(baselineP99, options.latencyFloorMs), attempts: attempt };
    if (p99Of(result) <= compared.bound) break;
  }
  return compared!;
}
