import { existsSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import path from 'node:path';

import { runCommand } from './run-command.js';
import { workspaceEngines, writeStartManifest } from './start-manifest.js';

interface PackageJson {
  description?: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
}

const readPackage = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as PackageJson & { version: string };

/**
 * `bundle/api`: the built server with its production dependencies only (`pnpm deploy --prod`;
 * `--legacy` because pnpm 10 otherwise needs injected workspace packages), and the workspace
 * packages it runs as they were built. Its `dist/` comes from `pnpm build` (apps/server's `files`).
 */
export async function assembleApi(root: string, target: string): Promise<void> {
  rmSync(target, { recursive: true, force: true });
  await runCommand('pnpm', ['--filter', '@stack/server', '--prod', 'deploy', '--legacy', target], {
    cwd: root,
    quiet: true,
  });
  removeLinksOutside(target);
  const deployed = readPackage(path.join(target, 'package.json'));
  // The deployed manifest keeps the workspace's `catalog:` and `workspace:*` specifiers, which mean
  // nothing outside it: name what is installed instead, and keep only the scripts that run the app.
  const dependencies = Object.fromEntries(
    Object.keys(deployed.dependencies ?? {}).map((name) => [
      name,
      readPackage(path.join(target, 'node_modules', name, 'package.json')).version,
    ]),
  );
  const runtimeScripts = Object.fromEntries(
    Object.entries(deployed.scripts ?? {}).filter(([, command]) => /^(exec )?node /.test(command)),
  );
  writeStartManifest(target, {
    name: 'stack-api',
    description: deployed.description ?? 'The API server',
    type: 'module',
    engines: workspaceEngines(root),
    scripts: runtimeScripts,
    dependencies,
  });
}

/**
 * pnpm's deploy leaves a link to the deployed package's own folder in the workspace
 * (`node_modules/.pnpm/node_modules/@stack/server -> …/apps/server`): nothing loads it, and
 * outside the workspace it points nowhere. A bundle holds no link that leaves it.
 */
function removeLinksOutside(root: string): void {
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isSymbolicLink()) {
        const target = path.resolve(dir, readlinkSync(full));
        if (!target.startsWith(root + path.sep) || !existsSync(target)) rmSync(full);
      } else if (entry.isDirectory()) walk(full);
    }
  };
  walk(root);
}
