import { parseArgs } from 'node:util';

import { CONTENDER_IDS, type ContenderId } from './contenders.js';
import { NOTES_SERVER_IDS, NOTES_SIDES, type NotesServerId, type NotesSide } from './notes/notes-cases.js';
import { NOTES_DATABASES, type NotesDatabaseKind } from './notes/notes-databases.js';

export interface BenchOptions {
  rounds: number;
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  /** The emulator's simulated Backend API latency (the seed design pays it on every request). */
  latencyMs: number;
  users: number;
  only: ContenderId[];
  /** Measure the web app's `/profile` too (first-load JS, render time) against web-budget.json. */
  web: boolean;
  /** Sequential signed-in requests per web target. */
  webRequests: number;
  /** Run the notes cases (note.list, note.create on PGlite and PostgreSQL, against the floor and tRPC alone). */
  notes: boolean;
  notesRounds: number;
  notesWarmupSeconds: number;
  notesDurationSeconds: number;
  /** Run the realtime cases (note.changes against tRPC standalone with an emitter; three instances). */
  realtime: boolean;
  /** Streams one instance holds in the memory case. */
  realtimeStreams: number;
  /** Subscribers of one organization in the fan-out case. */
  realtimeSubscribers: number;
  notesDatabases: NotesDatabaseKind[];
  notesSides: NotesSide[];
  /** Variables for our server on top of its defaults, e.g. TRPC_MAX_IN_FLIGHT (the gate-off sides keep the gate off). */
  serverEnv: Record<string, string>;
  /** Run these contenders' servers with --cpu-prof; profiles land next to the JSON. */
  profile: (ContenderId | NotesServerId)[];
  outDir: string;
  help: boolean;
}

export const USAGE = `Usage: pnpm bench [options]                    (repo root; runs \`pnpm build\` first)
       node packages/tooling/bench/dist/cli.js [options]   (after \`pnpm build\`)

  --rounds N        rounds, alternating contenders (default 3)
  --duration S      measured seconds per contender and round (default 10)
  --warmup S        unmeasured warm-up seconds before each measurement (default 10)
  --connections N   concurrent keep-alive connections (default 100)
  --latency-ms N    simulated Backend API latency of the emulator (default 20)
  --users N         distinct users for "ours, N users" (default 200)
  --only a,b        run only these parts: ${CONTENDER_IDS.join(', ')}, notes, realtime, web
  --web             only the web part (same as --only web): /profile's first-load JS and render time
  --web-requests N  sequential signed-in requests per web target (default 50)
  --notes-rounds N  rounds of the notes cases (default 2; each: 8 servers × note.list + note.create)
  --notes-duration S  measured seconds per notes case and round (default 4; warm-up 2 s)
  --realtime-streams N      streams one instance holds in the realtime memory case (default 10000)
  --realtime-subscribers N  subscribers of one organization in the realtime fan-out case (default 1000)
  --notes-databases a,b  ${NOTES_DATABASES.join(', ')} (default both)
  --notes-sides a,b     ${NOTES_SIDES.join(', ')} (default all; ratios and targets need floor, trpc, ours)
  --server-env K=V,…  variables for our server on top of its defaults (e.g. TRPC_MAX_IN_FLIGHT=16
                    to compare gate sizes; the gate-off sides keep the gate off)
  --profile a,b     run these servers with --cpu-prof (profiles go to the results folder):
                    ${CONTENDER_IDS.join(', ')}, ${NOTES_SERVER_IDS.join(', ')}
  --out DIR         where results are written (default packages/tooling/bench/results)
  --quick           smoke run: --rounds 1 --duration 3 --warmup 1 --web-requests 20 --notes-rounds 1
                    --notes-duration 2 (warm-up 1 s) --realtime-streams 2000 --realtime-subscribers 300
                    (about three minutes)`;

/** `--only web` / `--only notes` / `--only realtime`: parts of the run that are not issue 5's contenders. */
const WEB = 'web';
const NOTES = 'notes';
const REALTIME = 'realtime';

/** Throws with a readable message on unknown flags or bad numbers. */
export function parseBenchOptions(argv: readonly string[], defaultOutDir: string): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      rounds: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      'latency-ms': { type: 'string' },
      users: { type: 'string' },
      only: { type: 'string' },
      web: { type: 'boolean' },
      'web-requests': { type: 'string' },
      'notes-rounds': { type: 'string' },
      'notes-duration': { type: 'string' },
      'realtime-streams': { type: 'string' },
      'realtime-subscribers': { type: 'string' },
      'notes-databases': { type: 'string' },
      'notes-sides': { type: 'string' },
      profile: { type: 'string' },
      'server-env': { type: 'string' },
      out: { type: 'string' },
      quick: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const quick = values.quick ?? false;
  const only = values.web ? [WEB] : partList(values.only, '--only');
  return {
    rounds: integer(values.rounds ?? (quick ? '1' : '3'), '--rounds', 1, 50),
    durationSeconds: integer(values.duration ?? (quick ? '3' : '10'), '--duration', 1, 600),
    warmupSeconds: integer(values.warmup ?? (quick ? '1' : '10'), '--warmup', 1, 600),
    connections: integer(values.connections ?? '100', '--connections', 1, 1_000),
    latencyMs: integer(values['latency-ms'] ?? '20', '--latency-ms', 0, 10_000),
    users: integer(values.users ?? '200', '--users', 1, 10_000),
    only:
      only === undefined
        ? [...CONTENDER_IDS]
        : (only.filter((id) => id !== WEB && id !== NOTES && id !== REALTIME) as ContenderId[]),
    web: only === undefined || only.includes(WEB),
    webRequests: integer(values['web-requests'] ?? (quick ? '20' : '50'), '--web-requests', 1, 1_000),
    notes: only === undefined || only.includes(NOTES),
    notesRounds: integer(values['notes-rounds'] ?? (quick ? '1' : '2'), '--notes-rounds', 1, 50),
    notesWarmupSeconds: quick ? 1 : 2,
    notesDurationSeconds: integer(values['notes-duration'] ?? (quick ? '2' : '4'), '--notes-duration', 1, 600),
    realtime: only === undefined || only.includes(REALTIME),
    realtimeStreams: integer(
      values['realtime-streams'] ?? (quick ? '2000' : '10000'),
      '--realtime-streams',
      10,
      15_000,
    ),
    realtimeSubscribers: integer(
      values['realtime-subscribers'] ?? (quick ? '300' : '1000'),
      '--realtime-subscribers',
      10,
      10_000,
    ),
    notesDatabases: subsetOf(values['notes-databases'], NOTES_DATABASES, '--notes-databases'),
    notesSides: subsetOf(values['notes-sides'], NOTES_SIDES, '--notes-sides'),
    serverEnv: serverEnv(values['server-env']),
    profile: (partList(values.profile, '--profile', false) as (ContenderId | NotesServerId)[] | undefined) ?? [],
    outDir: values.out ?? defaultOutDir,
    help: values.help ?? false,
  };
}

/** A comma-separated subset of `all` (default: all of them, in their order). */
function subsetOf<T extends string>(raw: string | undefined, all: readonly T[], flag: string): T[] {
  if (raw === undefined) return [...all];
  const picked = raw.split(',').map((s) => s.trim());
  for (const item of picked)
    if (!(all as readonly string[]).includes(item))
      throw new Error(`${flag}: unknown ${JSON.stringify(item)} (one of ${all.join(', ')})`);
  return all.filter((item) => picked.includes(item));
}

/** `A=1,B=2` → { A: '1', B: '2' }; names are upper-case environment variable names. */
function serverEnv(raw: string | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of (raw ?? '').split(',').filter(Boolean)) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(pair.trim());
    if (!match) throw new Error(`--server-env: expected NAME=value, got ${JSON.stringify(pair)}`);
    env[match[1]!] = match[2]!;
  }
  return env;
}

function integer(raw: string, flag: string, min: number, max: number): number {
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw new Error(`${flag} must be an integer between ${min} and ${max}, got ${JSON.stringify(raw)}`);
  return value;
}

function partList(raw: string | undefined, flag: string, allowWeb = true): string[] | undefined {
  if (raw === undefined) return undefined;
  const ids = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const known: readonly string[] = allowWeb
    ? [...CONTENDER_IDS, NOTES, REALTIME, WEB]
    : [...CONTENDER_IDS, ...NOTES_SERVER_IDS];
  for (const id of ids) {
    if (!known.includes(id))
      throw new Error(`${flag}: unknown contender ${JSON.stringify(id)} (one of ${known.join(', ')})`);
  }
  return ids;
}
