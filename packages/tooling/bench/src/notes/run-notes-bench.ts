import type { BenchIdentity } from '../bench-emulator.js';
import { NOTES_ORG_ID } from '../bench-emulator.js';
import { measureLoad, type Sample, startServer } from '../measure.js';
import { checkNotesTargets, formatNotesTable, formatReferenceLines, summarizeNotes } from '../report/notes-report.js';
import { formatTargets } from '../report/targets.js';
import {
  NOTES_OPS,
  NOTES_SIDES,
  type NotesCaseId,
  notesLoad,
  notesServer,
  type NotesServerId,
  type NotesSide,
} from './notes-cases.js';
import { NOTES_DATABASES, type NotesDatabase, openNotesDatabase } from './notes-databases.js';

export interface NotesBenchSettings {
  rounds: number;
  warmupSeconds: number;
  durationSeconds: number;
  connections: number;
  /** Node flags per server (e.g. --cpu-prof for the ones named in --profile). */
  nodeArgs(id: NotesServerId, round: number): string[];
}

/** Rounds alternate the floor and ours, as the API part alternates its contenders. */
const order = (round: number): NotesSide[] => (round % 2 === 1 ? [...NOTES_SIDES] : [...NOTES_SIDES].reverse());

/**
 * Issue 12's notes cases: for each database (PGlite in a directory, a throwaway PostgreSQL), each
 * round starts the floor and our server in turn on the same seeded database and measures
 * note.list, then note.create, on each. Prints the ratio table and the targets.
 */
export async function runNotesBench(identity: BenchIdentity, settings: NotesBenchSettings) {
  const samples: Sample<NotesCaseId>[] = [];
  for (const kind of NOTES_DATABASES) {
    let database: NotesDatabase | undefined;
    try {
      database = await openNotesDatabase(kind, NOTES_ORG_ID, identity.adaId);
      for (let round = 1; round <= settings.rounds; round++) {
        for (const side of order(round)) {
          const server = await startServer(
            notesServer(side, database, identity),
            settings.nodeArgs(`notes-${side}-${kind}`, round),
          );
          try {
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
              console.log(
                `  round ${round} ${id.padEnd(20)} ${Math.round(sample.requestsPerSecond).toString().padStart(6)} req/s  ` +
                  `p50 ${sample.p50.toFixed(1)} ms  p99 ${sample.p99.toFixed(1)} ms  CPU ${sample.cpuMicrosPerRequest?.toFixed(0) ?? 'n/a'} µs/req  errors ${sample.errors}`,
              );
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
  const cases = NOTES_DATABASES.flatMap((database) => NOTES_OPS.map((op) => ({ op, database })));
  const summaries = summarizeNotes(samples, cases);
  const targets = checkNotesTargets(summaries);
  console.log(
    `\n${formatNotesTable(summaries)}\n\nAgainst tRPC alone (no target; what NestJS, auth and our procedures add):\n` +
      `${formatReferenceLines(summaries)}\n\nNotes targets (medians of ${settings.rounds} round(s)):\n${formatTargets(targets)}`,
  );
  return { samples, summaries, targets };
}
