// `pnpm test:load`: every scenario against the built server, a summary table, and exit code 1
// when any bound is violated. Loopback only; every run is bounded in time (see options.ts).
import { loadOptions } from './options.js';
import { formatSummary } from './report/summary-table.js';
import { abuse } from './scenarios/abuse.js';
import { chaos, startChaosStack } from './scenarios/chaos.js';
import { cluster } from './scenarios/cluster.js';
import { crashSafety } from './scenarios/crash-safety.js';
import { dbOutage } from './scenarios/db-outage.js';
import { fairness } from './scenarios/fairness.js';
import { mixed } from './scenarios/mixed.js';
import { overload } from './scenarios/overload.js';
import type { ScenarioReport } from './scenarios/scenario-report.js';
import { soak } from './scenarios/soak.js';
import { steady } from './scenarios/steady.js';

const options = loadOptions(process.env);
const wanted = (name: string) => options.only === null || options.only.has(name);
const reports: ScenarioReport[] = [];
const started = performance.now();

const log = (message: string) => console.log(`[load ${((performance.now() - started) / 1000).toFixed(0)}s] ${message}`);

async function run(name: string, scenario: () => Promise<ScenarioReport>): Promise<void> {
  log(`${name}…`);
  const report = await scenario();
  reports.push(report);
  log(`${name}: ${report.checks.every((c) => c.ok) ? 'ok' : 'FAILED'}`);
}

log(`profile ${options.profile}`);
// Started before the others, so its server's key cooldown runs out while they run (see chaos.ts).
const chaosStack = wanted('chaos') ? await startChaosStack(options) : undefined;
try {
  if (wanted('steady')) await run('steady (JWKS)', () => steady(options, 'jwks'));
  if (wanted('steady')) await run('steady (CLERK_JWT_KEY)', () => steady(options, 'jwt-key'));
  if (wanted('mixed')) await run('mixed', () => mixed(options));
  if (wanted('abuse')) await run('abuse under load', () => abuse(options));
  if (wanted('fairness')) await run('fairness (one user flooding, rate limits on)', () => fairness(options));
} catch (error) {
  await chaosStack?.close();
  throw error;
}
if (chaosStack) await run('chaos', () => chaos(options, chaosStack));
if (wanted('soak')) await run('soak', () => soak(options));
if (wanted('crash-safety')) await run('crash-safety (kill -9 during creates)', () => crashSafety(options));
if (wanted('db-outage')) await run('db-outage (PostgreSQL killed under load)', () => dbOutage(options));
if (wanted('overload'))
  await run(`overload (${options.overloadFactor}× what the server admits, PostgreSQL)`, () => overload(options));
if (wanted('cluster')) await run('cluster', () => cluster(options));

console.log(`\n${formatSummary(reports)}\n`);
const failed = reports.flatMap((r) => r.checks.filter((c) => !c.ok).map((c) => `${r.name}: ${c.name}`));
log(failed.length === 0 ? 'all bounds held' : `${failed.length} bound(s) violated:\n  ${failed.join('\n  ')}`);
process.exitCode = failed.length === 0 ? 0 : 1;
