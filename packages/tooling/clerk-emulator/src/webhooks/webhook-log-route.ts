import type { IncomingMessage, ServerResponse } from 'node:http';

import type { ClerkEmulatorWebhooks } from './webhook-types.js';

export const WEBHOOK_LOG_PATH = '/__emulator/webhooks';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * `GET /__emulator/webhooks`: the delivery log as JSON, for an operator on this machine (like
 * /playground). It names message ids, types and endpoints, never a payload or the secret; other
 * hosts get 404 all the same.
 */
export function sendWebhookLog(req: IncomingMessage, res: ServerResponse, webhooks: ClerkEmulatorWebhooks): void {
  if (!LOOPBACK.test(req.socket.remoteAddress ?? '')) {
    res.writeHead(404, { 'Content-Length': 0 }).end();
    return;
  }
  const log = webhooks.log();
  const body = JSON.stringify(
    {
      endpoints: webhooks.endpoints,
      pending: log.filter((r) => r.state === 'pending').length,
      deliveries: log,
    },
    null,
    2,
  );
  res.writeHead(200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}
