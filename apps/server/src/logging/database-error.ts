const SQLSTATE = /^[0-9A-Z]{5}$/;
/** The database-side fields that name schema objects, never values. */
const SCHEMA_FIELDS = ['table', 'column', 'constraint', 'dataType', 'routine'] as const;

type Fields = Record<string, unknown>;

/** A database error: PostgreSQL's (node-postgres, PGlite) or Drizzle's wrapper, whose texts carry SQL, parameters and row data. */
export function isDatabaseError(error: Error): boolean {
  const fields = error as unknown as Fields;
  return (
    error.name === 'DrizzleQueryError' ||
    error.message.startsWith('Failed query:') ||
    (typeof fields['code'] === 'string' && SQLSTATE.test(fields['code']) && 'severity' in fields)
  );
}

/**
 * A database error by SQLSTATE and the schema objects involved, never its message or detail:
 * 'Failed query: … params: …', 'value "…" is out of range', 'Key (id)=(…) already exists',
 * 'Failing row contains (…)'.
 */
export function databaseErrorSummary(error: Error): string {
  const fields = error as unknown as Fields;
  const parts = [typeof fields['code'] === 'string' ? `SQLSTATE ${fields['code']}` : 'query failed'];
  for (const name of SCHEMA_FIELDS) if (typeof fields[name] === 'string') parts.push(`${name} ${fields[name]}`);
  return parts.join(', ');
}

/** The stack's frames only: its first line repeats the message, which may carry data. */
export function stackFrames(error: Error): string {
  return (error.stack ?? '')
    .split('\n')
    .filter((line) => line.startsWith('    at '))
    .join('\n');
}
