import { fileURLToPath } from 'node:url';

import { SERVER_MAIN, serverEnv } from '@stack/test-harness';

import type { BenchIdentity } from './bench-emulator.js';
import { REVOCATIONS_LABEL } from './revocations-fixture.js';

export const CONTENDER_IDS = [
  'floor',
  'ours-1',
  'ours-1-nolimits',
  'ours-1-revocations',
  'ours-1-open',
  'ours-200',
  'seed',
  'rest',
  'obs-off',
  'traced-100',
  'traced-10',
  'ours-1-twin',
] as const;
export type ContenderId = (typeof CONTENDER_IDS)[number];

export interface Contender {
  id: ContenderId;
  label: string;
  /** The server's entry file, run as `node <script>`. */
  script: string;
  env: Record<string, string>;
  /** Polled for the first 200 (cold start). */
  readyPath: string;
  /** What the load generator requests. */
  path: string;
  authorizations: string[];
}

const file = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));
// What `pnpm build` made (the bench runs from dist/).
export const OUR_SERVER = SERVER_MAIN;
const FLOOR_SERVER = file('./servers/floor-server.js');
const SEED_SERVER = file('./servers/seed-design-server.js');

/**
 * The rate limits on, every call counted, shared and given headers as in production, with quotas
 * no bench can reach: what the limiter costs, not what it refuses.
 */
const LIMITS_ON_UNREACHABLE: Record<string, string> = {
  RATE_LIMIT_USER_READS_PER_MIN: '1000000000',
  RATE_LIMIT_USER_WRITES_PER_MIN: '1000000000',
  RATE_LIMIT_ORG_WRITES_PER_MIN: '1000000000',
  RATE_LIMIT_ANONYMOUS_PER_MIN: '1000000000',
  RATE_LIMIT_WEBHOOK_FAILURES_PER_MIN: '1000000000',
};

/** Every rate limit off, and no bound on one caller's requests in flight: the baseline for the limits' cost. */
const LIMITS_OFF: Record<string, string> = {
  RATE_LIMIT_USER_READS_PER_MIN: '0',
  RATE_LIMIT_USER_WRITES_PER_MIN: '0',
  RATE_LIMIT_ORG_WRITES_PER_MIN: '0',
  RATE_LIMIT_ANONYMOUS_PER_MIN: '0',
  RATE_LIMIT_WEBHOOK_FAILURES_PER_MIN: '0',
  REQUESTS_IN_FLIGHT_PER_CALLER: '0',
};

/** Our server with its admission gate off: the same run tells what the gate costs or buys. */
export const GATE_OFF = { TRPC_MAX_IN_FLIGHT: '0' } as const;

/**
 * The real server's contract (README): JWKS mode, no CLERK_JWT_KEY, so key fetching is measured
 * too; the rate limits on (unreachable quotas), as shipped otherwise.
 */
export function ourServerEnv({ emulator }: BenchIdentity): Record<string, string> {
  return { NODE_ENV: 'production', ...serverEnv(emulator, { mode: 'jwks' }), ...LIMITS_ON_UNREACHABLE };
}

/**
 * The five contenders of issue 5, in the order the table lists them, with issue 18's two and
 * issue 22's gate-off one after `ours-1`, then issue 19's overhead contenders. Our server runs in
 * its production shape, on PostgreSQL (`databaseUrl`): an embedded PGlite would put the database's
 * memory and start-up into the server's RSS and cold start (747 MB, 9.7 s measured), with request
 * lines on stdout and metrics counted (METRICS_PORT) as an operator runs it. `revocationsUrl` is a
 * database whose mirror holds many revocations (every instance checks each request against them
 * in memory); `otlpEndpoint` is a sink that accepts the traced contenders' exports; `serverEnv`
 * goes on top of our server's environment (`--server-env`).
 */
export function contenders(
  identity: BenchIdentity,
  databaseUrl: string,
  revocationsUrl: string,
  otlpEndpoint: string,
  serverEnv: Record<string, string> = {},
): Contender[] {
  const clerkEnv = { ...ourServerEnv(identity), DATABASE_URL: databaseUrl };
  const observed = { ...clerkEnv, METRICS_PORT: '0', ...serverEnv };
  const ours = { script: OUR_SERVER, env: observed, readyPath: '/health' };
  const traced = (sampler: Record<string, string>) => ({
    ...ours,
    env: { ...observed, OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint, ...sampler },
    path: '/trpc/profile.me',
    authorizations: [identity.oneUser],
  });
  return [
    {
      id: 'floor',
      label: 'floor: tRPC standalone, public',
      script: FLOOR_SERVER,
      env: { NODE_ENV: 'production' },
      readyPath: '/trpc/health',
      path: '/trpc/profile.me',
      authorizations: [],
    },
    {
      id: 'ours-1',
      label: 'ours: profile.me, 1 user (request lines + metrics)',
      ...ours,
      path: '/trpc/profile.me',
      authorizations: [identity.oneUser],
    },
    {
      id: 'ours-1-nolimits',
      label: 'ours: profile.me, 1 user, rate limits off',
      ...ours,
      env: { ...observed, ...LIMITS_OFF },
      path: '/trpc/profile.me',
      authorizations: [identity.oneUser],
    },
    {
      id: 'ours-1-revocations',
      label: `ours: profile.me, 1 user, ${REVOCATIONS_LABEL}`,
      ...ours,
      env: { ...observed, DATABASE_URL: revocationsUrl },
      path: '/trpc/profile.me',
      authorizations: [identity.oneUser],
    },
    {
      id: 'ours-1-open',
      label: 'ours: profile.me, 1 user, gate off',
      ...ours,
      env: { ...ours.env, ...GATE_OFF },
      path: '/trpc/profile.me',
      authorizations: [identity.oneUser],
    },
    {
      id: 'ours-200',
      label: `ours: profile.me, ${identity.manyUsers.length} users`,
      ...ours,
      path: '/trpc/profile.me',
      authorizations: identity.manyUsers,
    },
    {
      id: 'seed',
      label: 'seed design: verify + getUser',
      script: SEED_SERVER,
      env: clerkEnv,
      readyPath: '/health',
      path: '/trpc/profile.me',
      authorizations: [identity.oneUser],
    },
    {
      id: 'rest',
      label: 'ours: REST GET /api/profile',
      ...ours,
      path: '/api/profile',
      authorizations: [identity.oneUser],
    },
    {
      id: 'obs-off',
      label: 'ours-1, no request lines, no metrics',
      ...ours,
      // Request lines are `info`; no METRICS_PORT: nothing is counted.
      env: { ...clerkEnv, LOG_LEVEL: 'warn' },
      path: '/trpc/profile.me',
      authorizations: [identity.oneUser],
    },
    {
      id: 'traced-100',
      label: 'ours-1 + traces, every request sampled',
      ...traced({ OTEL_TRACES_SAMPLER: 'parentbased_always_on' }),
    },
    {
      id: 'traced-10',
      label: 'ours-1 + traces, parentbased_traceidratio 0.1',
      ...traced({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' }),
    },
    {
      // The same server as ours-1: how far apart two identical servers land in this run.
      id: 'ours-1-twin',
      label: 'ours-1 again, an identical server (the run’s noise)',
      ...ours,
      path: '/trpc/profile.me',
      authorizations: [identity.oneUser],
    },
  ];
}
