import { readFile } from 'node:fs/promises';

/** The process's peak resident set size so far (VmHWM), in bytes; null where /proc is missing. */
export async function peakRssBytes(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    return parseVmHwm(status);
  } catch {
    return null;
  }
}

export function parseVmHwm(status: string): number | null {
  const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status);
  return match ? Number(match[1]) * 1024 : null;
}
