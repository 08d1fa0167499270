// Node module hooks (registered with module.register) for a child process that imports workspace
// packages from their TypeScript source: `.js` specifiers fall back to the `.ts` file beside them,
// `.ts` is stripped with SWC, and every loaded URL is appended to $RECORD_LOADS_FILE.
import { appendFileSync, readFileSync } from 'node:fs';

import { transformSync } from '@swc/core';

const recordFile = process.env.RECORD_LOADS_FILE;

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const relative = specifier.startsWith('.') && specifier.endsWith('.js');
    if (!relative || !context.parentURL?.endsWith('.ts')) throw error;
    return nextResolve(specifier.replace(/\.js$/, '.ts'), context);
  }
}

export async function load(url, context, nextLoad) {
  if (recordFile) appendFileSync(recordFile, `${url}\n`);
  if (!url.endsWith('.ts')) return nextLoad(url, context);
  const { code } = transformSync(readFileSync(new URL(url), 'utf8'), {
    filename: url,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'es6' },
  });
  return { format: 'module', source: code, shortCircuit: true };
}
