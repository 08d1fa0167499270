import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const devScript = fileURLToPath(new URL('../../dist/dev.js', import.meta.url));

export interface DevProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the first capture (or the match) once the output matches; rejects if it exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Ctrl-C as a terminal sends it: SIGINT to the whole process group. Resolves with the exit code. */
  interrupt(): Promise<number | null>;
}

/** `pnpm dev`'s program (the built dev stack) in its own process group, with exactly `env`. */
export function startDev(env: Record<string, string>, args: string[] = []): DevProcess {
  const child = spawn(process.execPath, [devScript, ...args], {
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    waitFor: (pattern, timeoutMs = 90_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(output);
          if (!match) return;
          done();
          resolve(match[1] ?? match[0]);
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output.slice(-4000)}`));
        }, timeoutMs);
        const onExit = () => {
          done();
          reject(new Error(`exited before printing ${pattern}:\n${output.slice(-4000)}`));
        };
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
          child.off('exit', onExit);
        };
        listeners.add(check);
        child.once('exit', onExit);
        check();
      }),
    interrupt: async () => {
      if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGINT');
      return exited;
    },
  };
}
