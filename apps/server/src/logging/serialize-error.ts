import { databaseErrorSummary, isDatabaseError, stackFrames } from './database-error.js';

/** An error as it goes into a log line: never a SQL parameter or row data (they hold user content). */
export interface SerializedError {
  type: string;
  message: string;
  stack?: string;
  code?: string;
  cause?: SerializedError;
}

const PARAMS_LINE = /\nparams: /;
// A stack frame as V8 prints it, ending in file:line:column (with or without parentheses).
const FRAME = /\n {4}at .*:\d+:\d+\)?(?=\n|$)/;

/**
 * Drizzle's failed-query errors read `Failed query: <sql>\nparams: <values>`; everything from
 * `params:` up to the first stack frame (or the end) is cut.
 */
export function scrubSqlParameters(text: string): string {
  const params = PARAMS_LINE.exec(text);
  if (!params) return text;
  const rest = text.slice(params.index + params[0].length);
  const frame = FRAME.exec(`\n${rest}`);
  const tail = frame ? rest.slice(frame.index - 1) : '';
  return `${text.slice(0, params.index)}\nparams: [not logged]${tail}`;
}

export function serializeError(error: unknown, depth = 0): SerializedError {
  if (!(error instanceof Error)) return { type: typeof error, message: scrubSqlParameters(String(error)) };
  const database = isDatabaseError(error);
  const serialized: SerializedError = {
    type: error.name,
    message: database ? databaseErrorSummary(error) : scrubSqlParameters(error.message),
  };
  if (error.stack) serialized.stack = database ? stackFrames(error) : scrubSqlParameters(error.stack);
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') serialized.code = code;
  if (error.cause !== undefined && depth < 4) serialized.cause = serializeError(error.cause, depth + 1);
  return serialized;
}
