import { type ChildProcess, spawn } from 'node:child_process';

/** Starts one app as a child process, prefixing its output so interleaved logs stay readable. */
export function spawnApp(
  name: string,
  script: string,
  options: { args?: string[]; cwd?: string; env: Record<string, string> },
): ChildProcess {
  const child = spawn(process.execPath, [script, ...(options.args ?? [])], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = (stream: NodeJS.WritableStream) => (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line) stream.write(`[${name}] ${line}\n`);
  };
  child.stdout?.on('data', prefix(process.stdout));
  child.stderr?.on('data', prefix(process.stderr));
  return child;
}
