// @vitest-environment node
import { readdirSync, readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { CLERK_BUILD_VARIABLES } from '../../src/config/clerk-build-env';
import { WEB_RUNTIME_VARIABLES } from '../../src/config/web-config';

describe('.env.example', () => {
  it('lists every variable the web app reads, at build time and at run time', () => {
    const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    const listed = new Set([...example.matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    const read = [...CLERK_BUILD_VARIABLES, ...WEB_RUNTIME_VARIABLES, 'PORT', 'HOSTNAME'];
    expect(read.filter((name) => !listed.has(name))).toEqual([]);
  });

  it('no committed env file names a Clerk instance: a build bakes in only the key it is given', () => {
    const webRoot = new URL('../..', import.meta.url);
    const committed = readdirSync(webRoot).filter((name) => /^\.env(\.(development|production|test))?$/.test(name));
    expect(committed).toContain('.env');
    for (const name of committed)
      expect(readFileSync(new URL(name, webRoot), 'utf8'), name).not.toMatch(
        /^\s*NEXT_PUBLIC_CLERK_(PUBLISHABLE_KEY|PROXY_URL)=/m,
      );
  });
});
