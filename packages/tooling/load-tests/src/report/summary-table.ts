import type { Row, ScenarioReport } from '../scenarios/scenario-report.js';

const COLUMNS: { title: string; cell: (row: Row) => string; left?: boolean }[] = [
  { title: 'scenario', cell: (r) => r.scenario, left: true },
  { title: 'traffic', cell: (r) => r.traffic, left: true },
  { title: 'requests', cell: (r) => r.requests.toLocaleString('en-US') },
  { title: 'req/s', cell: (r) => Math.round(r.requestsPerSecond).toLocaleString('en-US') },
  { title: 'p50 ms', cell: (r) => r.p50.toFixed(1) },
  { title: 'p99 ms', cell: (r) => r.p99.toFixed(1) },
  { title: 'statuses', cell: (r) => r.statuses, left: true },
];

/** The summary: a Markdown table of every traffic class, then each scenario's checks and figures. */
export function formatSummary(reports: readonly ScenarioReport[]): string {
  const rows = reports.flatMap((r) => r.rows).map((row) => COLUMNS.map((c) => c.cell(row)));
  const widths = COLUMNS.map((c, i) => Math.max(c.title.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => (COLUMNS[i]!.left ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (COLUMNS[i]!.left ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  const table = [line(COLUMNS.map((c) => c.title)), rule, ...rows.map(line)].join('\n');
  const details = reports.map((report) =>
    [
      `\n${report.name}`,
      ...report.checks.map((c) => `  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`),
      ...report.figures.map(([name, value]) => `       ${name}: ${value}`),
    ].join('\n'),
  );
  return [table, ...details].join('\n');
}
