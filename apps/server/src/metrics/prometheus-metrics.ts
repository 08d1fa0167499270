import { collectDefaultMetrics, Counter, Gauge, type LabelValues, Registry } from 'prom-client';

import type { BackendApiOutcome } from '@stack/clerk-auth';
import type { UserLookupSource } from '@stack/contracts';
import type { OpenDatabase } from '@stack/db';
import type { ShedReason } from '@stack/nest-trpc';

import { LeanHistogram } from './lean-histogram.js';
import type { Metrics, WebhookOutcome } from './metrics.js';

const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
// Reasons come from our code and Clerk's fixed list; anything else (a future reason) is bounded here.
const REASON = /^[a-z0-9][a-z0-9-]{0,47}$/;
const WEBHOOK_OUTCOMES: WebhookOutcome[] = ['applied', 'duplicate', 'stale', 'ignored', 'rejected', 'failed'];
const LOOKUP_SOURCES: UserLookupSource[] = ['cache', 'database', 'clerk'];
const BACKEND_API_OUTCOMES: BackendApiOutcome[] = ['ok', 'not_found', 'rate_limited', 'timeout', 'error'];
const POOL_STATES = ['idle', 'busy', 'waiting'] as const;
const SHED_REASONS: ShedReason[] = ['queue-full', 'queue-timeout', 'shutting-down'];
// Requests are mostly well under 100 ms; the long tail up to the 10 s drain matters for alerts.
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The server's metrics in a registry of their own (one per app, so tests can run several). */
export class PrometheusMetrics implements Metrics {
  readonly enabled = true;
  private readonly registry = new Registry();
  private readonly http: LeanHistogram<'method' | 'route' | 'status_code'>;
  private readonly procedures: LeanHistogram<'procedure' | 'type' | 'code'>;
  private readonly authRejections: Counter<'reason'>;
  private readonly rateLimitRejections: Counter<'policy'>;
  private readonly shed: Counter<'reason'>;
  private readonly abandoned: Counter;
  private readonly webhookDeliveries: Counter<'outcome'>;
  private readonly userLookups: Counter<'source'>;
  private readonly backendApiRequests: Counter<'outcome'>;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.http = new LeanHistogram(
      'http_server_request_duration_seconds',
      'HTTP requests by method, route template and status code (499: the client went away)',
      ['method', 'route', 'status_code'],
      DURATION_BUCKETS,
      this.registry,
    );
    this.procedures = new LeanHistogram(
      'trpc_procedure_duration_seconds',
      'tRPC calls (each call of a batch) by procedure, type and code (OK or the tRPC error code)',
      ['procedure', 'type', 'code'],
      DURATION_BUCKETS,
      this.registry,
    );
    this.authRejections = new Counter({
      name: 'auth_rejections_total',
      help: 'Credentials refused (401, or 403 for a cross-site cookie write), by reason',
      labelNames: ['reason'],
      registers,
    });
    this.rateLimitRejections = new Counter({
      name: 'rate_limit_rejections_total',
      help: 'Requests refused with 429, by rate-limit policy',
      labelNames: ['policy'],
      registers,
    });
    this.shed = zeroed(
      new Counter({
        name: 'load_shed_requests_total',
        help: 'tRPC calls refused with 503 by the admission gate before they entered tRPC, by reason (queue-full, queue-timeout, shutting-down)',
        labelNames: ['reason'],
        registers,
      }),
      'reason',
      SHED_REASONS,
    );
    this.abandoned = new Counter({
      name: 'trpc_admission_abandoned_total',
      help: 'Calls waiting at the admission gate whose client hung up: dropped, never entered tRPC',
      registers,
    });
    this.webhookDeliveries = zeroed(
      new Counter({
        name: 'clerk_webhook_deliveries_total',
        help: 'Clerk webhook deliveries by outcome',
        labelNames: ['outcome'],
        registers,
      }),
      'outcome',
      WEBHOOK_OUTCOMES,
    );
    this.userLookups = zeroed(
      new Counter({
        name: 'user_directory_lookups_total',
        help: 'Profile lookups by the layer that answered (a lookup joining a load under way counts with it)',
        labelNames: ['source'],
        registers,
      }),
      'source',
      LOOKUP_SOURCES,
    );
    this.backendApiRequests = zeroed(
      new Counter({
        name: 'clerk_backend_api_requests_total',
        help: "Requests to Clerk's Backend API (users, JWKS) by outcome",
        labelNames: ['outcome'],
        registers,
      }),
      'outcome',
      BACKEND_API_OUTCOMES,
    );
  }

  httpRequest(method: string, route: string, status: number, seconds: number): void {
    const m = HTTP_METHODS.has(method) ? method : '_OTHER';
    const code = String(status);
    this.http.observe([m, route, code], seconds);
  }

  procedureCall(procedure: string, type: string, code: string, seconds: number): void {
    this.procedures.observe([procedure, type, code], seconds);
  }

  authRejection(reason: string): void {
    this.authRejections.inc({ reason: REASON.test(reason) ? reason : 'other' });
  }

  rateLimitRejection(policy: string, calls = 1): void {
    this.rateLimitRejections.inc({ policy: REASON.test(policy) ? policy : 'other' }, calls);
  }

  requestShed(reason: ShedReason): void {
    this.shed.inc({ reason });
  }

  admissionAbandoned(): void {
    this.abandoned.inc();
  }

  webhookDelivery(outcome: WebhookOutcome): void {
    this.webhookDeliveries.inc({ outcome });
  }

  userLookup(source: UserLookupSource): void {
    this.userLookups.inc({ source });
  }

  backendApiRequest(outcome: BackendApiOutcome): void {
    this.backendApiRequests.inc({ outcome });
  }

  watchDatabase(database: OpenDatabase): void {
    const registers = [this.registry];
    new Gauge({
      name: 'db_pool_connections',
      help: 'PostgreSQL pool connections by state (waiting: callers queued for one); absent on PGlite',
      labelNames: ['state'],
      registers,
      collect() {
        const stats = database.poolStats();
        if (!stats) return;
        for (const state of POOL_STATES) this.set({ state }, stats[state]);
      },
    });
    const notifications = new Counter({
      name: 'change_bus_notifications_total',
      help: 'Change notifications received from the bus (LISTEN/NOTIFY)',
      registers,
    });
    database.changes.subscribe({ onChange: () => notifications.inc(), onResync: () => {} });
    let reconnectsSeen = 0;
    new Counter({
      name: 'change_bus_reconnects_total',
      help: 'Times the change listener had to connect again after losing its connection',
      registers,
      collect() {
        const reconnects = Math.max(0, database.changes.health().connects - 1);
        if (reconnects > reconnectsSeen) this.inc(reconnects - reconnectsSeen);
        reconnectsSeen = reconnects;
      },
    });
    new Gauge({
      name: 'change_bus_connected',
      help: '1 while the change listener is connected',
      registers,
      collect() {
        this.set(database.changes.health().connected ? 1 : 0);
      },
    });
  }

  watchReadiness(isReady: () => Promise<boolean>): void {
    new Gauge({
      name: 'readiness_ready',
      help: '1 when GET /health/ready would answer 200 (database, migrations, keys, not shutting down)',
      registers: [this.registry],
      async collect() {
        this.set((await isReady()) ? 1 : 0);
      },
    });
  }

  watchAdmission(gate: { readonly inFlight: number; readonly queued: number }): void {
    const registers = [this.registry];
    new Gauge({
      name: 'trpc_admission_in_flight',
      help: 'tRPC calls inside tRPC through the admission gate (at most TRPC_MAX_IN_FLIGHT)',
      registers,
      collect() {
        this.set(gate.inFlight);
      },
    });
    new Gauge({
      name: 'trpc_admission_queued',
      help: 'tRPC calls waiting at the admission gate for a slot (at most TRPC_MAX_QUEUED)',
      registers,
      collect() {
        this.set(gate.queued);
      },
    });
  }

  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

/** Every value of a fixed label set exists from the start at 0, so rates and alerts see it. */
function zeroed<L extends string>(counter: Counter<L>, label: L, values: readonly string[]): Counter<L> {
  for (const value of values) counter.inc({ [label]: value } as LabelValues<L>, 0);
  return counter;
}
