import { type NodeProcess, startNode } from '@stack/test-kit';

/** Starts one app as a child process, prefixing its output so interleaved logs stay readable. */
export function spawnApp(
  name: string,
  script: string,
  options: { args?: string[]; cwd?: string; env: Record<string, string> },
): NodeProcess {
  const prefix = (text: string, stream: 'stdout' | 'stderr') => {
    for (const line of text.split('\n')) if (line) process[stream].write(`[${name}] ${line}\n`);
  };
  // The developer's own environment too (their shell's settings), under the stack's wiring; only
  // the last few KB are kept: everything is echoed as it comes.
  return startNode(script, { ...options, inheritEnv: true, keepOutput: 4_000, onOutput: prefix });
}
