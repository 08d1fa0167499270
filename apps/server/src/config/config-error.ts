import type { z } from 'zod';

/** A bad environment: every problem named by its variable, never with its value (it may be a secret). */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** `VARIABLE: what is wrong` for each issue of a failed parse of the environment. */
export function configProblems(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${String(issue.path[0] ?? '(environment)')}: ${describe(issue)}`);
}

function describe(issue: z.core.$ZodIssue): string {
  // Never echo the value: it may be a secret.
  return issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
}
