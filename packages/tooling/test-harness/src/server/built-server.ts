import { existsSync } from 'node:fs';

import { type NodeProcess, type NodeProcessOptions, startNode } from '@stack/test-kit';

import { SERVER_MAIN } from '../workspace-paths.js';

export interface BuiltServer extends NodeProcess {
  /** Resolves with its URL (http://127.0.0.1:<port>) once the server logs that it listens. */
  listening: (timeoutMs?: number) => Promise<string>;
}

/**
 * `node apps/server/dist/main.js` with `env` over the test defaults: production mode, 127.0.0.1
 * on a port the OS picks, an in-memory PGlite (parallel processes must not share a data dir).
 */
export function spawnBuiltServer(
  env: Readonly<Record<string, string>>,
  options: Omit<NodeProcessOptions, 'env'> = {},
): BuiltServer {
  if (!existsSync(SERVER_MAIN)) throw new Error(`${SERVER_MAIN} is missing: run \`pnpm build\` first`);
  const server = startNode(SERVER_MAIN, {
    ...options,
    env: { NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', PGLITE_DIR: 'memory://', ...env },
  });
  return {
    ...server,
    listening: async (timeoutMs = 60_000) =>
      (await server.waitForOutput(/Listening on (http:\/\/\S+)/, timeoutMs)).replace('[::1]', '127.0.0.1'),
  };
}

/** `spawnBuiltServer`, then its URL once it listens; a server that does not start is killed, its output in the error. */
export async function startBuiltServer(
  env: Readonly<Record<string, string>>,
  options: Omit<NodeProcessOptions, 'env'> = {},
): Promise<BuiltServer & { url: string }> {
  const server = spawnBuiltServer(env, options);
  try {
    return { ...server, url: await server.listening() };
  } catch (error) {
    server.child.kill('SIGKILL');
    throw error;
  }
}
