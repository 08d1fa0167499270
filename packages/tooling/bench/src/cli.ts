// `pnpm bench`: every contender in its own process on CPU 0, autocannon on CPU 1, loopback only;
// then the web app's /profile (first-load JS, render time) against web-budget.json.
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { startOtlpReceiver } from '@stack/test-kit';
import { startThrowawayPostgres } from '@stack/test-kit/postgres';

import { startBenchEmulator } from './bench-emulator.js';
import { type BenchOptions, parseBenchOptions, USAGE } from './bench-options.js';
import { type Contender, contenders } from './contenders.js';
import { describeMachine, machineInfo } from './machine.js';
import { LOAD_CPU, measure, type Sample } from './measure.js';
import type { NotesServerId } from './notes/notes-cases.js';
import { runNotesBench } from './notes/run-notes-bench.js';
import { runRealtimeBench } from './realtime/run-realtime-bench.js';
import { defenceRatios, formatDefenceRatios } from './report/defence-ratios.js';
import { formatNoise } from './report/noise.js';
import { checkRealtimeTargets, formatRealtimeTables } from './report/realtime-report.js';
import { summarize } from './report/summary.js';
import { formatTable } from './report/table.js';
import { checkTargets, formatTargets } from './report/targets.js';
import { seedRevocations } from './revocations-fixture.js';
import { runWebBench } from './web/run-web-bench.js';
import { formatWebReport } from './web/web-report.js';

const DEFAULT_OUT = fileURLToPath(new URL('../results', import.meta.url));
const WEB_BUDGET = fileURLToPath(new URL('../web-budget.json', import.meta.url));
const EXIT_ON_SIGTERM = new URL('./process/exit-on-sigterm.js', import.meta.url).href;

function parse(): BenchOptions {
  try {
    return parseBenchOptions(
      process.argv.slice(2).filter((a) => a !== '--'),
      DEFAULT_OUT,
    );
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
}

function nodeArgsFor(id: Contender['id'] | NotesServerId, round: number, options: BenchOptions): string[] {
  if (!options.profile.includes(id)) return [];
  // A folder per server and round, with Node's own file names: a traced server's module loader
  // hooks run on a thread of their own, which writes a profile too (one name for both lost the
  // main thread's). summarize-cli, given the folder, reads the main thread's.
  return [
    `--import=${EXIT_ON_SIGTERM}`,
    '--cpu-prof',
    `--cpu-prof-dir=${path.join(options.outDir, 'profiles', `${id}-round${round}`)}`,
  ];
}

/** Rounds alternate direction (A…E, E…A, …) so slow drift on the machine hits everyone alike. */
function schedule<T>(items: readonly T[], round: number): T[] {
  return round % 2 === 1 ? [...items] : [...items].reverse();
}

/** The API side: every contender, alternating over rounds, then the ratio table and targets. */
async function runApiBench(options: BenchOptions) {
  const perRound = options.only.length * (options.warmupSeconds + options.durationSeconds + 5);
  const identity = await startBenchEmulator({
    latencyMs: options.latencyMs,
    users: options.users,
    tokenLifetimeSeconds: options.rounds * perRound + 600,
  });
  // Started by the harness, so PostgreSQL and the trace sink run beside the load generator, not on the server's CPU.
  const postgres = await startThrowawayPostgres();
  const revocations = await postgres.createDatabase('bench_revocations');
  if (options.only.includes('ours-1-revocations')) await seedRevocations(revocations);
  const sink = await startOtlpReceiver({ discard: true });
  const all = contenders(
    identity,
    await postgres.createDatabase('bench_api'),
    revocations,
    sink.endpoint,
    options.serverEnv,
  ).filter((c) => options.only.includes(c.id));
  console.log(
    `${options.rounds} round(s) × ${all.length} contender(s), ${options.warmupSeconds} s warm-up + ${options.durationSeconds} s measured, ` +
      `${options.connections} connections, Backend API latency ${options.latencyMs} ms (about ${Math.ceil((options.rounds * perRound) / 60)} min)\n`,
  );

  const samples: Sample[] = [];
  try {
    for (let round = 1; round <= options.rounds; round++) {
      for (const contender of schedule(all, round)) {
        const settings = { ...options, nodeArgs: nodeArgsFor(contender.id, round, options) };
        const sample = await measure(contender, round, identity.emulator, settings);
        samples.push(sample);
        console.log(
          `  round ${round} ${contender.id.padEnd(8)} ${Math.round(sample.requestsPerSecond).toString().padStart(6)} req/s  ` +
            `p99 ${sample.p99.toFixed(1)} ms  CPU ${sample.cpuMicrosPerRequest?.toFixed(0) ?? 'n/a'} µs/req  errors ${sample.errors}  cold start ${sample.coldStartMs.toFixed(0)} ms`,
        );
      }
    }
  } finally {
    await identity.emulator.close();
    await postgres.stop();
    await sink.close();
  }

  const summaries = summarize(samples, all);
  const targets = checkTargets(summaries);
  const defences = defenceRatios(samples);
  const noise = formatNoise(samples);
  console.log(
    `\n${formatTable(summaries)}\n\nRate limits and revocation checks, same run (${formatDefenceRatios(defences)}\n\nTargets (medians of ${options.rounds} round(s)):\n${formatTargets(targets)}${noise ? `\n\n${noise}` : ''}`,
  );
  return { samples, summaries, targets, defences };
}

/** Issue 12's notes cases, each against its floor, with an emulator of their own. */
async function runNotesPart(options: BenchOptions) {
  const perServer = 2 * (options.notesWarmupSeconds + options.notesDurationSeconds + 2);
  const servers = options.notesDatabases.length * options.notesSides.length;
  console.log(
    `\nNotes: ${options.notesRounds} round(s) × (${options.notesDatabases.join(', ')}) × (${options.notesSides.join(', ')}) × (note.list, note.create), ` +
      `${options.notesWarmupSeconds} s warm-up + ${options.notesDurationSeconds} s measured, ${options.connections} connections ` +
      `(about ${Math.ceil((options.notesRounds * servers * perServer) / 60)} min)\n`,
  );
  const identity = await startBenchEmulator({
    latencyMs: options.latencyMs,
    users: 1,
    tokenLifetimeSeconds: options.notesRounds * servers * perServer + 600,
  });
  try {
    return await runNotesBench(identity, {
      rounds: options.notesRounds,
      warmupSeconds: options.notesWarmupSeconds,
      durationSeconds: options.notesDurationSeconds,
      connections: options.connections,
      nodeArgs: (id, round) => nodeArgsFor(id, round, options),
      serverEnv: options.serverEnv,
      databases: options.notesDatabases,
      sides: options.notesSides,
    });
  } finally {
    await identity.emulator.close();
  }
}

/** Issue 20's realtime cases, with an emulator and a PostgreSQL of their own. */
async function runRealtimePart(options: BenchOptions) {
  const settings = {
    streams: options.realtimeStreams,
    subscribers: options.realtimeSubscribers,
    latencyChanges: 20,
    burstChanges: 200,
    clusterSubscribers: 100,
    clusterChanges: 50,
  };
  console.log(
    `\nRealtime: ${settings.streams.toLocaleString('en-US')} streams held, a change to ${settings.subscribers.toLocaleString('en-US')} subscribers ` +
      `(${settings.latencyChanges} paced, then ${settings.burstChanges} back to back), 3 instances with ${settings.clusterSubscribers} subscribers ` +
      `(about ${Math.ceil(settings.streams / 2_000) + 2} min)\n`,
  );
  const lifetimeSeconds = 3_600;
  const identity = await startBenchEmulator({
    latencyMs: options.latencyMs,
    users: 1,
    tokenLifetimeSeconds: lifetimeSeconds,
  });
  const postgres = await startThrowawayPostgres();
  try {
    const result = await runRealtimeBench(
      identity,
      await postgres.createDatabase('realtime'),
      settings,
      lifetimeSeconds,
    );
    const targets = checkRealtimeTargets(result);
    console.log(`\n${formatRealtimeTables(result)}\n\nRealtime targets:\n${formatTargets(targets)}`);
    return { ...result, targets };
  } finally {
    await identity.emulator.close();
    await postgres.stop();
  }
}

/** The web side: `/profile`'s first-load JS and render time, judged against web-budget.json. */
async function runWebPart(options: BenchOptions) {
  console.log(
    `\nWeb: ${options.webRequests} signed-in requests per target after ${Math.min(10, options.webRequests)} warm-up…`,
  );
  const web = await runWebBench({
    requests: options.webRequests,
    warmup: Math.min(10, options.webRequests),
    budgetFile: WEB_BUDGET,
  });
  console.log(`\n${formatWebReport(web, path.relative(process.cwd(), WEB_BUDGET) || WEB_BUDGET)}`);
  // A regression fails the run (CI can gate on it); the API targets above are reported only.
  if (web.checks.some((c) => !c.ok)) process.exitCode = 1;
  return web;
}

async function main(): Promise<void> {
  const options = parse();
  if (options.help) return console.log(USAGE);
  if (cpus().length < 2) throw new Error('the benchmark needs 2 CPUs: one for the server, one for the load generator');
  // The harness (and the in-process emulator) share the load generator's CPU, never the server's.
  execFileSync('taskset', ['-cp', String(LOAD_CPU), String(process.pid)], { stdio: 'ignore' });
  // Ctrl-C (or SIGTERM) ends the bench at once; the test kit kills the servers and load
  // generators it started as this process exits.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

  const machine = machineInfo();
  console.log(`Machine: ${describeMachine(machine)}`);
  const api = options.only.length > 0 ? await runApiBench(options) : undefined;
  const notes = options.notes ? await runNotesPart(options) : undefined;
  const realtime = options.realtime ? await runRealtimePart(options) : undefined;
  const web = options.web ? await runWebPart(options) : undefined;

  await mkdir(options.outDir, { recursive: true });
  const file = path.join(options.outDir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const { help: _help, ...settings } = options;
  await writeFile(file, `${JSON.stringify({ machine, settings, ...api, notes, realtime, web }, null, 2)}\n`);
  console.log(`\nRaw results: ${file}`);
  if (options.profile.length > 0)
    console.log(
      `CPU profiles: ${path.join(options.outDir, 'profiles')} (summarize: node ${fileURLToPath(new URL('./profile/summarize-cli.js', import.meta.url))} <file>)`,
    );
}

await main();
