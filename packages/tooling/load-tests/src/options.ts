/** Knobs for `pnpm test:load`, from the environment; the defaults keep a full run near 5 minutes on 2 cores. */
export interface LoadOptions {
  /** Length of the steady, mixed and abuse runs. */
  seconds: number;
  /** Length of the soak run (default 90 s; raise it for a longer soak outside CI). */
  soakSeconds: number;
  connections: number;
  /** The "within 2× of steady" latency bounds never go below this (scheduler noise at a few ms). */
  latencyFloorMs: number;
  /** Run only these scenarios (comma-separated names); default all. */
  only: ReadonlySet<string> | null;
  /** Where to write the soak's per-second server samples as JSON (for a closer look); default nowhere. */
  samplesFile: string | null;
  /** Length of the overload run (default 20 s; a CI profile may shorten it). */
  overloadSeconds: number;
  /** Clients of the overload run as a multiple of what the server admits at once (default 4). */
  overloadFactor: number;
  /** Overload clients ask again at once after a 503 instead of waiting for its Retry-After. */
  overloadGreedy: boolean;
}

const SCENARIOS = [
  'steady',
  'mixed',
  'abuse',
  'chaos',
  'soak',
  'crash-safety',
  'db-outage',
  'overload',
  'cluster',
] as const;

export function loadOptions(env: NodeJS.ProcessEnv): LoadOptions {
  const only = env['LOAD_ONLY']
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const name of only ?? []) {
    if (!(SCENARIOS as readonly string[]).includes(name))
      throw new Error(`LOAD_ONLY: unknown scenario ${name} (one of ${SCENARIOS.join(', ')})`);
  }
  return {
    seconds: positive(env, 'LOAD_SECONDS', 15),
    soakSeconds: positive(env, 'LOAD_SOAK_SECONDS', 90),
    connections: positive(env, 'LOAD_CONNECTIONS', 50),
    latencyFloorMs: positive(env, 'LOAD_LATENCY_FLOOR_MS', 10),
    only: only && only.length > 0 ? new Set(only) : null,
    samplesFile: env['LOAD_SAMPLES_FILE'] || null,
    overloadSeconds: positive(env, 'LOAD_OVERLOAD_SECONDS', 20),
    overloadFactor: positive(env, 'LOAD_OVERLOAD_FACTOR', 4),
    overloadGreedy: env['LOAD_OVERLOAD_GREEDY'] === '1',
  };
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!(Number.isFinite(value) && value > 0)) throw new Error(`${name} must be a positive number, got ${raw}`);
  return value;
}
