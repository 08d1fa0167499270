import { parseEndpoint } from './webhook-endpoint.js';
import { checkWebhookSecret } from './webhook-secret.js';
import type { WebhookOptions } from './webhook-types.js';

/** Svix's schedule after the immediate first attempt: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
export const SVIX_RETRY_SCHEDULE: readonly number[] = Object.freeze(
  [5, 300, 1800, 7200, 18_000, 36_000, 36_000].map((seconds) => seconds * 1000),
);
// Svix counts an attempt failed without an answer within about 15 s.
const DEFAULT_TIMEOUT_MS = 15_000;
const MAX_RETRIES = 50;

export interface ResolvedWebhookOptions {
  readonly endpoints: readonly string[];
  readonly secret: string | undefined;
  readonly retrySchedule: readonly number[];
  readonly timeoutMs: number;
  readonly onAttempt: WebhookOptions['onAttempt'];
}

export function resolveWebhookOptions(options: WebhookOptions = {}): ResolvedWebhookOptions {
  if (typeof options !== 'object' || options === null) throw new TypeError('webhooks must be an object');
  const endpoints: unknown = options.endpoints ?? [];
  if (!Array.isArray(endpoints)) throw new TypeError('webhooks.endpoints must be an array of URLs');
  for (const url of endpoints as unknown[]) {
    if (typeof url !== 'string') throw new TypeError('webhooks.endpoints must be an array of URLs');
    parseEndpoint(url);
  }
  const secret = options.secret === undefined ? undefined : checkWebhookSecret(options.secret);
  const schedule: unknown = options.retrySchedule ?? SVIX_RETRY_SCHEDULE;
  if (
    !Array.isArray(schedule) ||
    schedule.length > MAX_RETRIES ||
    !schedule.every((ms: unknown) => typeof ms === 'number' && Number.isFinite(ms) && ms >= 0)
  )
    throw new TypeError(`webhooks.retrySchedule must be at most ${MAX_RETRIES} non-negative millisecond delays`);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw new TypeError('webhooks.timeoutMs must be a positive number');
  if (options.onAttempt !== undefined && typeof options.onAttempt !== 'function')
    throw new TypeError('webhooks.onAttempt must be a function');
  return {
    endpoints: [...(endpoints as string[])],
    secret,
    retrySchedule: Object.freeze([...(schedule as number[])]),
    timeoutMs,
    onAttempt: options.onAttempt,
  };
}
