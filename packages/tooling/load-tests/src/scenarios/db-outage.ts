import { setTimeout as sleep } from 'node:timers/promises';

import { fire, type Firing, type ResponseEvent, type TrafficClass } from '../load/fire.js';
import { callTrpc } from '../load/trpc-call.js';
import type { LoadOptions } from '../options.js';
import { startNotesServer } from '../stack/notes-server.js';
import { countWhere, ScenarioRecorder, type ScenarioReport } from './scenario-report.js';

const RECOVERY_LIMIT_S = 10;
const RATE = 150;
// A request may wait for the pool's connection timeout (5 s) while PostgreSQL is gone, not longer.
const MAX_LATENCY_MS = 7_000;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function notesTraffic(token: string): TrafficClass[] {
  const listInput = encodeURIComponent(JSON.stringify({ limit: 20 }));
  let n = 0;
  return [
    {
      name: 'note.list',
      weight: 3,
      next: () => ({ path: `/trpc/note.list?input=${listInput}`, headers: bearer(token) }),
    },
    {
      name: 'note.create',
      weight: 1,
      next: () => ({
        method: 'POST',
        path: '/trpc/note.create',
        headers: { ...bearer(token), 'content-type': 'application/json' },
        body: JSON.stringify({ title: `outage ${n++}` }),
      }),
    },
  ];
}

/** PostgreSQL restarted after a kill: the first start may race the old server's last backends. */
async function startAgain(start: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (error) {
      if (attempt === 3) throw error;
      await sleep(250);
    }
  }
}

/**
 * A steady mix of note.list and note.create while the server's PostgreSQL is killed and, after a
 * few seconds, started again on the same data. Every answer is a success or a 503 with
 * Retry-After (never a 500, never a hang), and full service is back within 10 s of PostgreSQL
 * being started again.
 */
export async function dbOutage(options: LoadOptions): Promise<ScenarioReport> {
  const { leadInSeconds: LEAD_IN_S, downSeconds: DOWN_S, stableTailSeconds: STABLE_TAIL_S } = options.dbOutage;
  const recorder = new ScenarioRecorder('db-outage');
  const stack = await startNotesServer('postgres');
  const postgres = stack.postgres!;
  let firing: Firing | undefined;
  try {
    for (let i = 0; i < 5; i++)
      await callTrpc(stack.server.url, stack.token, 'mutation', 'note.create', { title: `seed ${i}` });
    const events: ResponseEvent[] = [];
    const maxSeconds = LEAD_IN_S + DOWN_S + RECOVERY_LIMIT_S + STABLE_TAIL_S + 10;
    firing = fire({
      url: stack.server.url,
      connections: 8,
      overallRate: RATE,
      durationSeconds: maxSeconds,
      classes: notesTraffic(stack.token),
      onResponse: (e) => void events.push(e),
    });
    await sleep(LEAD_IN_S * 1000);
    const downAt = performance.now();
    await postgres.kill();
    await sleep(DOWN_S * 1000);
    const restartAt = performance.now();
    await startAgain(() => postgres.start());
    const upAt = performance.now();

    const lastFailure = () => events.reduce((last, e) => (e.status !== 200 ? Math.max(last, e.at) : last), restartAt);
    const recovered = () => {
      const since = lastFailure();
      const ok = (name: string) => events.some((e) => e.traffic === name && e.status === 200 && e.at > since);
      return performance.now() - since >= STABLE_TAIL_S * 1000 && ok('note.list') && ok('note.create');
    };
    while (!recovered() && performance.now() - restartAt < (RECOVERY_LIMIT_S + STABLE_TAIL_S) * 1000) await sleep(100);
    firing.stop();
    const result = await firing.done;
    recorder.rows(result);

    const all = [...result.traffic.values()];
    const recoverySeconds = (lastFailure() - restartAt) / 1000;
    const worst = Math.max(...all.map((s) => s.latency.percentile(100)));
    const during = events.filter((e) => e.at >= downAt && e.at < upAt);
    recorder.check(
      'every answer a 200 or a 503 (no 500, no other status)',
      all.every((s) => countWhere(s, (x) => x !== 200 && x !== 503) === 0),
      all.map((s) => `${s.name}: ${countWhere(s, (x) => x !== 200 && x !== 503)}`).join(', '),
    );
    recorder.check(
      'every 503 carries Retry-After',
      all.every((s) => s.missingRetryAfter === 0),
      `${all.reduce((n, s) => n + s.missingRetryAfter, 0)} without`,
    );
    recorder.check(
      `no hung request (none timed out, slowest under ${MAX_LATENCY_MS / 1000} s)`,
      result.timeouts === 0 && result.errors === 0 && worst < MAX_LATENCY_MS,
      `${result.timeouts} timeouts, ${result.errors} errors, slowest ${worst.toFixed(0)} ms`,
    );
    recorder.check(
      'no 503 before the outage',
      events.every((e) => e.at >= downAt || e.status === 200),
      `${events.filter((e) => e.at < downAt && e.status !== 200).length} non-200`,
    );
    for (const name of ['note.list', 'note.create']) {
      const down = during.filter((e) => e.traffic === name && e.status === 503).length;
      recorder.check(`${name}: 503 while PostgreSQL was down (the outage was real)`, down > 0, `${down} × 503`);
    }
    recorder.check(
      `full service within ${RECOVERY_LIMIT_S} s of PostgreSQL being started again`,
      recoverySeconds <= RECOVERY_LIMIT_S && recovered(),
      `last failure ${recoverySeconds.toFixed(2)} s after the restart began`,
    );
    recorder.figure('recovery after PostgreSQL was started again', `${recoverySeconds.toFixed(2)} s`);
    recorder.figure(
      'PostgreSQL restart itself (crash recovery until it accepts connections)',
      `${((upAt - restartAt) / 1000).toFixed(2)} s`,
    );
    recorder.figure(
      '503s during the outage',
      `${events.filter((e) => e.status === 503).length} of ${events.length} answers`,
    );
    recorder.figure('slowest answer', `${worst.toFixed(0)} ms`);
    return recorder.report;
  } finally {
    firing?.stop();
    await stack.close();
  }
}
