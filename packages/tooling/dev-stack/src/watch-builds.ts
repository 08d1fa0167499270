import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * `tsc --watch` for each package (tsc, not esbuild: Nest needs the decorator metadata it emits).
 * Resolves once every watcher has finished its first compile, so the caller can start the app on
 * a complete dist and only then react to changes.
 */
export function watchBuilds(root: string, packageDirs: string[]): { ready: Promise<void>; stop(): void } {
  const tsc = createRequire(path.join(root, 'package.json')).resolve('typescript/bin/tsc');
  const children: ChildProcess[] = [];
  const ready = Promise.all(
    packageDirs.map(
      (dir) =>
        new Promise<void>((resolve) => {
          const child = spawn(
            process.execPath,
            [tsc, '--watch', '--preserveWatchOutput', '-p', path.join(root, dir, 'tsconfig.build.json')],
            { stdio: ['ignore', 'pipe', 'pipe'] },
          );
          children.push(child);
          child.stdout.on('data', (chunk: Buffer) => {
            for (const line of chunk.toString().split('\n')) {
              if (/Watching for file changes/.test(line)) resolve();
              // Only type errors are news; tsc's "starting/finished" chatter is not.
              else if (/error TS\d+/.test(line)) process.stderr.write(`[tsc ${dir}] ${line}\n`);
            }
          });
          child.stderr.on('data', (chunk: Buffer) => process.stderr.write(`[tsc ${dir}] ${chunk.toString()}`));
        }),
    ),
  ).then(() => undefined);
  return { ready, stop: () => children.forEach((child) => child.kill('SIGTERM')) };
}
