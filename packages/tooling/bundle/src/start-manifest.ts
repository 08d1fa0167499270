import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The Node versions the workspace supports (its package.json `engines`). */
export function workspaceEngines(root: string): Record<string, string> {
  const workspace = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    engines?: Record<string, string>;
  };
  return workspace.engines ?? {};
}

/** A bundle's package.json: what `npm start` (and any other runtime script) runs; nothing to install. */
export function writeStartManifest(
  dir: string,
  manifest: { name: string; description: string; scripts: Record<string, string>; engines: Record<string, string> } & {
    dependencies?: Record<string, string>;
    type?: 'module';
  },
): void {
  const { name, description, type, engines, scripts, dependencies } = manifest;
  const ordered = { name, version: '0.1.0', private: true, description, ...(type ? { type } : {}), engines, scripts };
  writeFileSync(
    path.join(dir, 'package.json'),
    `${JSON.stringify(dependencies ? { ...ordered, dependencies } : ordered, null, 2)}\n`,
  );
}
