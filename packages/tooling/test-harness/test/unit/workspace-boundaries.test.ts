import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

// The layout's promises, checked on the workspace's own files: what ships depends on nothing that
// does not, the contracts depend on nothing, and the Clerk emulator knows only Clerk.
const root = fileURLToPath(new URL('../../../../..', import.meta.url));

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const manifestsIn = (dir: string): { dir: string; manifest: Manifest }[] =>
  readdirSync(path.join(root, dir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      try {
        const file = path.join(root, dir, entry.name, 'package.json');
        return [{ dir: path.join(dir, entry.name), manifest: JSON.parse(readFileSync(file, 'utf8')) as Manifest }];
      } catch {
        return [];
      }
    });

const product = [...manifestsIn('apps'), ...manifestsIn('packages')];
const tooling = manifestsIn('packages/tooling');
const workspaceDeps = (m: Manifest) => Object.keys(m.dependencies ?? {}).filter((d) => d.startsWith('@stack/'));

/** Every file under `dir` whose name ends in .ts/.tsx, skipping build output and dependencies. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .filter((file) => !/[/\\](node_modules|dist)[/\\]/.test(file));
}

describe('workspace boundaries', () => {
  it('finds the packages it checks', () => {
    expect(product.map((p) => p.manifest.name)).toEqual(
      expect.arrayContaining(['@stack/server', '@stack/web', '@stack/api', '@stack/contracts', '@stack/db']),
    );
    expect(tooling.map((p) => p.manifest.name)).toEqual(
      expect.arrayContaining(['@stack/clerk-emulator', '@stack/test-harness', '@stack/test-kit', '@stack/dev-stack']),
    );
  });

  it('nothing that ships depends on development tooling at run time', () => {
    const toolNames = new Set(tooling.map((p) => p.manifest.name));
    for (const { manifest } of product) {
      expect(
        workspaceDeps(manifest).filter((d) => toolNames.has(d)),
        manifest.name,
      ).toEqual([]);
    }
  });

  it('the contracts depend on nothing', () => {
    const contracts = product.find((p) => p.manifest.name === '@stack/contracts')!.manifest;
    expect(contracts.dependencies ?? {}).toEqual({});
  });

  it('adapters take the contracts, never the router', () => {
    for (const name of ['@stack/clerk-auth', '@stack/db', '@stack/nest-trpc']) {
      const manifest = product.find((p) => p.manifest.name === name)!.manifest;
      expect(Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }), name).not.toContain('@stack/api');
    }
  });

  it('the test kit knows neither the app nor Clerk: no workspace dependency at all', () => {
    const kit = tooling.find((p) => p.manifest.name === '@stack/test-kit')!.manifest;
    expect(Object.keys({ ...kit.dependencies, ...kit.devDependencies }).filter((d) => d.startsWith('@stack/'))).toEqual(
      [],
    );
  });

  it('the Clerk emulator imports nothing from the app: it knows only Clerk (its tests use the test kit)', () => {
    const emulator = tooling.find((p) => p.manifest.name === '@stack/clerk-emulator')!;
    expect(workspaceDeps(emulator.manifest)).toEqual([]);
    expect(Object.keys(emulator.manifest.devDependencies ?? {}).filter((d) => d.startsWith('@stack/'))).toEqual([
      '@stack/test-kit',
    ]);
    const offenders = sourceFiles(path.join(root, emulator.dir)).filter((file) =>
      /from '@stack\/(?!test-kit['/])|import\('@stack\/|from '(\.\.\/)+(apps|packages)\//.test(
        readFileSync(file, 'utf8'),
      ),
    );
    expect(offenders.map((f) => path.relative(root, f))).toEqual([]);
  });
});
