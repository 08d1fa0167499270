import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/**
 * POSTs `body` byte for byte and resolves with the status once the answer has been read, or
 * rejects (refused, reset, `timeoutMs` passed, `signal` aborted). No keep-alive agent: nothing
 * outlives the attempt, so `close()` leaves no sockets or timers behind.
 */
export function postWebhook(
  url: URL,
  body: Buffer,
  headers: Record<string, string>,
  options: { timeoutMs: number; signal: AbortSignal },
): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, {
      method: 'POST',
      agent: false,
      signal: options.signal,
      headers: {
        ...headers,
        'content-type': 'application/json',
        'content-length': String(body.length),
        'user-agent': 'Svix-Webhooks/1.0 (clerk-emulator)',
        connection: 'close',
      },
    });
    const timer = setTimeout(
      () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    const fail = (error: Error) => {
      clearTimeout(timer);
      reject(error);
    };
    req.on('error', fail);
    req.on('response', (res) => {
      res.on('error', fail);
      res.resume();
      res.on('end', () => {
        clearTimeout(timer);
        resolve(res.statusCode ?? 0);
      });
    });
    req.end(body);
  });
}
