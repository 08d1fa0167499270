import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

/**
 * Loads the workspace's `.env.local` (git-ignored: real Clerk keys for local work) into `env`,
 * under it: a variable already in the environment wins. Returns the names the file supplied.
 */
export function loadLocalEnv(file: string, env: Record<string, string | undefined> = process.env): string[] {
  if (!existsSync(file)) return [];
  const supplied: string[] = [];
  for (const [name, value] of Object.entries(parseEnv(readFileSync(file, 'utf8')))) {
    if (env[name] !== undefined) continue;
    env[name] = value;
    supplied.push(name);
  }
  return supplied;
}
