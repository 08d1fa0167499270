import { fire } from '../load/fire.js';
import { Rotation } from '../load/rotation.js';
import { profileMe, traffic } from '../load/traffic.js';
import type { LoadOptions } from '../options.js';
import { startLoadStack } from '../stack/load-stack.js';
import { startSampler } from '../stack/sampler.js';
import { checkNoTokensLogged } from './log-check.js';
import { ScenarioRecorder, type ScenarioReport, unexpected } from './scenario-report.js';

/** 50 connections of valid traffic, 20 users × 5 tokens: zero errors. */
export async function steady(options: LoadOptions, mode: 'jwks' | 'jwt-key'): Promise<ScenarioReport> {
  const recorder = new ScenarioRecorder(mode === 'jwks' ? 'steady (JWKS)' : 'steady (CLERK_JWT_KEY)');
  const stack = await startLoadStack({ mode, users: 20, tokensPerUser: 5, jitWarmUpSeconds: options.jitWarmUpSeconds });
  try {
    const tokens = stack.users.flatMap((u) => u.tokens);
    const sampler = startSampler(stack.server);
    stack.emulator.stats.reset();
    const result = await fire({
      url: stack.server.url,
      connections: options.connections,
      durationSeconds: options.seconds,
      classes: [traffic('valid', 1, new Rotation(tokens), profileMe)],
    }).done;
    const samples = await sampler.stop();
    recorder.rows(result);
    const valid = result.traffic.get('valid')!;
    recorder.check(
      'every request answered 200',
      unexpected(valid, 200) === 0 && valid.requests > 0,
      `${valid.requests} requests, ${unexpected(valid, 200)} not 200`,
    );
    recorder.check(
      'no connection errors or timeouts',
      result.errors === 0 && result.timeouts === 0,
      `${result.errors} errors, ${result.timeouts} timeouts`,
    );
    const calls = stack.emulator.stats.count('getUser') + stack.emulator.stats.count('jwks');
    recorder.check('no Backend API call once warm', calls === 0, `${calls} getUser/JWKS calls`);
    recorder.serverFigures(samples);
    checkNoTokensLogged(recorder, stack.server.output(), tokens);
    return recorder.report;
  } finally {
    await stack.close();
  }
}
