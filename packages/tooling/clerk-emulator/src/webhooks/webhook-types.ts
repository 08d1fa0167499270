/** One POST to an endpoint: when it started and what came of it. */
export interface WebhookDeliveryAttempt {
  /** Epoch milliseconds. */
  readonly at: number;
  /** The endpoint's HTTP status, when it answered. */
  readonly status?: number;
  /** Why the attempt failed without a status (timeout, refused), or a fault injection note. */
  readonly error?: string;
}

/** One message to one endpoint (a duplicate delivery is a record of its own with the same id). */
export interface WebhookDeliveryRecord {
  /** `msg_…`, the `svix-id`: the same on every attempt and every endpoint. */
  readonly messageId: string;
  readonly type: string;
  readonly endpoint: string;
  /** `failed`: every attempt of the schedule failed (or the endpoint was removed). */
  readonly state: 'pending' | 'delivered' | 'failed';
  readonly attempts: readonly WebhookDeliveryAttempt[];
}

/** Misbehaviour on purpose, to test a receiver against what Svix may do. */
export interface WebhookFaults {
  /** The next `n` messages (default 1) are delivered twice, with the same `svix-id` and body. */
  duplicateNext(n?: number): void;
  /** Holds every delivery for `ms` from now (then they go out); `clear()` releases them at once. */
  delay(ms: number): void;
  /**
   * The next `n` messages are held until all `n` exist, then delivered newest first. `settled()`
   * and `clear()` release a batch that is not full yet.
   */
  reorderNext(n: number): void;
  /**
   * The first attempt of the next `n` messages (default 1) is sent but its answer ignored (a lost
   * response: the receiver did process it), then redelivered, same `svix-id`, on the retry schedule.
   */
  dropNextThenRedeliver(n?: number): void;
  clear(): void;
}

export interface ClerkEmulatorWebhooks {
  /** `whsec_…`: what the receiver passes to `verifyWebhook` (CLERK_WEBHOOK_SIGNING_SECRET). */
  readonly secret: string;
  /** The endpoints messages go to (a message is sent to the endpoints present when it is made). */
  readonly endpoints: readonly string[];
  addEndpoint(url: string): void;
  /** Stops deliveries to it; its pending deliveries become `failed`. */
  removeEndpoint(url: string): void;
  /** Every delivery, oldest first (the newest 5,000 are kept). */
  log(): readonly WebhookDeliveryRecord[];
  /** Resolves once every message queued so far is delivered or given up (or the emulator closed). */
  settled(): Promise<void>;
  readonly faults: WebhookFaults;
}

export interface WebhookOptions {
  /** Endpoint URLs (http or https) every event is POSTed to. */
  endpoints?: readonly string[];
  /** `whsec_` + base64 (24+ bytes). Default: the one persisted in `keyFile` (or a fresh one). */
  secret?: string;
  /**
   * Milliseconds to wait before each retry; attempts = length + 1. Default Svix's: 5 s, 5 min,
   * 30 min, 2 h, 5 h, 10 h, 10 h (after the immediate first attempt).
   */
  retrySchedule?: readonly number[];
  /** An attempt without a 2xx answer within this fails (default 15,000, Svix's). */
  timeoutMs?: number;
  /** Told after every attempt (the CLI prints one line per attempt). */
  onAttempt?: (record: WebhookDeliveryRecord, attempt: WebhookDeliveryAttempt) => void;
}
