import { readFile } from 'node:fs/promises';

// Linux reports utime/stime in clock ticks; USER_HZ is 100 on every mainstream kernel build.
const TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system) the process has used so far, in milliseconds; null where /proc is
 * missing. Per request it is steadier than throughput on a shared machine: it counts work done,
 * not time waited for a core.
 */
export async function cpuTimeMs(pid: number): Promise<number | null> {
  try {
    return parseCpuTimeMs(await readFile(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

export function parseCpuTimeMs(stat: string): number | null {
  // Fields after the command name (which may contain spaces) start at field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return null;
  return ((utime + stime) * 1000) / TICKS_PER_SECOND;
}
