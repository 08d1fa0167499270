import { describe, expect, it, vi } from 'vitest';

import { createLogger } from '../../src/logging/create-logger.js';
import { NestPinoLogger } from '../../src/logging/nest-logger.js';
import { formatLine } from '../../src/logging/pretty-lines.js';
import { scrubSqlParameters, serializeError } from '../../src/logging/serialize-error.js';

const NOTE_BODY = 'line one of a private note\n    at looks.like(a frame)\nparams: more';

/** What drizzle-orm 0.45 throws for a failed statement (DrizzleQueryError): its parameters in the message. */
function failedQuery(): Error {
  const cause = Object.assign(new Error('value too long for type character varying(120)'), { code: '22001' });
  const query = 'insert into "notes" ("title", "body") values ($1, $2)';
  const error = new Error(`Failed query: ${query}\nparams: ${['title', NOTE_BODY].join(',')}`, { cause });
  error.name = 'DrizzleQueryError';
  return error;
}

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger(
    { level: 'debug', format: 'json' },
    { write: (l: string) => void lines.push(JSON.parse(l)) },
  );
  return { logger, lines };
}

describe('log lines', () => {
  it("never carry a failed query's parameters, in the message, the stack or a cause", () => {
    const outer = new Error('wrapped', { cause: failedQuery() });
    const serialized = JSON.stringify(serializeError(outer));
    expect(serialized).toContain('insert into \\"notes\\"');
    expect(serialized).toContain('params: [not logged]');
    expect(serialized).toContain('"code":"22001"');
    expect(serialized).not.toContain('private note');
    expect(serialized).not.toContain('title",');

    const { stack } = failedQuery();
    const scrubbed = scrubSqlParameters(stack!);
    expect(scrubbed).not.toContain('private note');
    expect(scrubbed).toMatch(/\n {4}at .*:\d+:\d+/);
  });

  it('stamps each line with its ISO time to the millisecond, across milliseconds and seconds', () => {
    const { logger, lines } = capture();
    const times = [
      '2026-12-07T10:00:00.000Z',
      '2026-12-07T10:00:00.000Z',
      '2026-12-07T10:00:00.007Z',
      '2026-12-07T10:00:00.042Z',
      '2026-12-07T10:00:00.999Z',
      '2026-12-07T10:00:01.000Z',
      '2026-12-07T10:00:01.120Z',
      '2026-12-07T23:59:59.999Z',
      '2026-12-08T00:00:00.001Z',
    ];
    vi.useFakeTimers();
    try {
      for (const time of times) {
        vi.setSystemTime(new Date(time));
        logger.info('tick');
      }
    } finally {
      vi.useRealTimers();
    }
    expect(lines.map((line) => line['time'])).toEqual(times);
  });

  it("route Nest's logging (its error(message, stack, context) too) through the same JSON lines", () => {
    const { logger, lines } = capture();
    const nest = new NestPinoLogger(logger);
    nest.log('Mapped {/health, GET} route', 'RouterExplorer');
    nest.error('boom', failedQuery().stack, 'ExceptionsHandler');
    nest.warn({ msg: 'Rejected credentials on tRPC: token-expired', reason: 'token-expired' }, 'Auth');
    nest.debug(failedQuery(), 'Database');
    expect(lines[0]).toMatchObject({ level: 'info', context: 'RouterExplorer', msg: 'Mapped {/health, GET} route' });
    expect(lines[1]).toMatchObject({ level: 'error', context: 'ExceptionsHandler', msg: 'boom' });
    expect(lines[2]).toMatchObject({ level: 'warn', context: 'Auth', reason: 'token-expired' });
    expect(lines[3]).toMatchObject({ level: 'debug', context: 'Database', err: { type: 'DrizzleQueryError' } });
    expect(JSON.stringify(lines)).not.toContain('private note');
  });

  it('reads well in development: one line per request', () => {
    const request = JSON.stringify({
      level: 'info',
      time: '2026-12-07T10:00:01.234Z',
      pid: 1,
      reqId: 'r1',
      method: 'GET',
      path: '/trpc/note.list',
      status: 200,
      durationMs: 4.1,
      procedures: ['note.list'],
      userId: 'user_1',
      msg: 'request',
    });
    expect(formatLine(request)).toBe(
      '10:00:01.234 INFO  GET /trpc/note.list 200 4.1 ms reqId=r1 procedures=note.list userId=user_1',
    );
    const boot = JSON.stringify({
      level: 'info',
      time: '2026-12-07T10:00:00.000Z',
      context: 'Bootstrap',
      msg: 'Listening on x',
    });
    expect(formatLine(boot)).toBe('10:00:00.000 INFO  [Bootstrap] Listening on x');
  });
});
