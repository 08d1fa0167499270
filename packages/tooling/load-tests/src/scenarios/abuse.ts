import { fire, type FireResult } from '../load/fire.js';
import { freshConnections } from '../load/fresh-connections.js';
import { Rotation } from '../load/rotation.js';
import { abusiveTraffic, decodeToken, profileMe, traffic } from '../load/traffic.js';
import type { LoadOptions } from '../options.js';
import { startLoadStack } from '../stack/load-stack.js';
import { startSampler } from '../stack/sampler.js';
import { againstSteadyBaseline } from './baseline.js';
import { checkNoTokensLogged } from './log-check.js';
import { countWhere, latencyBound, ScenarioRecorder, type ScenarioReport, unexpected } from './scenario-report.js';
import { UNKNOWN_KID_COOLDOWN_SECONDS } from './server-defaults.js';

const ABUSIVE_CONNECTIONS = 8; // plus a raw socket sending headers over the limit, and its control
const OVER_LIMIT = 'abuse: 20 KB header (new connection each)';
const FRESH_CONTROL = 'legitimate (new connection each)';

/**
 * Legitimate traffic on most connections while the rest send oversized batches, huge headers and
 * random kids: legitimate traffic keeps its p99 (within 2× of steady), every abusive request is
 * refused (never served, never a 5xx) and fast, and the random kids cost bounded JWKS fetches.
 */
export async function abuse(options: LoadOptions): Promise<ScenarioReport> {
  const recorder = new ScenarioRecorder('abuse under load');
  const stack = await startLoadStack({
    mode: 'jwks',
    users: 20,
    tokensPerUser: 5,
    jitWarmUpSeconds: options.jitWarmUpSeconds,
  });
  try {
    const tokens = stack.users.flatMap((u) => u.tokens);
    const { header, claims } = decodeToken(tokens[0]!);
    const sampler = startSampler(stack.server);
    stack.emulator.stats.reset();
    let abusiveResult: FireResult | undefined;
    const {
      result: legitResult,
      baselineP99,
      bound,
      attempts,
    } = await againstSteadyBaseline(
      stack,
      options,
      async () => {
        const legit = fire({
          url: stack.server.url,
          connections: Math.max(1, options.connections - ABUSIVE_CONNECTIONS - 2),
          durationSeconds: options.seconds,
          classes: [traffic('legitimate', 1, new Rotation(tokens), profileMe)],
        });
        const abusive = fire({
          url: stack.server.url,
          connections: ABUSIVE_CONNECTIONS,
          durationSeconds: options.seconds,
          classes: abusiveTraffic(new Rotation(tokens), claims, header),
        });
        // Over Node's header limit, one request per connection; and, for comparison, legitimate
        // requests sent the same way.
        const fresh = (name: string, headers: Record<string, string>) =>
          freshConnections(stack.server.url, {
            name,
            sockets: 1,
            seconds: options.seconds,
            path: '/trpc/profile.me',
            headers,
          });
        const [legitResult, abusiveRun, overLimit, control] = await Promise.all([
          legit.done,
          abusive.done,
          fresh(OVER_LIMIT, { 'x-padding': 'A'.repeat(20_000) }),
          fresh(FRESH_CONTROL, { authorization: `Bearer ${tokens[0]!}` }),
        ]);
        abusiveRun.traffic.set(overLimit.name, overLimit);
        legitResult.traffic.set(control.name, control);
        abusiveResult = abusiveRun;
        return legitResult;
      },
      (r) => r.traffic.get('legitimate')!.latency.percentile(99),
    );
    const samples = await sampler.stop();
    recorder.rows(legitResult);
    recorder.rows(abusiveResult!);

    const ok = legitResult.traffic.get('legitimate')!;
    recorder.check(
      'every legitimate request answered 200',
      unexpected(ok, 200) === 0 && ok.requests > 0,
      `${ok.requests} requests, ${unexpected(ok, 200)} not 200`,
    );
    recorder.check(
      'legitimate p99 within 2× of steady',
      ok.latency.percentile(99) <= bound,
      `${ok.latency.percentile(99).toFixed(1)} ms ≤ ${bound.toFixed(1)} ms (steady p99 just before: ${baselineP99.toFixed(1)} ms; attempt ${attempts})`,
    );
    // "Refused fast": no slower than legitimate requests sent the same way are served at the same
    // moment (within 2×): keep-alive classes against keep-alive, new connections against new ones.
    const control = legitResult.traffic.get(FRESH_CONTROL)!;
    recorder.check(
      'legitimate requests on new connections answered 200',
      unexpected(control, 200) === 0 && control.requests > 0,
      `${control.requests} requests, ${unexpected(control, 200)} not 200`,
    );
    for (const stats of abusiveResult!.traffic.values()) {
      const reference = stats.name === OVER_LIMIT ? control : ok;
      const fastBound = latencyBound(reference.latency.percentile(50), options.latencyFloorMs);
      const served = countWhere(stats, (s) => s < 400);
      const failed = countWhere(stats, (s) => s >= 500);
      recorder.check(
        `${stats.name}: refused, never served or 5xx`,
        stats.requests > 0 && served === 0 && failed === 0,
        `${stats.requests} sent, ${served} served, ${failed} 5xx`,
      );
      recorder.check(
        `${stats.name}: refused fast`,
        stats.latency.percentile(50) <= fastBound,
        `p50 ${stats.latency.percentile(50).toFixed(1)} ms ≤ ${fastBound.toFixed(1)} ms (2× ${reference.name} p50)`,
      );
    }
    const jwks = stack.emulator.stats.count('jwks');
    const seconds = attempts * (options.seconds + options.baselineSeconds);
    const allowed = 1 + Math.ceil(seconds / UNKNOWN_KID_COOLDOWN_SECONDS);
    recorder.check(
      'random kids cost bounded JWKS fetches',
      jwks <= allowed,
      `${jwks} fetches ≤ ${allowed} in ${seconds} s`,
    );
    recorder.check(
      'legitimate connections saw no errors or timeouts',
      legitResult.errors === 0 && legitResult.timeouts === 0,
      `${legitResult.errors} errors, ${legitResult.timeouts} timeouts`,
    );
    recorder.serverFigures(samples);
    checkNoTokensLogged(recorder, stack.server.output(), tokens);
    return recorder.report;
  } finally {
    await stack.close();
  }
}
