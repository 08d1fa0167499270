import { type Logger, pino } from 'pino';

/** One finished request, as its log line states it (http/observe-requests.ts). */
export interface RequestLine {
  reqId: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  procedures?: readonly string[];
  userId?: string;
  orgId?: string;
  traceId?: string;
  aborted?: true;
}

export type RequestLineWriter = (level: 'info' | 'warn', line: RequestLine, msg: string) => void;

/**
 * Request lines written as the same JSON line `logger.info(line, msg)` writes (same level field,
 * time, bindings, key order and destination), without pino's generic serializer: one line per
 * request is the logger's hottest use, and pino's per-key loop (its own escaping of every string,
 * character by character) was ~2 % of a `profile.me` request's CPU. The time, bindings and level
 * prefix are the logger's own (`pino.symbols`, which pino exposes for such integrations); a unit test
 * compares the two lines.
 */
export function requestLineWriter(logger: Logger): RequestLineWriter {
  const internals = logger as unknown as Record<symbol, unknown>;
  const prefixes = internals[pino.symbols.lsCacheSym] as Record<number, string>;
  const time = internals[pino.symbols.timeSym] as () => string;
  const stream = internals[pino.symbols.streamSym] as { write(line: string): void };
  const prefix = { info: prefixes[logger.levels.values['info']!]!, warn: prefixes[logger.levels.values['warn']!]! };
  return (level, line, msg) => {
    if (!logger.isLevelEnabled(level)) return;
    // The bindings (`pid`) are read per line: `setBindings()` may change them.
    let json =
      `${prefix[level]}${time()}${internals[pino.symbols.chindingsSym] as string}` +
      `,"reqId":${JSON.stringify(line.reqId)},"method":${JSON.stringify(line.method)}` +
      `,"path":${JSON.stringify(line.path)},"status":${line.status},"durationMs":${line.durationMs}`;
    if (line.procedures) json += `,"procedures":${JSON.stringify(line.procedures)}`;
    if (line.userId) json += `,"userId":${JSON.stringify(line.userId)}`;
    if (line.orgId) json += `,"orgId":${JSON.stringify(line.orgId)}`;
    if (line.traceId) json += `,"traceId":${JSON.stringify(line.traceId)}`;
    if (line.aborted) json += ',"aborted":true';
    stream.write(`${json},"msg":${JSON.stringify(msg)}}\n`);
  };
}
