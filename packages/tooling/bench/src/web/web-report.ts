import type { BundleTotals } from './first-load-js.js';
import type { WebResult } from './run-web-bench.js';
import { formatWebChecks } from './web-budget.js';

const kB = (bytes: number) => (bytes / 1000).toFixed(1);
const ms = (value: number) => value.toFixed(1).padStart(7);

function bundleRow(label: string, b: BundleTotals): string {
  return `  ${label.padEnd(34)} ${String(b.count).padStart(5)} ${kB(b.rawBytes).padStart(9)} ${kB(b.gzipBytes).padStart(9)}`;
}

/** The web section of `pnpm bench`'s output. */
export function formatWebReport(result: WebResult, budgetFile: string): string {
  const { firstLoadJs: js, timings } = result;
  const nextNote =
    js.nextReportedRawBytes === null
      ? 'next build wrote no route-bundle-stats.json'
      : `next build: ${kB(js.nextReportedRawBytes)} kB raw, ${js.matchesNextChunkList ? 'same chunks' : 'DIFFERENT chunks than the HTML loads'}`;
  const [home, profile, api] = timings;
  const lines = [
    'Web: /profile as built (the standalone server), signed in',
    '',
    `  first-load JavaScript               files    raw kB   gzip kB`,
    bundleRow('app (/_next/static)', js.app),
    bundleRow('Clerk (/__clerk proxy, async)', js.clerk),
    `  (${nextNote}; HTML ${kB(result.profileHtml.rawBytes)} kB raw${js.external.length > 0 ? `; not counted: ${js.external.join(', ')}` : ''})`,
    '',
    `  time to full HTML, ${result.requests} sequential requests after ${result.warmup} warm-up   p50 ms  p90 ms  max ms  failed`,
    ...timings.map(
      (t) => `  ${t.name.padEnd(63)}${ms(t.p50)} ${ms(t.p90)} ${ms(t.max)} ${String(t.failures).padStart(7)}`,
    ),
  ];
  if (home && profile && api) {
    lines.push(
      `  /profile ÷ /: ${(profile.p50 / home.p50).toFixed(2)}× at p50 (+${(profile.p50 - home.p50).toFixed(1)} ms, of which profile.me alone takes ≈ ${api.p50.toFixed(1)} ms)`,
    );
  }
  lines.push(
    `  Clerk Backend API calls during the measured requests: ${result.backendApiCalls}`,
    '',
    `Web budget (${budgetFile}):`,
    formatWebChecks(result.checks),
  );
  return lines.join('\n');
}
