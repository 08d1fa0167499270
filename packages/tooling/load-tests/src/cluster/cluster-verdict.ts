import type { ScenarioRecorder } from '../scenarios/scenario-report.js';
import { type ClusterTraffic, STALENESS_BOUND_MS } from './cluster-traffic.js';
import { describeOutcomes, type Outcome, overlaps, statuses, type Window } from './outcomes.js';

/** What the scenario observed besides the traffic itself. */
export interface ClusterRun {
  readonly rolling: Window;
  readonly postgres: Window;
  /** ms from PostgreSQL accepting again to every instance ready. */
  readonly recoveryMs: number;
  readonly exitCodes: readonly (number | string | null)[];
  /** Each SIGTERMed instance's reported drain time. */
  readonly drains: readonly number[];
  /** Acknowledged notes not read back (or read back different) at the end. */
  readonly missing: number;
  readonly rerouted: number;
}

/** The scenario's bounds as checks, its measurements as figures, and one table row per operation. */
export function recordClusterVerdict(recorder: ScenarioRecorder, traffic: ClusterTraffic, run: ClusterRun): void {
  const { outcomes, acked, delays, staleReads } = traffic;
  const failed = (o: Outcome) => o.status !== 200;
  const in500 = outcomes.filter((o) => typeof o.status === 'number' && o.status >= 500 && o.status !== 503);
  const duringRolling = outcomes.filter((o) => overlaps(run.rolling, o) && failed(o));
  const duringPostgres = outcomes.filter((o) => overlaps(run.postgres, o) && failed(o));
  const unplanned = duringPostgres.filter((o) => o.status !== 503 || !o.retryAfter);
  const elsewhere = outcomes.filter((o) => !overlaps(run.rolling, o) && !overlaps(run.postgres, o) && failed(o));

  recorder.check('no 500s', in500.length === 0, `${in500.length} of ${outcomes.length}`);
  recorder.check(
    'no failed request during the rolling restart',
    duringRolling.length === 0,
    `${duringRolling.length} failed (${describeOutcomes(duringRolling)}); ${run.rerouted} refused connections rerouted`,
  );
  recorder.check(
    'while PostgreSQL is down: only 503 with Retry-After',
    unplanned.length === 0,
    `${duringPostgres.length - unplanned.length} planned 503s; unplanned: ${describeOutcomes(unplanned) || 'none'}`,
  );
  recorder.check(
    'no failed request outside the planned windows',
    elsewhere.length === 0,
    describeOutcomes(elsewhere) || 'none',
  );
  recorder.check(
    'every acknowledged note is present',
    run.missing === 0,
    `${acked.size - run.missing} of ${acked.size}`,
  );
  recorder.check(
    `no stale read past ${STALENESS_BOUND_MS} ms`,
    staleReads.length === 0 && delays.count > 0,
    staleReads.join('; ') || `${delays.count} fresh reads after writes elsewhere`,
  );
  recorder.check(
    'every SIGTERMed instance exited 0 after draining',
    run.exitCodes.every((c) => c === 0) && run.drains.length === run.exitCodes.length,
    `exit codes ${run.exitCodes.join(', ')}`,
  );

  recorder.figure(
    'invalidation (ack → fresh read elsewhere) p50 / p99',
    `${ms(delays.percentile(50))} / ${ms(delays.percentile(99))}`,
  );
  recorder.figure(
    'drain time on SIGTERM, after the 500 ms not-ready delay (each instance)',
    run.drains.map((d) => `${d} ms`).join(', '),
  );
  recorder.figure('rolling restart of 3 instances', `${((run.rolling.to - run.rolling.from) / 1000).toFixed(1)} s`);
  recorder.figure('recovery after PostgreSQL is back (all ready)', `${Math.round(run.recoveryMs)} ms`);
  recorder.figure('planned 503s while PostgreSQL was down', String(duringPostgres.length));

  const duration = traffic.now() / 1000;
  for (const [op, lat] of traffic.latencies) {
    const mine = outcomes.filter((o) => o.op === op);
    recorder.report.rows.push({
      scenario: 'cluster',
      traffic: op,
      requests: mine.length,
      requestsPerSecond: mine.length / duration,
      p50: lat.percentile(50),
      p99: lat.percentile(99),
      statuses: statuses(mine),
    });
  }
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
