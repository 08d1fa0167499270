import type { BenchIdentity } from '../bench-emulator.js';
import { NOTES_ORG_ID } from '../bench-emulator.js';
import { measureLoad, type Sample, startServer, TRACE_GC } from '../measure.js';
import {
  checkNotesTargets,
  formatMixedLines,
  formatNotesTable,
  formatReferenceLines,
  summarizeNotes,
} from '../report/notes-report.js';
import { formatTargets } from '../report/targets.js';
import {
  MIXED_ME_CONNECTIONS,
  MIXED_OPS,
  NOTES_OPS,
  type NotesCaseId,
  notesLoad,
  notesServer,
  type NotesServerId,
  type NotesSide,
} from './notes-cases.js';
import { type NotesDatabase, type NotesDatabaseKind, openNotesDatabase } from './notes-databases.js';

export interface NotesBenchSettings {
  rounds: number;
  warmupSeconds: number;
  durationSeconds: number;
  connections: number;
  /** Node flags per server (e.g. --cpu-prof for the ones named in --profile). */
  nodeArgs(id: NotesServerId, round: number): string[];
  /** Variables for our server on top of its defaults (`--server-env`). */
  serverEnv: Record<string, string>;
  /** The databases to run the cases on (`--notes-databases`). */
  databases: readonly NotesDatabaseKind[];
  /** The servers to run them against (`--notes-sides`). */
  sides: readonly NotesSide[];
}

/** Rounds alternate the sides' order, as the API part alternates its contenders. */
const order = (sides: readonly NotesSide[], round: number): NotesSide[] =>
  round % 2 === 1 ? [...sides] : [...sides].reverse();

/**
 * Issue 12's notes cases: for each database (PGlite in a directory, a throwaway PostgreSQL), each
 * round starts the floor and our server in turn on the same seeded database and measures
 * note.list, then note.create, on each. Prints the ratio table and the targets.
 */
export async function runNotesBench(identity: BenchIdentity, settings: NotesBenchSettings) {
  const samples: Sample<NotesCaseId>[] = [];
  for (const kind of settings.databases) {
    let database: NotesDatabase | undefined;
    try {
      database = await openNotesDatabase(kind, NOTES_ORG_ID, identity.adaId);
      for (let round = 1; round <= settings.rounds; round++) {
        for (const side of order(settings.sides, round)) {
          // Every notes server traces its collections, summed by the harness into GC per request: what
          // a call keeps alive while it waits on the database shows up as promotion and scavenge time.
          const server = await startServer(notesServer(side, database, identity, settings.serverEnv), [
            TRACE_GC,
            ...settings.nodeArgs(`notes-${side}-${kind}`, round),
          ]);
          try {
            const log = (sample: Sample<NotesCaseId>) =>
              console.log(
                `  round ${round} ${sample.contender.padEnd(28)} ${Math.round(sample.requestsPerSecond).toString().padStart(6)} req/s  ` +
                  `p50 ${sample.p50.toFixed(1)} ms  p99 ${sample.p99.toFixed(1)} ms  CPU ${sample.cpuMicrosPerRequest?.toFixed(0) ?? 'n/a'} µs/req  ` +
                  `GC ${sample.gc ? `${sample.gc.youngMicros.toFixed(0)}+${sample.gc.fullMicros.toFixed(0)} µs/req, promoted ${sample.gc.promotedKb.toFixed(1)} KB/req` : 'n/a'}  errors ${sample.errors}`,
              );
            for (const op of NOTES_OPS) {
              const id: NotesCaseId = `${op}/${side}/${kind}`;
              const sample = await measureLoad(
                id,
                round,
                server,
                notesLoad(op, side, identity),
                identity.emulator,
                settings,
              );
              samples.push(sample);
              log(sample);
            }
            if (side === 'ours' || side === 'ours-open') {
              // Both loads at once (two load generators): per-request CPU means nothing here.
              const mixed = await Promise.all(
                MIXED_OPS.map((op) =>
                  measureLoad(
                    `${op}/${side}/${kind}` as NotesCaseId,
                    round,
                    server,
                    notesLoad(op, side, identity),
                    identity.emulator,
                    {
                      ...settings,
                      connections: op === 'me-beside' ? MIXED_ME_CONNECTIONS : settings.connections,
                    },
                  ),
                ),
              );
              for (const sample of mixed) {
                samples.push(sample);
                log(sample);
              }
            }
          } catch (error) {
            throw new Error(
              `notes-${side}-${kind}: ${(error as Error).message}\n--- server output ---\n${server.output()}`,
              {
                cause: error,
              },
            );
          } finally {
            await server.stop();
          }
        }
      }
    } finally {
      await database?.close();
    }
  }
  const cases = settings.databases.flatMap((database) => NOTES_OPS.map((op) => ({ op, database })));
  const summaries = summarizeNotes(samples, cases);
  const targets = checkNotesTargets(summaries);
  console.log(
    `\n${formatNotesTable(summaries)}\n\nRatios (ours against tRPC alone, and against itself with the gate off):\n` +
      `${formatReferenceLines(summaries)}\n\n` +
      `profile.me (${MIXED_ME_CONNECTIONS} connections) beside a note.list flood (${settings.connections} connections), our server:\n` +
      `${formatMixedLines(samples, settings.databases)}\n\nNotes targets (medians of ${settings.rounds} round(s)):\n${formatTargets(targets)}`,
  );
  return { samples, summaries, targets };
}
