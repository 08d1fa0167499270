import type { ContenderId } from '../contenders.js';
import type { ContenderSummary } from './summary.js';

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean;
}

const OURS: ContenderId[] = ['ours-1', 'ours-200'];
const MB = 1024 * 1024;

/** Issue 5's targets, judged on the medians. Contenders that did not run are skipped. */
export function checkTargets(summaries: readonly ContenderSummary[]): TargetCheck[] {
  const get = (id: ContenderId) => summaries.find((s) => s.contender === id);
  const seed = get('seed');
  const checks: TargetCheck[] = [];
  for (const id of OURS) {
    const ours = get(id);
    if (!ours) continue;
    if (ours.throughputVsFloor !== null) {
      checks.push({
        target: `${id} throughput ≥ 1.0× floor`,
        measured: `${ours.throughputVsFloor.toFixed(2)}×`,
        met: ours.throughputVsFloor >= 1,
      });
    }
    if (ours.p99VsFloor !== null) {
      checks.push({
        target: `${id} p99 ≤ 1.5× floor`,
        measured: `${ours.p99VsFloor.toFixed(2)}×`,
        met: ours.p99VsFloor <= 1.5,
      });
    }
    if (seed) {
      const vsSeed = ours.requestsPerSecond / seed.requestsPerSecond;
      checks.push({ target: `${id} throughput ≥ 3× seed design`, measured: `${vsSeed.toFixed(1)}×`, met: vsSeed >= 3 });
      checks.push({
        target: `${id} p99 < seed design's`,
        measured: `${ours.p99.toFixed(1)} vs ${seed.p99.toFixed(1)} ms`,
        met: ours.p99 < seed.p99,
      });
    }
    checks.push({
      target: `${id} Backend API calls/request ≤ 0.001`,
      measured: ours.backendCallsPerRequest.toFixed(5),
      met: ours.backendCallsPerRequest <= 0.001,
    });
    checks.push({
      target: `${id} JWKS fetches after warm-up = 0`,
      measured: String(ours.jwksFetchesAfterWarmup),
      met: ours.jwksFetchesAfterWarmup === 0,
    });
    if (ours.peakRssBytes !== null) {
      checks.push({
        target: `${id} peak RSS ≤ 200 MB`,
        measured: `${(ours.peakRssBytes / MB).toFixed(0)} MB`,
        met: ours.peakRssBytes <= 200 * MB,
      });
    }
    checks.push({
      target: `${id} cold start ≤ 1.5 s`,
      measured: `${ours.coldStartMs.toFixed(0)} ms`,
      met: ours.coldStartMs <= 1_500,
    });
    checks.push({ target: `${id} no errors`, measured: String(ours.errors), met: ours.errors === 0 });
  }
  return [...checks, ...gateOverhead(get), ...observabilityOverhead(get)];
}

/** Issue 22: the admission gate costs profile.me nothing (it skips the queue), same run, gate on ÷ off. */
function gateOverhead(get: (id: ContenderId) => ContenderSummary | undefined): TargetCheck[] {
  const [gated, open] = [get('ours-1'), get('ours-1-open')];
  if (!gated || !open) return [];
  const vsOpen = gated.requestsPerSecond / open.requestsPerSecond;
  const cpu = (s: ContenderSummary) => s.cpuMicrosPerRequest?.toFixed(0) ?? 'n/a';
  return [
    {
      target: 'ours-1 throughput ≥ 0.95× ours-1 with the gate off',
      measured: `${vsOpen.toFixed(2)}× (CPU ${cpu(gated)} vs ${cpu(open)} µs/req)`,
      met: vsOpen >= 0.95,
    },
  ];
}

/**
 * Issue 19's overhead, same run: request lines + metrics against neither (ours-1 ÷ obs-off), and
 * tracing against none (traced-* ÷ ours-1), on throughput medians.
 */
function observabilityOverhead(get: (id: ContenderId) => ContenderSummary | undefined): TargetCheck[] {
  const pairs: [ContenderId, ContenderId, number, string][] = [
    ['ours-1', 'obs-off', 0.95, 'request lines + metrics on vs off'],
    ['traced-100', 'ours-1', 0.8, 'tracing, 100 % sampled, vs off'],
    ['traced-10', 'ours-1', 0.93, 'tracing, parentbased_traceidratio 0.1, vs off'],
  ];
  return pairs.flatMap(([on, off, min, what]) => {
    const a = get(on);
    const b = get(off);
    if (!a || !b) return [];
    const ratio = a.requestsPerSecond / b.requestsPerSecond;
    return [
      { target: `${what} (${on} ÷ ${off}) ≥ ${min.toFixed(2)}×`, measured: `${ratio.toFixed(2)}×`, met: ratio >= min },
    ];
  });
}

export function formatTargets(checks: readonly TargetCheck[]): string {
  return checks.map((c) => `${c.met ? 'met   ' : 'MISSED'}  ${c.target}: ${c.measured}`).join('\n');
}
