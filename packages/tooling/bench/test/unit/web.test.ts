import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import {
  appStaticPath,
  checkWebBudget,
  extractScriptRefs,
  formatWebChecks,
  parseBenchOptions,
  parseWebBudget,
} from '../../src/index.js';

// The web part's pure logic: which scripts count as first-load JS, and the budget verdicts.
// Shaped like `next start`'s signed-in /profile HTML (React writes `async=""`, `noModule=""`).
const html = `<!DOCTYPE html><html><head>
<link rel="stylesheet" href="/_next/static/chunks/1jf.css" data-precedence="next"/>
<link rel="preload" as="script" fetchPriority="low" href="/_next/static/chunks/1hy.js"/>
<link rel="preload" href="/__clerk/npm/@clerk/ui@1.36.0/dist/ui.browser.js" as="script" crossorigin="anonymous"/>
<link rel="preload" as="image" href="https://img.clerk.com/avatar.png"/>
<link rel="modulepreload" href="/_next/static/chunks/mod.js?dpl=abc&amp;x=1">
<script src="/_next/static/chunks/40e.js" async=""></script>
<script src="/_next/static/chunks/turbopack-2u1.js" async=""></script>
<script src="/__clerk/npm/@clerk/clerk-js@6.34.1/dist/clerk.browser.js" data-clerk-js-script="true" async="" crossorigin="anonymous"></script>
<script src="/_next/static/chunks/0cz-polyfills.js" noModule=""></script>
<script id="_R_">self.__next_r="x"</script>
<SCRIPT SRC='/_next/static/chunks/1hy.js' async></SCRIPT>
<script src=https://cdn.example.com/x.js></script>
</head><body><script>(self.__next_f=self.__next_f||[]).push([0])</script></body></html>`;

describe('extractScriptRefs', () => {
  it('lists every script a modern browser loads, once, in document order, without nomodule polyfills or inline scripts', () => {
    expect(extractScriptRefs(html)).toEqual([
      { url: '/_next/static/chunks/1hy.js', via: 'preload' },
      { url: '/__clerk/npm/@clerk/ui@1.36.0/dist/ui.browser.js', via: 'preload' },
      { url: '/_next/static/chunks/mod.js?dpl=abc&x=1', via: 'modulepreload' },
      { url: '/_next/static/chunks/40e.js', via: 'script' },
      { url: '/_next/static/chunks/turbopack-2u1.js', via: 'script' },
      { url: '/__clerk/npm/@clerk/clerk-js@6.34.1/dist/clerk.browser.js', via: 'script' },
      { url: 'https://cdn.example.com/x.js', via: 'script' },
    ]);
  });

  it('ignores stylesheets, image preloads and attributes that merely mention src', () => {
    expect(
      extractScriptRefs(
        '<link rel="stylesheet" href="/_next/static/a.css"><link rel="preload" as="image" href="/a.png"><script data-src="/b.js"></script>',
      ),
    ).toEqual([]);
  });
});

describe('appStaticPath', () => {
  it('maps the app build output to .next/static and nothing else', () => {
    expect(appStaticPath('/_next/static/chunks/mod.js?dpl=abc')).toBe('chunks/mod.js');
    expect(appStaticPath('/_next/static/chunks/a%40b.js')).toBe('chunks/a@b.js');
    expect(appStaticPath('/__clerk/npm/@clerk/clerk-js/dist/clerk.browser.js')).toBeNull();
    expect(appStaticPath('https://cdn.example.com/_next/static/x.js')).toBeNull();
    expect(appStaticPath('/_next/static/../../../etc/passwd')).toBeNull();
    expect(appStaticPath('/_next/static/chunks/%2e%2e/x.js')).toBeNull();
  });
});

describe('web budget', () => {
  const budget = { profileFirstLoadJsGzipBytes: 250_000, profileRenderP50Ms: 100, profileVsHomeP50: 2 };

  it('passes figures within the budget and flags each regression', () => {
    const within = checkWebBudget(
      { profileFirstLoadJsGzipBytes: 250_000, profileRenderP50Ms: 99.5, profileVsHomeP50: 2, failures: 0 },
      budget,
    );
    expect(within.map((c) => c.ok)).toEqual([true, true, true, true]);
    const over = checkWebBudget(
      { profileFirstLoadJsGzipBytes: 250_001, profileRenderP50Ms: 100.1, profileVsHomeP50: 2.01, failures: 2 },
      budget,
    );
    expect(over.map((c) => c.ok)).toEqual([false, false, false, false]);
    expect(formatWebChecks(over)).toMatch(
      /^✗ \/profile first-load JS \(app, gzip\): 250\.0 kB \(budget ≤ 250\.0 kB\)$/m,
    );
    expect(
      formatWebChecks(within)
        .split('\n')
        .every((line) => line.startsWith('✓')),
    ).toBe(true);
  });

  it('reads the committed budget file and rejects malformed ones', () => {
    const committed = parseWebBudget(readFileSync(new URL('../../web-budget.json', import.meta.url), 'utf8'));
    expect(committed.profileFirstLoadJsGzipBytes).toBeGreaterThan(0);
    expect(() => parseWebBudget('{"profileFirstLoadJsGzipBytes": 1}')).toThrow(/profileRenderP50Ms/);
    expect(() =>
      parseWebBudget('{"profileFirstLoadJsGzipBytes": "1", "profileRenderP50Ms": 1, "profileVsHomeP50": 1}'),
    ).toThrow(/profileFirstLoadJsGzipBytes/);
    expect(() =>
      parseWebBudget('{"profileFirstLoadJsGzipBytes": 1, "profileRenderP50Ms": 1, "profileVsHomeP50": -1}'),
    ).toThrow(/profileVsHomeP50/);
  });
});

describe('parseBenchOptions: the web part', () => {
  it('runs with everything by default, alone with --web or --only web, and not when --only leaves it out', () => {
    expect(parseBenchOptions([], '/o')).toMatchObject({
      web: true,
      webRequests: 50,
      only: [
        'floor',
        'ours-1',
        'ours-1-nolimits',
        'ours-1-revocations',
        'ours-1-open',
        'ours-200',
        'seed',
        'rest',
        'obs-off',
        'traced-100',
        'traced-10',
        'ours-1-twin',
      ],
    });
    expect(parseBenchOptions(['--web'], '/o')).toMatchObject({ web: true, only: [] });
    expect(parseBenchOptions(['--only', 'web,floor', '--web-requests', '5'], '/o')).toMatchObject({
      web: true,
      only: ['floor'],
      webRequests: 5,
    });
    expect(parseBenchOptions(['--only', 'floor'], '/o')).toMatchObject({ web: false });
    expect(() => parseBenchOptions(['--profile', 'web'], '/o')).toThrow(/unknown contender/);
  });
});
