import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const packageRoot = path.resolve(import.meta.dirname, '../..');

export interface Child {
  process: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  ready: Promise<void>;
}

/** Opens the database named by `env` in a new Node process (the real source, through jiti). */
export function spawnOpenChild(env: Record<string, string>): Child {
  const child = spawn(
    process.execPath,
    ['--conditions=@stack/source', '--import', 'jiti/register', 'test/support/open-child.ts'],
    { cwd: packageRoot, env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  let onReady = () => {};
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout.on('data', (d: Buffer) => {
    output += d.toString();
    if (output.includes('READY')) onReady();
  });
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { process: child, output: () => output, exited, ready };
}
