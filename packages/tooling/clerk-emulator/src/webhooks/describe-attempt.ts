import type { WebhookDeliveryAttempt, WebhookDeliveryRecord } from './webhook-types.js';

/** One line per attempt for the CLI: `webhook user.updated msg_… → http://…: 500 (attempt 1, will retry)`. */
export function describeAttempt(record: WebhookDeliveryRecord, attempt: WebhookDeliveryAttempt): string {
  const outcome = attempt.error
    ? attempt.status
      ? `${attempt.status}, ${attempt.error}`
      : attempt.error
    : String(attempt.status);
  const next = record.state === 'delivered' ? '' : record.state === 'failed' ? ', gave up' : ', will retry';
  return `webhook ${record.type} ${record.messageId} → ${record.endpoint}: ${outcome} (attempt ${record.attempts.length}${next})`;
}
