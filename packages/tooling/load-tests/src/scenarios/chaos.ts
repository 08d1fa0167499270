import { setTimeout as sleep } from 'node:timers/promises';

import { fire, type Firing, type ResponseEvent } from '../load/fire.js';
import { Rotation } from '../load/rotation.js';
import { profileMe, traffic } from '../load/traffic.js';
import type { LoadOptions } from '../options.js';
import { type LoadStack, startLoadStack } from '../stack/load-stack.js';
import { startSampler } from '../stack/sampler.js';
import { checkNoTokensLogged, rejectionReasons } from './log-check.js';
import { countWhere, ScenarioRecorder, type ScenarioReport, unexpected } from './scenario-report.js';
import { UNKNOWN_KID_COOLDOWN_SECONDS } from './server-defaults.js';

const RECOVERY_LIMIT_S = 30;
const COLD_RATE = 20;
const ROTATED_RATE = 20;

/**
 * The chaos scenario's stack. `pnpm test:load` starts it before the other scenarios: its server's
 * 30 s unknown-kid cooldown then runs out while they run, not in a healthy lead-in of its own.
 */
export function startChaosStack(options: LoadOptions): Promise<LoadStack> {
  return startLoadStack({ mode: 'jwks', users: 20, tokensPerUser: 5, jitWarmUpSeconds: options.jitWarmUpSeconds });
}

/**
 * Under steady load the emulator's key and user endpoints go 503 → hang → healthy, and the key is
 * rotated as the outage starts. Warm traffic (cached profiles, known keys) must never notice;
 * requests needing Clerk (a never-seen user, a rotated-in kid) get 503 + Retry-After while it is
 * down and 200 again within 30 s of it coming back. Never a 500, never a 401.
 */
export async function chaos(options: LoadOptions, stack: LoadStack): Promise<ScenarioReport> {
  const recorder = new ScenarioRecorder('chaos');
  const { downSeconds: DOWN_S, hangSeconds: HANG_S, stableTailSeconds: STABLE_TAIL_S } = options.chaos;
  // The outage starts only once the server's unknown-kid cooldown since it fetched its keys has
  // passed, so the rotated key is looked up as soon as it appears (see docs/reliability.md).
  const sinceKeys = (performance.now() - stack.keysFetchedAt) / 1000;
  const LEAD_IN_S = Math.max(options.chaos.leadInSeconds, UNKNOWN_KID_COOLDOWN_SECONDS + 2 - sinceKeys);
  let firings: Firing[] = [];
  try {
    const warmTokens = stack.users.flatMap((u) => u.tokens);
    const maxSeconds = LEAD_IN_S + DOWN_S + HANG_S + RECOVERY_LIMIT_S + STABLE_TAIL_S + 5;
    // Cold users need tokens signed by the key current when they are sent: one pool before the
    // rotation, a fresh one minted with the new key as the outage starts.
    const cold = await stack.coldUsers(Math.ceil(COLD_RATE * (LEAD_IN_S + 5)));
    const coldPool = new Rotation(cold.map((u) => u.tokens[0]!));
    const rotated = new Rotation(warmTokens);
    const events: ResponseEvent[] = [];
    const record = (event: ResponseEvent) => void events.push(event);
    const sampler = startSampler(stack.server);
    const start = performance.now();
    firings = [
      fire({
        url: stack.server.url,
        connections: Math.max(1, options.connections - 6),
        durationSeconds: maxSeconds,
        classes: [traffic('warm (cached)', 1, new Rotation(warmTokens), profileMe)],
        onResponse: (e) => e.status !== 200 && record(e),
      }),
      fire({
        url: stack.server.url,
        connections: 4,
        overallRate: COLD_RATE,
        durationSeconds: maxSeconds,
        classes: [traffic('cold user', 1, coldPool, profileMe)],
        onResponse: record,
      }),
      fire({
        url: stack.server.url,
        connections: 2,
        overallRate: ROTATED_RATE,
        durationSeconds: maxSeconds,
        classes: [traffic('rotated key', 1, rotated, profileMe)],
        onResponse: record,
      }),
    ];

    await sleep(LEAD_IN_S * 1000);
    const outageAt = performance.now();
    stack.emulator.stats.reset();
    stack.emulator.faults.set('jwks', { status: 503 });
    stack.emulator.faults.set('getUser', { status: 503 });
    await stack.emulator.rotateKey();
    rotated.replace(await Promise.all(stack.users.map((u) => stack.mint(u.id))));
    const coldAfterRotation = stack.coldUsers(Math.ceil(COLD_RATE * (maxSeconds - LEAD_IN_S))).then((users) => {
      cold.push(...users);
      coldPool.replace(users.map((u) => u.tokens[0]!));
    });
    await sleep(DOWN_S * 1000);
    await coldAfterRotation; // long before Clerk comes back and the old key disappears
    stack.emulator.faults.set('jwks', { hang: true });
    stack.emulator.faults.set('getUser', { hang: true });
    await sleep(HANG_S * 1000);
    stack.emulator.faults.clear();
    const healthyAt = performance.now();
    const outageCalls = { jwks: stack.emulator.stats.count('jwks'), getUser: stack.emulator.stats.count('getUser') };

    const lastFailure = () =>
      events.reduce(
        (last, e) => (e.traffic !== 'warm (cached)' && e.status !== 200 ? Math.max(last, e.at) : last),
        healthyAt,
      );
    const recovered = () => {
      const since = lastFailure();
      const ok = (name: string) => events.some((e) => e.traffic === name && e.status === 200 && e.at > since);
      return performance.now() - since >= STABLE_TAIL_S * 1000 && ok('cold user') && ok('rotated key');
    };
    while (!recovered() && performance.now() - healthyAt < (RECOVERY_LIMIT_S + STABLE_TAIL_S) * 1000) await sleep(250);
    for (const firing of firings) firing.stop();
    const results = await Promise.all(firings.map((f) => f.done));
    const samples = await sampler.stop();
    for (const result of results) recorder.rows(result);

    const all = results.flatMap((r) => [...r.traffic.values()]);
    const recoverySeconds = (lastFailure() - healthyAt) / 1000;
    const before = events.filter((e) => e.at < outageAt && e.status !== 200);
    recorder.check(
      'no 500s (no 5xx but 503)',
      all.every((s) => countWhere(s, (x) => x >= 500 && x !== 503) === 0),
      all.map((s) => `${s.name}: ${countWhere(s, (x) => x >= 500 && x !== 503)}`).join(', '),
    );
    recorder.check(
      'valid tokens never refused (no 4xx)',
      all.every((s) => countWhere(s, (x) => x >= 400 && x < 500) === 0),
      all.map((s) => `${s.name}: ${countWhere(s, (x) => x >= 400 && x < 500)}`).join(', '),
    );
    recorder.check(
      'every 503 carries Retry-After',
      all.every((s) => s.missingRetryAfter === 0),
      `${all.reduce((n, s) => n + s.missingRetryAfter, 0)} without`,
    );
    const warm = results[0]!.traffic.get('warm (cached)');
    recorder.check(
      'cached data keeps serving: warm traffic all 200',
      unexpected(warm, 200) === 0 && (warm?.requests ?? 0) > 0,
      `${warm?.requests ?? 0} requests, ${unexpected(warm, 200)} not 200`,
    );
    recorder.check(
      'no 503 while healthy (before the outage)',
      before.length === 0,
      `${before.length} non-200 before the outage`,
    );
    for (const name of ['cold user', 'rotated key']) {
      const down = events.filter(
        (e) => e.traffic === name && e.at >= outageAt && e.at < healthyAt && e.status === 503,
      ).length;
      recorder.check(`${name}: 503 while Clerk was down (the outage was real)`, down > 0, `${down} × 503`);
    }
    recorder.check(
      'full recovery within 30 s',
      recoverySeconds <= RECOVERY_LIMIT_S && recovered(),
      `last failure ${recoverySeconds.toFixed(1)} s after Clerk came back`,
    );
    const outageSeconds = (healthyAt - outageAt) / 1000;
    const jwksBound = Math.ceil(outageSeconds / 2) + 2;
    recorder.check(
      'JWKS fetches bounded during the outage (backoff)',
      outageCalls.jwks <= jwksBound,
      `${outageCalls.jwks} ≤ ${jwksBound} in ${outageSeconds.toFixed(0)} s`,
    );
    const userBound = 5 + Math.ceil(outageSeconds / 5) + 2;
    recorder.check(
      'Backend API calls bounded during the outage (circuit breaker)',
      outageCalls.getUser <= userBound,
      `${outageCalls.getUser} ≤ ${userBound} in ${outageSeconds.toFixed(0)} s`,
    );
    recorder.figure('recovery after Clerk came back', `${recoverySeconds.toFixed(1)} s`);
    recorder.figure(
      '503s during the outage',
      `${events.filter((e) => e.status === 503).length} (cold users and the rotated key only)`,
    );
    recorder.figure('run length', `${((performance.now() - start) / 1000).toFixed(0)} s`);
    recorder.serverFigures(samples);
    rejectionReasons(recorder, stack.server.output());
    checkNoTokensLogged(recorder, stack.server.output(), [...warmTokens, ...cold.flatMap((u) => u.tokens)]);
    return recorder.report;
  } finally {
    for (const firing of firings) firing.stop(); // a failure above must not leave load running
    await stack.close();
  }
}
