import type { IncomingMessage, ServerResponse } from 'node:http';

import { isFapiRequest } from './fapi/routes/index.js';
import { AVATAR_PATH } from './fapi/view.js';
import { runInRequest } from './http/request-context.js';
import { parseTarget } from './http/router.js';
import { sendAvatar } from './static/avatar.js';
import { ClerkScripts } from './static/clerk-scripts.js';
import { PLAYGROUND_PATH } from './static/playground.js';
import { WEBHOOK_LOG_PATH } from './webhooks/webhook-log-route.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface DispatchTargets {
  readonly scripts: ClerkScripts;
  readonly fapi: Handler;
  readonly bapi: Handler;
  readonly playground: Handler;
  readonly webhookLog: Handler;
  /** After every answered request (the store file is written from here). */
  readonly onFinish: () => void;
  readonly onError: (error: unknown) => void;
}

/**
 * One port, three rooms, told apart by path (no path is shared): `/npm/…` the self-hosted
 * scripts (and `/img/avatar.svg`, `/playground`, `/__emulator/webhooks`), `/v1/{environment,client,me}…` the Frontend API (and `/v1/organizations…` without an Authorization header), everything else the Backend API.
 * `CLERK_API_URL` and `CLERK_FAPI_URL` can therefore both point at the emulator.
 */
export function createDispatcher(targets: DispatchTargets): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    res.once('finish', targets.onFinish);
    const pathname = '/' + (parseTarget(req.url)?.segments.join('/') ?? '');
    const run = (handler: Handler) => {
      // The request context names the caller in the webhooks its changes cause.
      void Promise.resolve()
        .then(() => runInRequest(req, () => handler(req, res)))
        .catch((error: unknown) => {
          targets.onError(error);
          if (!res.headersSent) res.writeHead(500).end();
          else res.destroy();
        });
    };
    if (ClerkScripts.handles(pathname)) return run((q, s) => targets.scripts.handle(q, s, pathname));
    if (pathname === AVATAR_PATH && (req.method === 'GET' || req.method === 'HEAD'))
      return run((_q, s) => sendAvatar(s));
    if (pathname === PLAYGROUND_PATH && req.method === 'GET') return run(targets.playground);
    if (pathname === WEBHOOK_LOG_PATH && req.method === 'GET') return run(targets.webhookLog);
    // By the raw path, so a malformed Frontend API URL still gets the Frontend API's 404.
    const root = /^\/v1\/([a-z_]+)(?:[/?]|$)/.exec(req.url ?? '')?.[1];
    if (isFapiRequest(root, req.headers)) return run(targets.fapi);
    return run(targets.bapi);
  };
}
