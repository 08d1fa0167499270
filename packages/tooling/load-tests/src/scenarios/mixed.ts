import { fire } from '../load/fire.js';
import { Rotation } from '../load/rotation.js';
import { badTokens, batch, profileMe, traffic } from '../load/traffic.js';
import type { LoadOptions } from '../options.js';
import { startLoadStack } from '../stack/load-stack.js';
import { startSampler } from '../stack/sampler.js';
import { againstSteadyBaseline } from './baseline.js';
import { checkNoTokensLogged } from './log-check.js';
import { ScenarioRecorder, type ScenarioReport, unexpected } from './scenario-report.js';

/** 80% valid, 15% forged tokens, 5% batches: exactly the forged ones refused, valid p99 within 2× of steady. */
export async function mixed(options: LoadOptions): Promise<ScenarioReport> {
  const recorder = new ScenarioRecorder('mixed');
  const stack = await startLoadStack({
    mode: 'jwks',
    users: 20,
    tokensPerUser: 5,
    jitWarmUpSeconds: options.jitWarmUpSeconds,
  });
  try {
    const tokens = stack.users.flatMap((u) => u.tokens);
    const valid = new Rotation(tokens);
    const forged = badTokens(tokens.slice(0, 40));
    const sampler = startSampler(stack.server);
    const { result, baselineP99, bound, attempts } = await againstSteadyBaseline(
      stack,
      options,
      () =>
        fire({
          url: stack.server.url,
          connections: options.connections,
          durationSeconds: options.seconds,
          classes: [
            traffic('valid', 16, valid, profileMe),
            traffic('forged token', 3, new Rotation(forged), profileMe),
            traffic('batch of 2', 1, valid, batch),
          ],
        }).done,
      (r) => r.traffic.get('valid')!.latency.percentile(99),
    );
    const samples = await sampler.stop();
    recorder.rows(result);
    const [ok, bad, batched] = ['valid', 'forged token', 'batch of 2'].map((name) => result.traffic.get(name)!);
    recorder.check(
      'every valid request answered 200',
      unexpected(ok, 200) === 0,
      `${ok!.requests} valid, ${unexpected(ok, 200)} not 200`,
    );
    recorder.check(
      'every forged token refused with 401',
      unexpected(bad, 401) === 0 && bad!.requests > 0,
      `${bad!.requests} forged, ${unexpected(bad, 401)} not 401`,
    );
    recorder.check(
      'every batch answered 200',
      unexpected(batched, 200) === 0,
      `${batched!.requests} batches, ${unexpected(batched, 200)} not 200`,
    );
    const total = ok!.requests + bad!.requests + batched!.requests;
    recorder.figure(
      'traffic shares',
      `${pct(ok!.requests, total)} valid / ${pct(bad!.requests, total)} forged / ${pct(batched!.requests, total)} batches`,
    );
    const p99 = ok!.latency.percentile(99);
    recorder.check(
      'valid p99 within 2× of steady',
      p99 <= bound,
      `${p99.toFixed(1)} ms ≤ ${bound.toFixed(1)} ms (steady p99 just before: ${baselineP99.toFixed(1)} ms; attempt ${attempts})`,
    );
    recorder.check(
      'no connection errors or timeouts',
      result.errors === 0 && result.timeouts === 0,
      `${result.errors} errors, ${result.timeouts} timeouts`,
    );
    recorder.serverFigures(samples);
    checkNoTokensLogged(recorder, stack.server.output(), [
      ...tokens,
      ...forged.filter((t) => t.split('.').length === 3),
    ]);
    return recorder.report;
  } finally {
    await stack.close();
  }
}

const pct = (n: number, total: number) => `${((100 * n) / Math.max(1, total)).toFixed(1)}%`;
