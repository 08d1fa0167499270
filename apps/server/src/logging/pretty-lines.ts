import type { DestinationStream } from 'pino';

const LEVELS: Record<string, string> = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: 'INFO ',
  warn: 'WARN ',
  error: 'ERROR',
  fatal: 'FATAL',
};
// Shown in their own place (or not at all) rather than as key=value.
const PLACED = new Set(['level', 'time', 'pid', 'msg', 'context', 'err', 'method', 'path', 'status', 'durationMs']);

/**
 * Development output (`pnpm dev`): each JSON line pino writes, as one readable line.
 *
 *   12:04:31.207 INFO  GET /trpc/note.list 200 4.1 ms procedures=note.list userId=user_… reqId=…
 *   12:04:29.876 INFO  [Bootstrap] Listening on http://127.0.0.1:4000
 */
export function prettyLines(out: NodeJS.WritableStream): DestinationStream {
  return { write: (line: string) => void out.write(`${formatLine(line)}\n`) };
}

export function formatLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.trimEnd();
  }
  const time = typeof entry['time'] === 'string' ? entry['time'].slice(11, 23) : '';
  const level = LEVELS[String(entry['level'])] ?? String(entry['level']);
  const parts = [time, level];
  if (typeof entry['context'] === 'string') parts.push(`[${entry['context']}]`);
  if (typeof entry['method'] === 'string') {
    parts.push(
      `${entry['method']} ${String(entry['path'])} ${String(entry['status'])} ${String(entry['durationMs'])} ms`,
    );
  } else if (typeof entry['msg'] === 'string') {
    parts.push(entry['msg']);
  }
  for (const [key, value] of Object.entries(entry)) {
    if (PLACED.has(key) || value === undefined) continue;
    parts.push(
      `${key}=${typeof value === 'string' ? value : Array.isArray(value) ? value.join(',') : JSON.stringify(value)}`,
    );
  }
  const err = entry['err'] as { stack?: string; message?: string } | undefined;
  const text = parts.join(' ');
  return err ? `${text}\n${err.stack ?? err.message ?? ''}` : text;
}
