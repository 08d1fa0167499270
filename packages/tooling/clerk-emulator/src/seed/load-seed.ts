import { readFile } from 'node:fs/promises';

import type { z } from 'zod';

import { emulatorSeedSchema, type ParsedSeed } from './seed-schema.js';

/** Thrown for an unusable seed; `issues` name each bad field, e.g. `users[1].email`. */
export class SeedValidationError extends Error {
  readonly issues: readonly string[];
  constructor(source: string, issues: readonly string[]) {
    super(`invalid seed (${source}):\n  ${issues.join('\n  ')}`);
    this.name = 'SeedValidationError';
    this.issues = issues;
  }
}

/** Validates a seed object (already parsed JSON or a literal from code). */
export function parseSeed(input: unknown, source = 'seed object'): ParsedSeed {
  const result = emulatorSeedSchema.safeParse(input);
  if (!result.success) throw new SeedValidationError(source, result.error.issues.map(describeIssue));
  return result.data;
}

export async function loadSeedFile(path: string): Promise<ParsedSeed> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new SeedValidationError(path, [`cannot read file: ${(err as Error).message}`]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new SeedValidationError(path, [`not valid JSON: ${(err as Error).message}`]);
  }
  return parseSeed(raw, path);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  return `${formatPath(issue.path)}: ${issue.message}`;
}

/** ['users', 0, 'email'] → `users[0].email` */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += (out ? '.' : '') + String(part);
  }
  return out || '(root)';
}
