import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

import { appStaticPath, extractScriptRefs } from './script-urls.js';

interface ScriptSize {
  url: string;
  rawBytes: number;
  /** zlib's default level (6): what the Next server's compression sends. */
  gzipBytes: number;
}

export interface BundleTotals {
  count: number;
  rawBytes: number;
  gzipBytes: number;
  files: ScriptSize[];
}

export interface FirstLoadJs {
  /** The app's own chunks, read from `.next/static`: the figure the budget guards. */
  app: BundleTotals;
  /** Clerk's bundles, fetched through the app's `/__clerk` proxy (loaded async, not the app's code). */
  clerk: BundleTotals;
  /** Any other script (other origins): named, not fetched or counted. */
  external: string[];
  /** `next build`'s own uncompressed first-load figure for the route, when it wrote one. */
  nextReportedRawBytes: number | null;
  /** False when Next's chunk list for the route differs from what the HTML loads. */
  matchesNextChunkList: boolean | null;
}

/** The app's same-origin Frontend API proxy (`frontendApiProxy` in apps/web/src/proxy.ts). */
const CLERK_PROXY = '/__clerk/';

function sizeOf(url: string, body: Buffer): ScriptSize {
  return { url, rawBytes: body.byteLength, gzipBytes: gzipSync(body).byteLength };
}

function totals(files: ScriptSize[]): BundleTotals {
  return {
    count: files.length,
    rawBytes: files.reduce((sum, f) => sum + f.rawBytes, 0),
    gzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0),
    files,
  };
}

interface RouteBundleStats {
  route: string;
  firstLoadUncompressedJsBytes: number;
  firstLoadChunkPaths: string[];
}

/** `.next/diagnostics/route-bundle-stats.json` (Next 16 writes it instead of printing sizes). */
async function nextRouteStats(webRoot: string, route: string): Promise<RouteBundleStats | null> {
  try {
    const rows = JSON.parse(
      await readFile(path.join(webRoot, '.next/diagnostics/route-bundle-stats.json'), 'utf8'),
    ) as RouteBundleStats[];
    return rows.find((r) => r.route === route) ?? null;
  } catch {
    return null;
  }
}

/**
 * The JavaScript a browser loads for the first render of `html` (the signed-in page as served),
 * split into the app's build output and Clerk's bundles.
 */
export async function measureFirstLoadJs(
  html: string,
  options: { webRoot: string; webUrl: string; route: string },
): Promise<FirstLoadJs> {
  const staticDir = path.join(options.webRoot, '.next/static');
  const app: ScriptSize[] = [];
  const clerk: ScriptSize[] = [];
  const external: string[] = [];
  for (const ref of extractScriptRefs(html)) {
    const local = appStaticPath(ref.url);
    if (local !== null) {
      app.push(sizeOf(ref.url, await readFile(path.join(staticDir, local))));
    } else if (ref.url.startsWith(CLERK_PROXY)) {
      const res = await fetch(new URL(ref.url, options.webUrl));
      if (!res.ok) throw new Error(`GET ${ref.url} answered ${res.status}`);
      clerk.push(sizeOf(ref.url, Buffer.from(await res.arrayBuffer())));
    } else {
      external.push(ref.url);
    }
  }
  const stats = await nextRouteStats(options.webRoot, options.route);
  const ours = new Set(app.map((f) => `.next/static/${appStaticPath(f.url)}`));
  return {
    app: totals(app),
    clerk: totals(clerk),
    external,
    nextReportedRawBytes: stats?.firstLoadUncompressedJsBytes ?? null,
    matchesNextChunkList: stats
      ? stats.firstLoadChunkPaths.length === ours.size && stats.firstLoadChunkPaths.every((p) => ours.has(p))
      : null,
  };
}
