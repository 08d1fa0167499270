import { readFile } from 'node:fs/promises';

/** A `/proc/<pid>/status` size field (e.g. `VmHWM`, `VmRSS`) in bytes; null where /proc is missing. */
async function statusBytes(pid: number, field: string): Promise<number | null> {
  try {
    return parseStatusBytes(await readFile(`/proc/${pid}/status`, 'utf8'), field);
  } catch {
    return null;
  }
}

function parseStatusBytes(status: string, field: string): number | null {
  const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB$`, 'm').exec(status);
  return match ? Number(match[1]) * 1024 : null;
}

/** The process's peak resident set size so far (VmHWM), in bytes; null where /proc is missing. */
export const peakRssBytes = (pid: number) => statusBytes(pid, 'VmHWM');

/** The process's resident set size now (VmRSS), in bytes. */
export const currentRssBytes = (pid: number) => statusBytes(pid, 'VmRSS');

export const parseVmHwm = (status: string) => parseStatusBytes(status, 'VmHWM');
