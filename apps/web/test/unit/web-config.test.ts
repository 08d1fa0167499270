// @vitest-environment node
import { describe, expect, it } from 'vitest';

import { WebConfigError } from '../../src/config/config-error';
import { loadWebConfig } from '../../src/config/web-config';

const BUILT = {
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: 'pk_live_Y2xlcmsuZXhhbXBsZS5jb20k',
  NEXT_PUBLIC_CLERK_PROXY_URL: undefined,
};
const RUNTIME = { CLERK_SECRET_KEY: 'sk_live_secret-value-42' };

const problemsOf = (read: () => unknown): readonly string[] => {
  try {
    read();
  } catch (error) {
    if (error instanceof WebConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('the web app’s configuration', () => {
  it('talks to the Frontend API the key names, directly, unless built with the /__clerk proxy', () => {
    const direct = loadWebConfig(RUNTIME, BUILT, { development: false });
    expect(direct.clerk).toMatchObject({ ownProxy: false, frontendApiUrl: 'https://clerk.example.com' });
    expect(direct.browserApiUrl).toBe('http://localhost:4000');
    const proxied = loadWebConfig(
      { ...RUNTIME, CLERK_FAPI_URL: 'http://127.0.0.1:4010' },
      { ...BUILT, NEXT_PUBLIC_CLERK_PROXY_URL: '/__clerk' },
      { development: false },
    );
    expect(proxied.clerk).toMatchObject({ ownProxy: true, frontendApiUrl: 'http://127.0.0.1:4010' });
  });

  it('names every bad variable, build time and run time, and never echoes a value', () => {
    const problems = problemsOf(() =>
      loadWebConfig(
        { API_URL: 'not a url', CLERK_JWT_KEY: 'sk_live_secret-value-42', TRUST_PROXY_HEADERS: 'yes' },
        { NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: undefined, NEXT_PUBLIC_CLERK_PROXY_URL: 'http://proxy' },
        { development: false },
      ),
    );
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY',
      'NEXT_PUBLIC_CLERK_PROXY_URL',
      'API_URL',
      'CLERK_SECRET_KEY',
      'CLERK_JWT_KEY',
      'TRUST_PROXY_HEADERS',
    ]);
    expect(problems.join('\n')).not.toContain('secret-value');
  });

  it('refuses a publishable key at run time that differs from the one the build inlined', () => {
    const problems = problemsOf(() =>
      loadWebConfig({ ...RUNTIME, NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: 'pk_live_Y2xlcmsuZW11bGF0b3IubG9jYWwk' }, BUILT, {
        development: false,
      }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: differs from the key this build/),
    ]);
  });

  it('shows the API diagnostics under `next dev` only, unless API_DIAGNOSTICS says otherwise', () => {
    expect(loadWebConfig(RUNTIME, BUILT, { development: true }).apiDiagnostics).toBe(true);
    expect(loadWebConfig(RUNTIME, BUILT, { development: false }).apiDiagnostics).toBe(false);
    expect(loadWebConfig({ ...RUNTIME, API_DIAGNOSTICS: 'true' }, BUILT, { development: false }).apiDiagnostics).toBe(
      true,
    );
  });
});
