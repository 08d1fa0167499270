import type { IncomingHttpHeaders } from 'node:http';

import { verifyWebhook } from '@clerk/backend/webhooks';
import { Logger } from '@nestjs/common';

import {
  applyIgnoredEvent,
  applyMembershipEvent,
  applyOrganizationEvent,
  type ApplyOutcome,
  applySessionEvent,
  applyUserEvent,
  isDatabaseOutage,
  type Mirror,
} from '@stack/db';

import type { WebhookOutcome } from '../metrics/metrics.js';
import { type ClerkMirrorEvent, toMirrorEvent } from './clerk-event-payloads.js';
import { unstorableEnvelope, unstorableReason } from './storable-event.js';

/** The one answer to every request that does not verify: no reason, so a prober learns nothing. */
export const WEBHOOK_REJECTED = 'Webhook verification failed';

/** Svix gives up on an attempt after ~15 s; past this we answer 503 and let it retry (the claim makes that safe). */
const APPLY_DEADLINE_MS = 5_000;

export interface WebhookAnswer {
  status: number;
  body: Record<string, string>;
  headers?: Record<string, string>;
}

/** What a delivery that failed verification costs its sender (the `webhook-failures` limit). */
export type FailureLimit = () => { refused: false } | { refused: true; headers: Record<string, string> };

export interface WebhookObservers {
  /** How each delivery ended (clerk_webhook_deliveries_total). */
  onOutcome(outcome: WebhookOutcome): void;
  /** Why a delivery failed verification (for the summarized log; never its content). */
  onRefused(reason: string): void;
}

const SVIX_HEADERS = ['svix-id', 'svix-timestamp', 'svix-signature'] as const;

const logger = new Logger('ClerkWebhooks');

/** Why Clerk's verifier refused, for the summary log: its reason without its prefixes. */
function verificationReason(error: unknown): string {
  const message = error instanceof Error ? error.message : 'not an error';
  return message
    .replace(/^@clerk\/backend: /, '')
    .replace(/^Unable to verify incoming webhook: /, '')
    .slice(0, 80);
}

/**
 * POST /webhooks/clerk: verifies the raw body with Clerk's own `verifyWebhook` (Svix signature,
 * timestamp within 5 minutes), then applies the event to the mirror in one transaction with the
 * claim of its `svix-id`. 2xx only once the event is committed (or was before, or is a type the
 * mirror does not keep, or one it cannot store: acknowledged, logged once, not applied); anything
 * else makes Svix retry. A delivery that fails verification is a 400 until its sender's address
 * is over the `webhook-failures` limit, then a 429; verified deliveries are never limited.
 */
export class ClerkWebhookReceiver {
  constructor(
    private readonly mirror: Mirror,
    private readonly signingSecret: string,
    private readonly observers: WebhookObservers,
  ) {}

  async receive(headers: IncomingHttpHeaders, body: Buffer, failureLimit: FailureLimit): Promise<WebhookAnswer> {
    const { outcome, ...answer } = await this.answer(headers, body, failureLimit);
    this.observers.onOutcome(outcome);
    return answer;
  }

  private async answer(
    headers: IncomingHttpHeaders,
    body: Buffer,
    failureLimit: FailureLimit,
  ): Promise<WebhookAnswer & { outcome: WebhookOutcome }> {
    const svix = new Headers();
    for (const name of SVIX_HEADERS) {
      const value = headers[name];
      if (typeof value === 'string') svix.set(name, value);
    }
    let event: { type: string; data: unknown };
    try {
      event = await verifyWebhook(
        new Request('http://internal/webhooks/clerk', { method: 'POST', headers: svix, body: new Uint8Array(body) }),
        { signingSecret: this.signingSecret },
      );
    } catch (error) {
      this.observers.onRefused(verificationReason(error));
      const limit = failureLimit();
      if (limit.refused)
        return { status: 429, body: { error: 'Too many requests' }, headers: limit.headers, outcome: 'rejected' };
      return { status: 400, body: { error: WEBHOOK_REJECTED }, outcome: 'rejected' };
    }
    // verifyWebhook checked it is there; it signed the trimmed value, which is the message's id.
    const svixId = svix.get('svix-id')!.trim();
    const type = typeof event.type === 'string' ? event.type : '(no type)';

    const envelope = unstorableEnvelope(svixId, type);
    if (envelope) return ignored(envelope, envelope.startsWith('type') ? '(type not shown)' : type);
    const mapped = toMirrorEvent(type, event.data);
    if (mapped.family === 'unreadable') {
      logger.error({
        msg: `Webhook ${svixId} (${type}) has data the mirror cannot read: ${mapped.reason}`,
        svixId,
        type,
      });
      return { status: 422, body: { error: 'Unreadable event data' }, outcome: 'failed' };
    }
    const unstorable = unstorableReason(mapped, Date.now());
    if (unstorable) return ignored(unstorable, type, svixId);
    let outcome: ApplyOutcome;
    try {
      outcome = await withDeadline(this.apply(svixId, type, mapped), APPLY_DEADLINE_MS);
    } catch (error) {
      const outage = isDatabaseOutage(error) || error instanceof DeadlineError;
      // The error object, not its message: a failed query's message carries its parameters (the
      // payload's data); the log's error serializer keeps only what names the failure.
      logger.error({ msg: `Webhook ${svixId} (${type}) not applied`, svixId, type, err: error });
      return outage
        ? { status: 503, body: { error: 'Temporarily unavailable' }, outcome: 'failed' }
        : { status: 500, body: { error: 'Internal server error' }, outcome: 'failed' };
    }
    if (outcome.status === 'ignored')
      logger.log(`Acknowledged webhook ${svixId} of a type the mirror does not keep: ${type}`);
    else logger.debug(`Webhook ${svixId} (${type}): ${outcome.status}`);
    return { status: 200, body: { status: outcome.status }, outcome: outcome.status };
  }

  private apply(svixId: string, type: string, mapped: ClerkMirrorEvent): Promise<ApplyOutcome> {
    switch (mapped.family) {
      case 'user':
        return applyUserEvent(this.mirror, svixId, mapped.event);
      case 'organization':
        return applyOrganizationEvent(this.mirror, svixId, mapped.event);
      case 'membership':
        return applyMembershipEvent(this.mirror, svixId, mapped.event);
      case 'session':
        return applySessionEvent(this.mirror, svixId, mapped.event);
      default:
        return applyIgnoredEvent(this.mirror, svixId, type);
    }
  }
}

/**
 * A signed event the mirror cannot store (a value beyond Clerk's limits, a NUL, a timestamp from
 * the future): acknowledged so Svix does not retry it forever, written down once, not applied.
 * Neither the id nor the type is logged when it is what is wrong.
 */
function ignored(reason: string, type: string, svixId?: string): WebhookAnswer & { outcome: WebhookOutcome } {
  logger.warn(`Ignored webhook ${svixId ?? '(unstorable id)'} (${type}): ${reason}`);
  return { status: 200, body: { status: 'ignored', reason }, outcome: 'ignored' };
}

class DeadlineError extends Error {}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(`no commit within ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
