#!/usr/bin/env node
// `pnpm bundle [--out <dir>] [--skip-build]`: builds the API and the web app, then writes the
// self-contained bundles (default <workspace>/bundle/api and bundle/web, git-ignored).
import path from 'node:path';
import { parseArgs } from 'node:util';

import { assembleBundles } from './assemble-bundles.js';
import { megabytes } from './directory-size.js';
import { runCommand } from './run-command.js';

const USAGE = `Usage: pnpm bundle [--out <dir>] [--skip-build]

  --out         where to write api/ and web/ (default: bundle/ in the workspace)
  --skip-build  assemble from the current builds (apps/server/dist, apps/web/.next/standalone)

The web app's Clerk publishable key is inlined when it is built: set NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY
(and NEXT_PUBLIC_CLERK_PROXY_URL if you proxy Clerk's Frontend API) before running this.`;

const root = path.resolve(import.meta.dirname, '../../../..');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, 'skip-build': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return console.log(USAGE);
  if (!values['skip-build']) {
    await runCommand('pnpm', ['--filter', '@stack/server...', 'build'], { cwd: root });
    await runCommand('pnpm', ['--filter', '@stack/web', 'build'], { cwd: root });
  }
  const report = await assembleBundles({ root, out: path.resolve(values.out ?? path.join(root, 'bundle')) });
  console.log(`
  ${report.api.dir}   ${megabytes(report.api.bytes)}   the API: cd there, set the API's variables, npm start
  ${report.web.dir}   ${megabytes(report.web.bytes)}   the web app: cd there, set the web app's variables, npm start
  Both need only Node (${process.versions.node} here; engines in their package.json); the variables are in the README.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
