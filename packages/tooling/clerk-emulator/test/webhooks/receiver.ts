import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  readonly headers: IncomingHttpHeaders;
  /** The raw bytes, as a receiver must verify them. */
  readonly body: Buffer;
  readonly at: number;
}

/** What the receiver answers a request: a status, or `'hang'` (never answers). */
export type ReceiverAnswer = number | 'hang';

/**
 * A loopback webhook endpoint that records every request and answers as `answer` says
 * (default 200), like an app's `POST /webhooks/clerk`.
 */
export async function startReceiver(answer: (index: number) => ReceiverAnswer = () => 200) {
  const received: ReceivedWebhook[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const index = received.length;
      received.push({ headers: req.headers, body: Buffer.concat(chunks), at: Date.now() });
      const reply = answer(index);
      if (reply !== 'hang') res.writeHead(reply).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/clerk`,
    received,
    /** Parsed bodies, in arrival order. */
    events: () => received.map((r) => JSON.parse(r.body.toString('utf8')) as WebhookBody),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface WebhookBody {
  type: string;
  object: string;
  timestamp: number;
  instance_id: string;
  event_attributes?: { http_request: { client_ip: string; user_agent: string } };
  data: Record<string, unknown> & { id: string };
}

/** The Fetch `Request` a receiver rebuilds from what it got (what `verifyWebhook` takes). */
export function toRequest(webhook: ReceivedWebhook, body: Buffer | string = webhook.body): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(webhook.headers))
    for (const v of [value].flat()) if (v !== undefined) headers.append(name, v);
  return new Request('http://receiver.test/webhooks/clerk', { method: 'POST', headers, body });
}
