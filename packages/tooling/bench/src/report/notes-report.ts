import type { Sample } from '../measure.js';
import type { NotesCaseId, NotesOp, NotesSide } from '../notes/notes-cases.js';
import type { NotesDatabaseKind } from '../notes/notes-databases.js';
import { median, ratio } from './summary.js';
import { markdownTable } from './table.js';
import type { TargetCheck } from './targets.js';

/** GC per request: main-thread pause of young and full collections (µs), bytes promoted (KB). */
interface GcFigures {
  youngMicros: number;
  fullMicros: number;
  promotedKb: number;
}

/** One side of a notes case, medians over rounds. */
interface NotesSideSummary {
  rounds: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  cpuMicrosPerRequest: number | null;
  gc: GcFigures | null;
  /** Summed over rounds. */
  errors: number;
}

/** A notes case (operation × database): our server against the floor measured in the same run. */
export interface NotesSummary {
  op: NotesOp;
  database: NotesDatabaseKind;
  floor: NotesSideSummary;
  /** tRPC standalone on the same statements (no auth), when measured: what tRPC alone costs. */
  reference: NotesSideSummary | null;
  ours: NotesSideSummary;
  /** Our server with the admission gate off, when measured: what the gate buys. */
  gateOff: NotesSideSummary | null;
  throughputVsFloor: number | null;
  p99VsFloor: number | null;
  /** Ours against the tRPC reference: what NestJS, auth and our procedures add to tRPC. */
  throughputVsReference: number | null;
  /** Ours with the gate against ours without it. */
  throughputVsGateOff: number | null;
}

const LABEL: Record<NotesOp, string> = {
  list: 'note.list (20 with authors)',
  create: 'note.create',
  'me-beside': 'profile.me beside a note.list flood',
  'list-beside': 'note.list flood beside profile.me',
};

function side(samples: readonly Sample<NotesCaseId>[], id: NotesCaseId): NotesSideSummary | null {
  const runs = samples.filter((s) => s.contender === id);
  if (runs.length === 0) return null;
  const cpu = runs.map((r) => r.cpuMicrosPerRequest).filter((v): v is number => v !== null);
  const gc = runs.map((r) => r.gc).filter((v): v is GcFigures => !!v);
  return {
    rounds: runs.length,
    requestsPerSecond: median(runs.map((r) => r.requestsPerSecond)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    cpuMicrosPerRequest: cpu.length > 0 ? median(cpu) : null,
    gc:
      gc.length > 0
        ? {
            youngMicros: median(gc.map((g) => g.youngMicros)),
            fullMicros: median(gc.map((g) => g.fullMicros)),
            promotedKb: median(gc.map((g) => g.promotedKb)),
          }
        : null,
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
  };
}

/** Pairs each case's sides (floor and ours are required; the others when measured). */
export function summarizeNotes(
  samples: readonly Sample<NotesCaseId>[],
  cases: readonly { op: NotesOp; database: NotesDatabaseKind }[],
): NotesSummary[] {
  return cases.flatMap(({ op, database }) => {
    const get = (s: NotesSide) => side(samples, `${op}/${s}/${database}`);
    const [floor, reference, ours, gateOff] = [get('floor'), get('trpc'), get('ours'), get('ours-open')];
    if (!floor || !ours) return [];
    return [
      {
        op,
        database,
        floor,
        reference,
        ours,
        gateOff,
        throughputVsFloor: ratio(ours.requestsPerSecond, floor.requestsPerSecond),
        p99VsFloor: ratio(ours.p99, floor.p99),
        throughputVsReference: reference ? ratio(ours.requestsPerSecond, reference.requestsPerSecond) : null,
        throughputVsGateOff: gateOff ? ratio(ours.requestsPerSecond, gateOff.requestsPerSecond) : null,
      },
    ];
  });
}

const times = (value: number | null) => (value === null ? 'n/a' : `${value.toFixed(2)}×`);
const fixed = (value: number | null | undefined, digits = 0) => (value == null ? 'n/a' : value.toFixed(digits));

const SIDE_LABEL = {
  floor: 'floor: bare Fastify route',
  reference: 'reference: tRPC standalone',
  ours: 'ours: NestJS + tRPC + auth',
  gateOff: 'ours, admission gate off',
} as const;

/** A Markdown table: one row per case and side, each side's ratios against the floor and tRPC alone. */
export function formatNotesTable(summaries: readonly NotesSummary[]): string {
  const header = [
    'case',
    'database',
    'side',
    'req/s',
    '× floor',
    '× tRPC alone',
    'p50 ms',
    'p99 ms',
    'p99 × floor',
    'CPU µs/req',
    'GC µs/req',
    'promoted KB/req',
    'errors',
  ];
  const rows = summaries.flatMap((s) =>
    (['floor', 'reference', 'ours', 'gateOff'] as const).flatMap((which) => {
      const x = s[which];
      if (!x) return [];
      return [
        [
          LABEL[s.op],
          s.database,
          SIDE_LABEL[which],
          Math.round(x.requestsPerSecond).toLocaleString('en-US'),
          times(ratio(x.requestsPerSecond, s.floor.requestsPerSecond)),
          times(s.reference ? ratio(x.requestsPerSecond, s.reference.requestsPerSecond) : null),
          x.p50.toFixed(1),
          x.p99.toFixed(1),
          times(ratio(x.p99, s.floor.p99)),
          fixed(x.cpuMicrosPerRequest),
          x.gc ? `${fixed(x.gc.youngMicros)} + ${fixed(x.gc.fullMicros)}` : 'n/a',
          fixed(x.gc?.promotedKb, 1),
          String(x.errors),
        ],
      ];
    }),
  );
  return markdownTable(header, rows, 3);
}

/**
 * Issue 22's targets. On PostgreSQL: ≥ 1.2× tRPC alone's throughput on the same statements,
 * ≥ 0.6× the bare route's, p99 ≤ 1.3× the route's. On PGlite: ≥ 1.1× tRPC alone. No errors on any side.
 */
export function checkNotesTargets(summaries: readonly NotesSummary[]): TargetCheck[] {
  return summaries.flatMap((s) => {
    const name = `note.${s.op} on ${s.database}`;
    const checks: TargetCheck[] = [];
    const vsReference = s.database === 'postgres' ? 1.2 : 1.1;
    if (s.throughputVsReference !== null)
      checks.push({
        target: `${name} throughput ≥ ${vsReference}× tRPC alone`,
        measured: `${s.throughputVsReference.toFixed(2)}×`,
        met: s.throughputVsReference >= vsReference,
      });
    if (s.database === 'postgres') {
      if (s.throughputVsFloor !== null)
        checks.push({
          target: `${name} throughput ≥ 0.6× floor`,
          measured: `${s.throughputVsFloor.toFixed(2)}×`,
          met: s.throughputVsFloor >= 0.6,
        });
      if (s.p99VsFloor !== null)
        checks.push({
          target: `${name} p99 ≤ 1.3× floor`,
          measured: `${s.p99VsFloor.toFixed(2)}× (${s.ours.p99.toFixed(1)} vs ${s.floor.p99.toFixed(1)} ms)`,
          met: s.p99VsFloor <= 1.3,
        });
    }
    const sides = [s.floor, s.reference, s.ours, s.gateOff].filter((x): x is NotesSideSummary => x !== null);
    checks.push({
      target: `${name} no errors (any side)`,
      measured: sides.map((x) => x.errors).join(' / '),
      met: sides.every((x) => x.errors === 0),
    });
    return checks;
  });
}

/** One line per case: ours against tRPC standalone, and the gate on against off (no targets). */
export function formatReferenceLines(summaries: readonly NotesSummary[]): string {
  return summaries
    .filter((s) => s.reference || s.gateOff)
    .map((s) => {
      const parts = [];
      if (s.reference) parts.push(`ours at ${times(s.throughputVsReference)} tRPC alone's throughput`);
      if (s.gateOff)
        parts.push(
          `gate on ÷ off: ${times(s.throughputVsGateOff)} throughput, CPU ${fixed(s.ours.cpuMicrosPerRequest)} vs ` +
            `${fixed(s.gateOff.cpuMicrosPerRequest)} µs/req, promoted ${fixed(s.ours.gc?.promotedKb, 1)} vs ` +
            `${fixed(s.gateOff.gc?.promotedKb, 1)} KB/req`,
        );
      return `  note.${s.op} on ${s.database}: ${parts.join('; ')}`;
    })
    .join('\n');
}

/**
 * The mixed case: profile.me's latency and throughput beside a note.list flood, gate on and off,
 * per database, and the flood's own throughput.
 */
export function formatMixedLines(
  samples: readonly Sample<NotesCaseId>[],
  databases: readonly NotesDatabaseKind[],
): string {
  const line = (database: NotesDatabaseKind, gate: 'ours' | 'ours-open') => {
    const me = side(samples, `me-beside/${gate}/${database}`);
    const flood = side(samples, `list-beside/${gate}/${database}`);
    if (!me || !flood) return [];
    return [
      `  ${database}, gate ${gate === 'ours' ? 'on ' : 'off'}: profile.me p50 ${me.p50.toFixed(1)} ms, p99 ${me.p99.toFixed(1)} ms, ` +
        `${Math.round(me.requestsPerSecond)} req/s (errors ${me.errors}); note.list ${Math.round(flood.requestsPerSecond)} req/s`,
    ];
  };
  return databases.flatMap((database) => [...line(database, 'ours'), ...line(database, 'ours-open')]).join('\n');
}
