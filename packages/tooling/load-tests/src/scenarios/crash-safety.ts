import { callTrpc, listAllNoteIds } from '../load/trpc-call.js';
import type { LoadOptions } from '../options.js';
import { type NotesDatabaseKind, startNotesServer } from '../stack/notes-server.js';
import { ScenarioRecorder, type ScenarioReport } from './scenario-report.js';

const BEFORE_KILL = 200;
const AFTER_RESTART = 50;
const CONCURRENCY = 8;
// The server is killed once this many creates were acknowledged: well inside the stream, with
// CONCURRENCY creates in flight.
const KILL_AFTER_ACKS = 120;

interface Stream {
  acknowledged: string[];
  /** Creates that got no answer or a non-2xx (in flight at the kill, or refused after it). */
  unanswered: number;
  statuses: Map<string, number>;
}

/** Up to `count` creates, CONCURRENCY at a time, until `stopWhen` says so; every 2xx with an id is recorded. */
async function createStream(
  url: () => string,
  token: string,
  count: number,
  label: string,
  stopWhen: (stream: Stream) => boolean = () => false,
): Promise<Stream> {
  const stream: Stream = { acknowledged: [], unanswered: 0, statuses: new Map() };
  let next = 0;
  const worker = async () => {
    while (next < count && !stopWhen(stream)) {
      const i = next++;
      const outcome = await callTrpc(url(), token, 'mutation', 'note.create', { title: `${label} ${i}` });
      const key = String(outcome.status ?? outcome.failure ?? 'no answer');
      stream.statuses.set(key, (stream.statuses.get(key) ?? 0) + 1);
      const id = (outcome.data as { id?: unknown } | undefined)?.id;
      if (outcome.status === 200 && typeof id === 'string') stream.acknowledged.push(id);
      else stream.unanswered++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return stream;
}

const statuses = (stream: Stream) => [...stream.statuses].map(([s, n]) => `${s}×${n}`).join(' ');

async function crashOn(recorder: ScenarioRecorder, kind: NotesDatabaseKind): Promise<void> {
  const stack = await startNotesServer(kind);
  try {
    let killed = false;
    // `kill -9` from inside the stream, the moment the threshold is crossed, creates still in flight.
    const before = await createStream(
      () => stack.server.url,
      stack.token,
      BEFORE_KILL,
      'before',
      (stream) => {
        if (!killed && stream.acknowledged.length >= KILL_AFTER_ACKS) {
          killed = true;
          process.kill(stack.server.pid, 'SIGKILL');
        }
        return killed;
      },
    );
    const restartMs = await stack.restart();
    const after = await createStream(() => stack.server.url, stack.token, AFTER_RESTART, 'after');
    const present = new Set(await listAllNoteIds(stack.server.url, stack.token));
    const acknowledged = [...before.acknowledged, ...after.acknowledged];
    const missing = acknowledged.filter((id) => !present.has(id));
    recorder.check(
      `${kind}: the server was killed mid-stream`,
      killed && before.acknowledged.length >= KILL_AFTER_ACKS,
      `${before.acknowledged.length} acknowledged before the kill`,
    );
    recorder.check(
      `${kind}: every acknowledged create is there after the restart`,
      missing.length === 0,
      `${acknowledged.length} acknowledged, ${missing.length} missing, ${present.size} notes read back`,
    );
    recorder.check(
      `${kind}: writes work after the restart`,
      after.acknowledged.length === AFTER_RESTART,
      `${after.acknowledged.length} of ${AFTER_RESTART} acknowledged (${statuses(after)})`,
    );
    recorder.check(
      `${kind}: nothing appears that was never sent`,
      present.size <= acknowledged.length + before.unanswered,
      `${present.size} present ≤ ${acknowledged.length} acknowledged + ${before.unanswered} unanswered`,
    );
    recorder.figure(
      `${kind}: creates before the kill`,
      `${before.acknowledged.length} acknowledged, ${before.unanswered} unanswered (${statuses(before)}); ` +
        `${present.size - acknowledged.length} unanswered ones committed anyway`,
    );
    recorder.figure(`${kind}: restart on the same database until listening`, `${(restartMs / 1000).toFixed(1)} s`);
  } finally {
    await stack.close();
  }
}

/**
 * A stream of note.create calls, the server `kill -9`ed in the middle of it and restarted on the
 * same database (a PGlite directory, then a PostgreSQL): every create that was acknowledged is
 * read back through the API afterwards, and the restarted server takes writes again.
 */
export async function crashSafety(_options: LoadOptions): Promise<ScenarioReport> {
  const recorder = new ScenarioRecorder('crash-safety');
  for (const kind of ['pglite', 'postgres'] as const) await crashOn(recorder, kind);
  return recorder.report;
}
