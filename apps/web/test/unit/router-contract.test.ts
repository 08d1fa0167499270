// @vitest-environment node
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const webRoot = fileURLToPath(new URL('../..', import.meta.url));
const apiSource = (file: string) => path.resolve(webRoot, '../../packages/api/src', file);
const contractsSource = (file: string) => path.resolve(webRoot, '../../packages/contracts/src', file);

const configPath = path.join(webRoot, 'tsconfig.json');
const config = ts.getParsedCommandLineOfConfigFile(
  configPath,
  {},
  { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
)!;
const options = { ...config.options, incremental: false, noEmit: true };
const rootNames = config.fileNames.filter((f) => f.startsWith(path.join(webRoot, 'src')));
let previous: ts.Program | undefined;

/**
 * Type-checks the web app as `tsc` does, with the API package's source optionally edited in memory,
 * and returns the errors reported in the web app's own files.
 */
function webErrors(edits: Record<string, (source: string) => string> = {}): string[] {
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (file) => {
    const text = readFile(file);
    const edit = edits[path.resolve(file)];
    return edit && text !== undefined ? edit(text) : text;
  };
  // Reusing the previous program keeps unchanged files (React, Next, Clerk types) parsed once.
  const program = ts.createProgram({ rootNames, options, host, ...(previous ? { oldProgram: previous } : {}) });
  previous = program;
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName.startsWith(path.join(webRoot, 'src')))
    .map((d) => `${path.relative(webRoot, d.file!.fileName)}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
}

function replaceOnce(pattern: RegExp, replacement: string) {
  return (source: string) => {
    expect(source).toMatch(pattern); // the edit must apply, or the test proves nothing
    return source.replace(pattern, replacement);
  };
}

// Each check is a full type-check of the app: slow, and slower still on a busy CI machine.
describe('the web app is typed by the router', { timeout: 120_000 }, () => {
  it('compiles against the router as it is', () => {
    expect(webErrors()).toEqual([]);
  });

  it('stops compiling when profile.me’s output renames a field the app shows', () => {
    const errors = webErrors({
      [contractsSource('services.ts')]: replaceOnce(/^(\s*)email: string \| null;/m, '$1primaryEmail: string | null;'),
    });
    expect(errors.some((e) => e.startsWith('src/profile/profile-view.tsx') && e.includes("'email'"))).toBe(true);
  });

  it('stops compiling when profile.update’s input renames a field the form sends', () => {
    const errors = webErrors({
      [apiSource('router/profile.ts')]: replaceOnce(
        /lastName: personName\.optional\(\)/,
        'familyName: personName.optional()',
      ),
    });
    expect(errors.some((e) => e.startsWith('src/profile/profile-form.tsx') && e.includes('lastName'))).toBe(true);
  });
});
