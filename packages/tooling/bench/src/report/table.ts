import type { ContenderSummary } from './summary.js';

const COLUMNS: { title: string; cell: (s: ContenderSummary) => string }[] = [
  { title: 'contender', cell: (s) => s.label },
  { title: 'req/s', cell: (s) => Math.round(s.requestsPerSecond).toLocaleString('en-US') },
  { title: '× floor', cell: (s) => times(s.throughputVsFloor) },
  { title: 'p50 ms', cell: (s) => s.p50.toFixed(1) },
  { title: 'p99 ms', cell: (s) => s.p99.toFixed(1) },
  { title: 'p99 × floor', cell: (s) => times(s.p99VsFloor) },
  { title: 'CPU µs/req', cell: (s) => (s.cpuMicrosPerRequest === null ? 'n/a' : s.cpuMicrosPerRequest.toFixed(0)) },
  { title: 'errors', cell: (s) => String(s.errors) },
  { title: 'BAPI calls/req', cell: (s) => s.backendCallsPerRequest.toFixed(4) },
  { title: 'JWKS after warm-up', cell: (s) => String(s.jwksFetchesAfterWarmup) },
  { title: 'peak RSS MB', cell: (s) => (s.peakRssBytes === null ? 'n/a' : (s.peakRssBytes / 1024 / 1024).toFixed(0)) },
  { title: 'cold start ms', cell: (s) => s.coldStartMs.toFixed(0) },
];

function times(value: number | null): string {
  return value === null ? 'n/a' : `${value.toFixed(2)}×`;
}

/** A Markdown table (it reads well in a terminal too), first column left-aligned, numbers right. */
export function formatTable(summaries: readonly ContenderSummary[]): string {
  return markdownTable(
    COLUMNS.map((c) => c.title),
    summaries.map((s) => COLUMNS.map((c) => c.cell(s))),
  );
}

/** A Markdown table whose first `textColumns` columns are left-aligned and the rest (numbers) right. */
export function markdownTable(header: readonly string[], rows: readonly string[][], textColumns = 1): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => (i < textColumns ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i < textColumns ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}
