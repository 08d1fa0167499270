import type { BackendApiOutcome } from '@stack/clerk-auth';
import type { UserLookupSource } from '@stack/contracts';
import type { ApplyStatus, OpenDatabase } from '@stack/db';
import type { ShedReason } from '@stack/nest-trpc';

/**
 * How a webhook delivery ended: the mirror's outcomes; `rejected` when it did not verify (400);
 * `failed` when it could not be applied (unreadable data, the database down: Svix retries).
 */
export type WebhookOutcome = ApplyStatus | 'rejected' | 'failed';

/**
 * Everything the server counts, as calls: the Prometheus implementation when METRICS_PORT is set
 * (see prometheus-metrics.ts), otherwise NO_METRICS, so nothing on the hot path is counted for
 * no one. Labels are fixed sets or route templates; ids never become labels.
 */
export interface Metrics {
  readonly enabled: boolean;
  httpRequest(method: string, route: string, status: number, seconds: number): void;
  procedureCall(procedure: string, type: string, code: string, seconds: number): void;
  authRejection(reason: string): void;
  /** `calls` refused by `policy` (a batch's refused calls are counted at once). */
  rateLimitRejection(policy: string, calls?: number): void;
  /** A tRPC call refused by the admission gate (503) before it entered tRPC, by reason. */
  requestShed(reason: ShedReason): void;
  /** A call waiting at the admission gate whose client hung up: dropped, never entered tRPC. */
  admissionAbandoned(): void;
  webhookDelivery(outcome: WebhookOutcome): void;
  userLookup(source: UserLookupSource): void;
  backendApiRequest(outcome: BackendApiOutcome): void;
  /** Pool connections and the change bus, read at each scrape. */
  watchDatabase(database: OpenDatabase): void;
  /** Readiness, evaluated at each scrape. */
  watchReadiness(isReady: () => Promise<boolean>): void;
  /** The admission gate's calls inside tRPC and waiting, read at each scrape. */
  watchAdmission(gate: { readonly inFlight: number; readonly queued: number }): void;
  /** The Prometheus text exposition. */
  exposition(): Promise<{ contentType: string; body: string }>;
}

const nothing = () => {};

export const NO_METRICS: Metrics = {
  enabled: false,
  httpRequest: nothing,
  procedureCall: nothing,
  authRejection: nothing,
  rateLimitRejection: nothing,
  requestShed: nothing,
  admissionAbandoned: nothing,
  webhookDelivery: nothing,
  userLookup: nothing,
  backendApiRequest: nothing,
  watchDatabase: nothing,
  watchReadiness: nothing,
  watchAdmission: nothing,
  exposition: () => Promise.reject(new Error('metrics are off (METRICS_PORT is not set)')),
};

export const METRICS = Symbol('METRICS');
