import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { createLogger } from '../../src/logging/create-logger.js';
import { type RequestLine, requestLineWriter } from '../../src/logging/request-lines.js';

function capture(level: 'info' | 'warn' = 'info') {
  const lines: string[] = [];
  const logger = createLogger({ level, format: 'json' }, { write: (line: string) => void lines.push(line) });
  return { logger, lines, write: requestLineWriter(logger) };
}

const plain: RequestLine = { reqId: 'req-1', method: 'GET', path: '/health', status: 200, durationMs: 0.4 };
const full: RequestLine = {
  reqId: '2f6c1d9e-0a4b-4c8e-9d2f-7b1e5a3c9d01',
  method: 'POST',
  path: '/trpc/note.create,profile.me',
  status: 200,
  durationMs: 12.3,
  procedures: ['note.create', 'profile.me'],
  userId: 'user_2abc',
  orgId: 'org_9xyz',
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
};
// Whatever a client can put in a path: quotes, backslashes, control characters, non-ASCII.
const odd: RequestLine = { ...plain, path: '/a"b\\c\u0001d/é€/\u2028', status: 404 };

describe('request lines', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-12-08T03:00:00.123Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('are the very line pino writes for the same fields, byte for byte', () => {
    const cases: [level: 'info' | 'warn', line: RequestLine, msg: string][] = [
      ['info', plain, 'request'],
      ['info', full, 'request'],
      ['warn', { ...full, status: 503 }, 'request failed'],
      ['info', { ...plain, status: 499, aborted: true }, 'client went away before the response'],
      ['info', odd, 'request'],
    ];
    for (const [level, line, msg] of cases) {
      const ours = capture();
      ours.write(level, line, msg);
      const pinos = capture();
      pinos.logger[level]({ ...line }, msg);
      expect(ours.lines).toEqual(pinos.lines);
      expect(JSON.parse(ours.lines[0]!)).toMatchObject({ ...line, level, msg, pid: process.pid });
    }
  });

  it('follow the logger’s level', () => {
    const { lines, write } = capture('warn');
    write('info', plain, 'request');
    write('warn', { ...plain, status: 500 }, 'request failed');
    expect(lines.map((line) => JSON.parse(line) as { level: string })).toEqual([
      expect.objectContaining({ level: 'warn', status: 500 }),
    ]);
  });
});
