import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { envSchema } from '../../src/config/env.schema.js';

describe('.env.example', () => {
  it('lists every variable the server reads', () => {
    const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    const listed = new Set([...example.matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    expect(Object.keys(envSchema.shape).filter((name) => !listed.has(name))).toEqual([]);
  });
});
