// node packages/tooling/bench/dist/profile/summarize-cli.js <file.cpuprofile | profiles/<server>-round<N>> [count]
// Prints the heaviest functions and packages by self time (idle excluded).
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

import { type CpuProfile, formatShares, inclusiveShares, summarizeProfile } from './cpu-profile.js';

const [target, count] = process.argv.slice(2);
if (!target) {
  console.error('usage: summarize-cli.js <file.cpuprofile | profile folder> [count]');
  process.exit(2);
}
const file = (await stat(target)).isDirectory() ? path.join(target, await mainThreadProfile(target)) : target;
const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
const summary = summarizeProfile(profile, Number(count ?? 15));
console.log(`${file}: ${summary.busyMs.toFixed(0)} ms busy`);
console.log(formatShares('by package (self time):', summary.packages));
console.log(formatShares('by function (self time):', summary.frames));
console.log(formatShares('by function (inclusive time):', inclusiveShares(profile, Number(count ?? 15))));

/** Node names profiles CPU.<date>.<time>.<pid>.<thread id>.<seq>.cpuprofile; the main thread is 0. */
async function mainThreadProfile(dir: string): Promise<string> {
  const main = (await readdir(dir)).find((name) => /^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/.test(name));
  if (!main) throw new Error(`${dir}: no main-thread profile (CPU.*.<pid>.0.*.cpuprofile)`);
  return main;
}
