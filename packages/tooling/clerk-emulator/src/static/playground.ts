import type { IncomingMessage, ServerResponse } from 'node:http';

import { renderClerkPage } from './clerk-page.js';
import type { ServedPackage } from './clerk-scripts.js';

export const PLAYGROUND_PATH = '/playground';

/**
 * `GET /playground`: real clerk-js and the prebuilt components on the emulator's own origin
 * (clerk-js calls the Frontend API there directly), so a seeded user can sign in in a browser
 * with nothing else running.
 */
export function sendPlayground(
  req: IncomingMessage,
  res: ServerResponse,
  publishableKey: string,
  packages: readonly ServedPackage[],
): void {
  const origin = `http://${req.headers.host ?? 'localhost'}`;
  const script = (name: ServedPackage['name'], file: string) =>
    `/npm/@clerk/${name}@${packages.find((p) => p.name === name)?.version ?? 'missing'}/dist/${file}`;
  const html = renderClerkPage({
    publishableKey,
    proxyUrl: origin,
    clerkJsUrl: script('clerk-js', 'clerk.browser.js'),
    clerkUiUrl: script('ui', 'ui.browser.js'),
    autoMount: true,
    homePath: PLAYGROUND_PATH,
  });
  res.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Cache-Control': 'no-store',
  });
  res.end(html);
}
