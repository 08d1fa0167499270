import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** Bytes of every file under `dir`, symlinks counted as links (what a copy of it weighs). */
export function directorySize(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? directorySize(full) : lstatSync(full).size;
  }
  return total;
}

export const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
