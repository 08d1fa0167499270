// A Vitest setup file of the unit tier (vitest.workspace.ts): a unit test that starts a process or
// listens on a socket fails at once, naming the tier it belongs to, instead of slowing the fast
// tier down or making it wait for a build.
import childProcess from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';

const refuse = (what: string) => () => {
  throw new Error(
    `${what} in a unit test: the unit tier (test/unit/) runs no process and opens no socket. ` +
      'Move the file to test/ (integration) or, for a browser, to e2e/ or test/browser/.',
  );
};

for (const name of ['spawn', 'spawnSync', 'fork', 'exec', 'execSync', 'execFile', 'execFileSync'] as const)
  Object.assign(childProcess, { [name]: refuse(`child_process.${name}`) });
net.Server.prototype.listen = refuse('listening on a socket') as typeof net.Server.prototype.listen;
// Named ESM imports of node:child_process see the replacements too.
syncBuiltinESMExports();
