const SQLSTATE = /^[0-9A-Z]{5}$/;
/** The database-side fields that name schema objects, never values. */
const SCHEMA_FIELDS = ['table', 'column', 'constraint', 'dataType', 'routine'] as const;

type Fields = Record<string, unknown>;

/**
 * An error PostgreSQL raised (node-postgres, PGlite): its message and detail may quote row data
 * ('value "…" is out of range', 'Key (id)=(…) already exists'). Drizzle's wrapper around it only
 * carries the SQL text and its parameters, which scrubSqlParameters cuts.
 */
export function isDatabaseError(error: Error): boolean {
  const fields = error as unknown as Fields;
  return typeof fields['code'] === 'string' && SQLSTATE.test(fields['code']) && 'severity' in fields;
}

/**
 * A PostgreSQL error by SQLSTATE and the schema objects involved, never its message or detail.
 */
export function databaseErrorSummary(error: Error): string {
  const fields = error as unknown as Fields;
  const parts = [`SQLSTATE ${String(fields['code'])}`];
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
