import { spawn } from 'node:child_process';

/**
 * Runs a command; rejects, naming it, unless it exits 0. `quiet` keeps its output and shows it only
 * when it fails (pnpm deploy's peer-dependency chatter is not news).
 */
export function runCommand(command: string, args: string[], options: { cwd: string; quiet?: boolean }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, stdio: options.quiet ? 'pipe' : 'inherit' });
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8_000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) return resolve();
      reject(new Error(`\`${command} ${args.join(' ')}\` failed (${signal ?? code})${output ? `:\n${output}` : ''}`));
    });
  });
}
