// node packages/tooling/bench/dist/profile/summarize-cli.js <file.cpuprofile> [count]
// Prints the heaviest functions and packages by self time (idle excluded).
import { readFile } from 'node:fs/promises';

import { type CpuProfile, formatShares, inclusiveShares, summarizeProfile } from './cpu-profile.js';

const [file, count] = process.argv.slice(2);
if (!file) {
  console.error('usage: summarize-cli.js <file.cpuprofile> [count]');
  process.exit(2);
}
const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
const summary = summarizeProfile(profile, Number(count ?? 15));
console.log(`${file}: ${summary.busyMs.toFixed(0)} ms busy`);
console.log(formatShares('by package (self time):', summary.packages));
console.log(formatShares('by function (self time):', summary.frames));
console.log(formatShares('by function (inclusive time):', inclusiveShares(profile, Number(count ?? 15))));
