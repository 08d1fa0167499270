import type { Sample } from '../measure.js';
import type { NotesCaseId, NotesOp } from '../notes/notes-cases.js';
import type { NotesDatabaseKind } from '../notes/notes-databases.js';
import { median, ratio } from './summary.js';
import { markdownTable } from './table.js';
import type { TargetCheck } from './targets.js';

/** One side of a notes case, medians over rounds. */
interface NotesSideSummary {
  rounds: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  cpuMicrosPerRequest: number | null;
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
  throughputVsFloor: number | null;
  p99VsFloor: number | null;
  /** Ours against the tRPC reference: what NestJS, auth and our procedures add to tRPC. */
  throughputVsReference: number | null;
}

const LABEL: Record<NotesOp, string> = { list: 'note.list (20 with authors)', create: 'note.create' };

function side(samples: readonly Sample<NotesCaseId>[], id: NotesCaseId): NotesSideSummary | null {
  const runs = samples.filter((s) => s.contender === id);
  if (runs.length === 0) return null;
  const cpu = runs.map((r) => r.cpuMicrosPerRequest).filter((v): v is number => v !== null);
  return {
    rounds: runs.length,
    requestsPerSecond: median(runs.map((r) => r.requestsPerSecond)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    cpuMicrosPerRequest: cpu.length > 0 ? median(cpu) : null,
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
  };
}

/** Pairs each case's floor and ours (and the tRPC reference, if measured); cases missing one are left out. */
export function summarizeNotes(
  samples: readonly Sample<NotesCaseId>[],
  cases: readonly { op: NotesOp; database: NotesDatabaseKind }[],
): NotesSummary[] {
  return cases.flatMap(({ op, database }) => {
    const floor = side(samples, `${op}/floor/${database}`);
    const ours = side(samples, `${op}/ours/${database}`);
    const reference = side(samples, `${op}/trpc/${database}`);
    if (!floor || !ours) return [];
    return [
      {
        op,
        database,
        floor,
        reference,
        ours,
        throughputVsFloor: ratio(ours.requestsPerSecond, floor.requestsPerSecond),
        p99VsFloor: ratio(ours.p99, floor.p99),
        throughputVsReference: reference ? ratio(ours.requestsPerSecond, reference.requestsPerSecond) : null,
      },
    ];
  });
}

const times = (value: number | null) => (value === null ? 'n/a' : `${value.toFixed(2)}×`);
const cpu = (value: number | null) => (value === null ? 'n/a' : value.toFixed(0));

const SIDE_LABEL = {
  floor: 'floor: bare Fastify route',
  reference: 'reference: tRPC standalone',
  ours: 'ours: NestJS + tRPC + auth',
} as const;

/** A Markdown table: one row per case and side, each side's ratios against the floor. */
export function formatNotesTable(summaries: readonly NotesSummary[]): string {
  const header = [
    'case',
    'database',
    'side',
    'req/s',
    '× floor',
    'p50 ms',
    'p99 ms',
    'p99 × floor',
    'CPU µs/req',
    'errors',
  ];
  const rows = summaries.flatMap((s) =>
    (['floor', 'reference', 'ours'] as const).flatMap((which) => {
      const x = s[which];
      if (!x) return [];
      return [
        [
          LABEL[s.op],
          s.database,
          SIDE_LABEL[which],
          Math.round(x.requestsPerSecond).toLocaleString('en-US'),
          times(ratio(x.requestsPerSecond, s.floor.requestsPerSecond)),
          x.p50.toFixed(1),
          x.p99.toFixed(1),
          times(ratio(x.p99, s.floor.p99)),
          cpu(x.cpuMicrosPerRequest),
          String(x.errors),
        ],
      ];
    }),
  );
  return markdownTable(header, rows, 3);
}

/** Issue 12's targets: ≥ 0.8× the floor's throughput, p99 ≤ 1.5× the floor's, and no errors. */
export function checkNotesTargets(summaries: readonly NotesSummary[]): TargetCheck[] {
  return summaries.flatMap((s) => {
    const name = `note.${s.op} on ${s.database}`;
    const checks: TargetCheck[] = [];
    if (s.throughputVsFloor !== null)
      checks.push({
        target: `${name} throughput ≥ 0.8× floor`,
        measured: `${s.throughputVsFloor.toFixed(2)}×`,
        met: s.throughputVsFloor >= 0.8,
      });
    if (s.p99VsFloor !== null)
      checks.push({
        target: `${name} p99 ≤ 1.5× floor`,
        measured: `${s.p99VsFloor.toFixed(2)}× (${s.ours.p99.toFixed(1)} vs ${s.floor.p99.toFixed(1)} ms)`,
        met: s.p99VsFloor <= 1.5,
      });
    checks.push({
      target: `${name} no errors (either side)`,
      measured: `${s.ours.errors} / ${s.floor.errors}`,
      met: s.ours.errors === 0 && s.floor.errors === 0,
    });
    return checks;
  });
}

/** One line per case with a reference: ours against tRPC standalone on the same statements. */
export function formatReferenceLines(summaries: readonly NotesSummary[]): string {
  return summaries
    .filter((s) => s.throughputVsReference !== null)
    .map(
      (s) =>
        `  note.${s.op} on ${s.database}: ours at ${times(s.throughputVsReference)} the tRPC reference's throughput`,
    )
    .join('\n');
}
