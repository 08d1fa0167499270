import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

import { workspaceEngines, writeStartManifest } from './start-manifest.js';

/** Env files that hold a developer's own values (secrets included): never shipped. */
const isLocalEnvFile = (name: string) => /^\.env(\..+)?\.local$/.test(name);

/**
 * `bundle/web`: Next's standalone output (the server, the node_modules it traced, the static files
 * `pnpm build` copied beside it), started by `npm start`. The Clerk publishable key is the one the
 * build inlined (NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY when `pnpm build` ran).
 */
export function assembleWeb(root: string, target: string): void {
  const standalone = path.join(root, 'apps/web/.next/standalone');
  const app = path.join(standalone, 'apps/web');
  for (const needed of ['server.js', '.next/static']) {
    if (!existsSync(path.join(app, needed)))
      throw new Error(`${path.join(app, needed)} is missing: build the web app first (\`pnpm build\`)`);
  }
  rmSync(target, { recursive: true, force: true });
  // pnpm's node_modules are relative symlinks inside the tree: copied as links, they stay valid anywhere.
  cpSync(standalone, target, { recursive: true, verbatimSymlinks: true });
  const shippedApp = path.join(target, 'apps/web');
  for (const name of readdirSync(shippedApp)) if (isLocalEnvFile(name)) rmSync(path.join(shippedApp, name));
  writeStartManifest(target, {
    name: 'stack-web',
    description: 'The web app (Next.js standalone server)',
    engines: workspaceEngines(root),
    scripts: { start: 'exec node apps/web/server.js' },
  });
}
