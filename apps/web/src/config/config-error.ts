import type { z } from 'zod';

/** A configuration the web app cannot run (or be built) with: names every bad variable, never its value. */
export class WebConfigError extends Error {
  override readonly name = 'WebConfigError';
  constructor(
    readonly problems: readonly string[],
    heading = 'Invalid configuration',
  ) {
    super(`${heading}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses `input` with `schema`, or throws a WebConfigError listing each variable that failed. */
export function parseConfig<T extends z.ZodType>(schema: T, input: unknown, heading?: string): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new WebConfigError(
    parsed.error.issues.map((issue) => `${String(issue.path[0] ?? '(environment)')}: ${describe(issue)}`),
    heading,
  );
}

function describe(issue: z.core.$ZodIssue): string {
  // Never echo the value: it may be a secret.
  return issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
}

/** The environment with empty strings as unset (`FOO=` in a shell or an env file means "no value"). */
export function withoutEmpty(env: Record<string, string | undefined>, names: readonly string[]) {
  return Object.fromEntries(names.map((name) => [name, env[name] || undefined]));
}
