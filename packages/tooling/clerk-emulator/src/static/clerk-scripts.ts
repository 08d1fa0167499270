import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import { ClerkApiError, clerkError, errorItem } from '../http/clerk-error.js';
import { sendClerkError } from '../http/responses.js';

/** A browser bundle package the emulator serves, as the SDK addresses it: `/npm/@clerk/<name>@<version>/dist/<file>`. */
export interface ServedPackage {
  readonly name: 'clerk-js' | 'ui';
  readonly version: string;
  readonly dist: string;
  /** Top-level files of dist/ (the entry bundle and the chunks it loads relative to itself). */
  readonly files: ReadonlySet<string>;
}

export interface ScriptRequestLog {
  readonly path: string;
  readonly status: number;
}

const require = createRequire(import.meta.url);
const SERVABLE = /^[A-Za-z0-9][A-Za-z0-9._-]*\.(js|css)$/;
const PATH = /^\/npm\/@clerk\/(clerk-js|ui)@([A-Za-z0-9.-]+)\/dist\/([^/]+)$/;

/** Finds an installed package's dist/ (its `exports` hide package.json, so walk up from the entry). */
function locate(name: ServedPackage['name'], entry: string): ServedPackage {
  const entryFile = require.resolve(entry);
  const dist = dirname(entryFile);
  const manifest = JSON.parse(readFileSync(join(dist, '..', 'package.json'), 'utf8')) as {
    name?: string;
    version?: string;
  };
  if (manifest.name !== `@clerk/${name}` || typeof manifest.version !== 'string')
    throw new Error(`could not locate @clerk/${name} (found ${manifest.name})`);
  const files = new Set(
    readdirSync(dist, { withFileTypes: true })
      .filter((d) => d.isFile() && SERVABLE.test(d.name))
      .map((d) => d.name),
  );
  return { name, version: manifest.version, dist, files };
}

/** The installed clerk-js and @clerk/ui (versions pinned in the workspace catalog). */
function installedClerkScripts(): ServedPackage[] {
  return [locate('clerk-js', '@clerk/clerk-js'), locate('ui', '@clerk/ui')];
}

/**
 * The version part of a script URL matches a package when it is the exact installed version or
 * its major: @clerk/shared asks for `@clerk/clerk-js@6` and `@clerk/ui@1` (what the CDN resolves to
 * the newest release of that major); NEXT_PUBLIC_CLERK_JS_VERSION / _UI_VERSION pin an exact one.
 */
function versionMatches(requested: string, installed: string): boolean {
  return requested === installed || requested === installed.split('.')[0];
}

/**
 * Serves the self-hosted Clerk browser bundles from node_modules. Anything else under /npm is a
 * 404 and is recorded in `missing`, so a test can fail when the browser asks for a script (or a
 * version) the emulator cannot serve.
 */
export class ClerkScripts {
  readonly packages: readonly ServedPackage[];
  readonly #missing: ScriptRequestLog[] = [];
  readonly #served: ScriptRequestLog[] = [];
  readonly #cache = new Map<string, Buffer>();

  constructor(packages: readonly ServedPackage[] = installedClerkScripts()) {
    this.packages = packages;
  }

  /** Script requests answered 404 since start (bounded). */
  get missing(): readonly ScriptRequestLog[] {
    return this.#missing;
  }

  get served(): readonly ScriptRequestLog[] {
    return this.#served;
  }

  static handles(pathname: string): boolean {
    return pathname.startsWith('/npm/');
  }

  async handle(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const found = this.#resolve(pathname);
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      sendClerkError(
        res,
        new ClerkApiError(405, [errorItem('method_not_allowed', 'method not allowed', 'Use GET.')], {
          Allow: 'GET, HEAD',
        }),
      );
      return;
    }
    if (!found) {
      record(this.#missing, { path: pathname, status: 404 });
      sendClerkError(
        res,
        clerkError(
          404,
          'resource_not_found',
          'not found',
          `The emulator serves ${this.packages.map((p) => `@clerk/${p.name}@${p.version}`).join(' and ')}; ${pathname} is not one of their dist files.`,
        ),
      );
      return;
    }
    const body = await this.#read(found.path);
    record(this.#served, { path: pathname, status: 200 });
    res.writeHead(200, {
      'Content-Type': found.path.endsWith('.css') ? 'text/css; charset=utf-8' : 'application/javascript; charset=utf-8',
      'Content-Length': body.length,
      // Loaded with crossorigin="anonymous", like the CDN the SDK would otherwise use.
      'Access-Control-Allow-Origin': '*',
      'Cache-Control': found.exact ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
      'X-Clerk-Emulator-Package': `@clerk/${found.pkg.name}@${found.pkg.version}`,
    });
    res.end(method === 'HEAD' ? undefined : body);
  }

  #resolve(pathname: string): { pkg: ServedPackage; path: string; exact: boolean } | undefined {
    const match = PATH.exec(pathname);
    if (!match) return undefined;
    const [, name, version, file] = match as unknown as [string, ServedPackage['name'], string, string];
    const pkg = this.packages.find((p) => p.name === name);
    if (!pkg || !versionMatches(version, pkg.version) || !pkg.files.has(file)) return undefined;
    return { pkg, path: join(pkg.dist, file), exact: version === pkg.version };
  }

  async #read(path: string): Promise<Buffer> {
    let body = this.#cache.get(path);
    if (!body) {
      body = await readFile(path);
      this.#cache.set(path, body);
    }
    return body;
  }
}

function record(log: ScriptRequestLog[], entry: ScriptRequestLog): void {
  if (log.length < 1000) log.push(entry);
}
