import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { Phase } from './phases.js';

export interface PhaseResult {
  phase: Phase;
  ok: boolean;
  startedAt: number;
  wallMs: number;
  /** User + system CPU of the phase and every process it waited for; null where /proc is missing. */
  cpuMs: number | null;
  output: string;
}

// The shell records its own /proc stat after the command: cutime + cstime are then the CPU of
// every process of the phase that was waited for (Linux; elsewhere the file stays missing).
const recordCpu = (file: string) => `; status=$?; cat /proc/$$/stat > '${file}' 2>/dev/null; exit $status`;
const CLOCK_TICKS_PER_SECOND = 100;

async function childrenCpuMs(file: string): Promise<number | null> {
  try {
    const stat = await readFile(file, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of /proc/<pid>/stat (cutime, cstime), counted from the state field (3).
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  } finally {
    await rm(file, { force: true });
  }
}

const running = new Set<number>();
/** Ctrl-C or a SIGTERM stops every phase still running (each is a process group of its own). */
export function stopPhasesOnSignal(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      for (const pid of running) process.kill(-pid, 'SIGTERM');
      process.exit(130);
    });
}

/** Runs one phase's command in a shell; streams its output, or keeps it for later. */
export function runPhase(phase: Phase, startOfRun: number): Promise<PhaseResult> {
  const startedAt = performance.now();
  const statFile = path.join(tmpdir(), `stack-test-${process.pid}-${phase.name}.stat`);
  const child = spawn('sh', ['-c', phase.command + recordCpu(statFile)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: { ...process.env, FORCE_COLOR: process.env['FORCE_COLOR'] ?? (process.stdout.isTTY ? '1' : '0') },
  });
  running.add(child.pid!);
  let output = '';
  const keep = (stream: NodeJS.WriteStream) => (chunk: Buffer) => {
    if (phase.stream) stream.write(chunk);
    else output += chunk.toString();
  };
  child.stdout.on('data', keep(process.stdout));
  child.stderr.on('data', keep(process.stderr));
  const at = ((startedAt - startOfRun) / 1000).toFixed(0);
  console.log(`\n[test] ${phase.name} (${phase.what}) started at ${at} s: ${phase.command}`);
  return new Promise((resolve) =>
    child.once('close', (code) => {
      running.delete(child.pid!);
      void childrenCpuMs(statFile).then((cpuMs) =>
        resolve({ phase, ok: code === 0, startedAt, wallMs: performance.now() - startedAt, cpuMs, output }),
      );
    }),
  );
}
