/** A script the browser fetches for the first render, as the HTML asks for it. */
export interface ScriptRef {
  /** The URL as written (entities decoded), e.g. `/_next/static/chunks/abc.js`. */
  url: string;
  /** `<script src>`, `<link rel="modulepreload">` or `<link rel="preload" as="script">`. */
  via: 'script' | 'modulepreload' | 'preload';
}

const TAG = /<(script|link)\b([^>]*)>/gi;
const ATTRIBUTE = /([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

function attributes(source: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of source.matchAll(ATTRIBUTE)) {
    const name = m[1]!.toLowerCase();
    if (!found.has(name)) found.set(name, decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''));
  }
  return found;
}

// React escapes only these in attribute values.
function decodeEntities(value: string): string {
  return value.replace(
    /&(amp|quot|#39|#x27|lt|gt);/g,
    (_, e: string) => ({ amp: '&', quot: '"', '#39': "'", '#x27': "'", lt: '<', gt: '>' })[e]!,
  );
}

/**
 * Every script a modern browser loads for this HTML: `<script src>` (except `nomodule`, which
 * only pre-ES-module browsers run: Next's polyfills) plus script preloads, deduplicated by URL
 * in document order. Inline scripts carry no URL and are part of the HTML's own bytes.
 */
export function extractScriptRefs(html: string): ScriptRef[] {
  const refs = new Map<string, ScriptRef>();
  for (const m of html.matchAll(TAG)) {
    const attrs = attributes(m[2]!);
    let ref: ScriptRef | undefined;
    if (m[1]!.toLowerCase() === 'script') {
      const src = attrs.get('src');
      if (src && !attrs.has('nomodule')) ref = { url: src, via: 'script' };
    } else {
      const rel = (attrs.get('rel') ?? '').toLowerCase().split(/\s+/);
      const href = attrs.get('href');
      if (href && rel.includes('modulepreload')) ref = { url: href, via: 'modulepreload' };
      else if (href && rel.includes('preload') && attrs.get('as')?.toLowerCase() === 'script')
        ref = { url: href, via: 'preload' };
    }
    if (ref && !refs.has(ref.url)) refs.set(ref.url, ref);
  }
  return [...refs.values()];
}

const NEXT_STATIC = '/_next/static/';

/**
 * The path under `.next/static/` of one of the app's own build outputs, or null for anything
 * else (Clerk's bundles through the `/__clerk` proxy, other origins). Query strings (`?dpl=`) are
 * dropped; a path that climbs out of the folder is not the app's.
 */
export function appStaticPath(url: string): string | null {
  const pathname = url.split(/[?#]/)[0]!;
  if (!pathname.startsWith(NEXT_STATIC)) return null;
  const rest = decodeURIComponent(pathname.slice(NEXT_STATIC.length));
  if (rest === '' || rest.split('/').some((part) => part === '..' || part === '')) return null;
  return rest;
}
