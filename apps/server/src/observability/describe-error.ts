const SQLSTATE = /^[0-9A-Z]{5}$/;
/** The database-side fields that name schema objects, never values. */
const SCHEMA_FIELDS = ['table', 'column', 'constraint', 'dataType', 'routine'] as const;

type Fields = Record<string, unknown>;

/** A database error: PostgreSQL's (node-postgres, PGlite) or Drizzle's wrapper, whose texts carry SQL, parameters and row data. */
function isDatabaseError(error: Error): boolean {
  const fields = error as unknown as Fields;
  return (
    error.name === 'DrizzleQueryError' ||
    error.message.startsWith('Failed query:') ||
    (typeof fields['code'] === 'string' && SQLSTATE.test(fields['code']) && 'severity' in fields)
  );
}

function describeOne(error: Error): string {
  const fields = error as unknown as Fields;
  if (!isDatabaseError(error)) return `${error.name}: ${error.message}`;
  // Never the message or detail: 'Failed query: … params: …', 'value "…" is out of range',
  // 'Key (id)=(…) already exists', 'Failing row contains (…)'.
  const parts = [typeof fields['code'] === 'string' ? `SQLSTATE ${fields['code']}` : 'query failed'];
  for (const name of SCHEMA_FIELDS) if (typeof fields[name] === 'string') parts.push(`${name} ${fields[name]}`);
  return `${error.name} (${parts.join(', ')})`;
}

/** The stack's frames only: its first line repeats the message, which may carry data. */
function framesOf(error: Error): string {
  return (error.stack ?? '')
    .split('\n')
    .filter((line) => line.startsWith('    at '))
    .join('\n');
}

/**
 * What a log may say about a failure: each error of the cause chain by name and message, except
 * database errors, which are named by SQLSTATE and the schema objects involved (never the SQL
 * text, its parameters or row data), then the innermost stack's frames.
 */
export function describeError(error: unknown, { stack = true }: { stack?: boolean } = {}): string {
  if (!(error instanceof Error)) return `non-error thrown (${typeof error})`;
  const chain: string[] = [];
  let innermost = error;
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    chain.push(describeOne(e));
    innermost = e;
  }
  const frames = stack ? framesOf(innermost) : '';
  return frames ? `${chain.join(' ← ')}\n${frames}` : chain.join(' ← ');
}
