import { parsePublishableKey } from '@clerk/shared/keys';

/** Any of these in the environment (or .env.local) means "use my Clerk instance". */
const CLERK_KEYS = ['CLERK_SECRET_KEY', 'NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY', 'CLERK_PUBLISHABLE_KEY'] as const;

export type ClerkMode =
  | { kind: 'emulator' }
  | {
      kind: 'real';
      secretKey: string;
      publishableKey: string;
      /** The Frontend API host the publishable key names (e.g. `clerk.example.com`). */
      frontendApi: string;
    };

export class ClerkModeError extends Error {
  override readonly name = 'ClerkModeError';
}

/**
 * Emulator unless Clerk keys are configured (or `forceEmulator`). With keys, both halves must be
 * there and well-formed: a half-configured instance stops here naming the variable, rather than
 * silently falling back to the emulator or failing later in one of the apps. Each app still
 * validates the rest of its variables when it starts.
 */
export function chooseClerkMode(env: Record<string, string | undefined>, forceEmulator: boolean): ClerkMode {
  if (forceEmulator || !CLERK_KEYS.some((name) => env[name])) return { kind: 'emulator' };
  const problems: string[] = [];
  const secretKey = env['CLERK_SECRET_KEY'] ?? '';
  if (!secretKey) problems.push('CLERK_SECRET_KEY: is required (Clerk Dashboard → API keys → Secret keys)');
  else if (!/^sk_(live|test)_\S+$/.test(secretKey))
    problems.push('CLERK_SECRET_KEY: must be a Clerk secret key (sk_live_… or sk_test_…)');
  const web = env['NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY'];
  const api = env['CLERK_PUBLISHABLE_KEY'];
  const publishableKey = web ?? api ?? '';
  if (web && api && web !== api)
    problems.push(
      'CLERK_PUBLISHABLE_KEY: differs from NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY (set one, or the same key in both)',
    );
  const parsed = publishableKey ? parsePublishableKey(publishableKey) : null;
  if (!publishableKey)
    problems.push('NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: is required (Clerk Dashboard → API keys → Publishable key)');
  else if (!parsed)
    problems.push('NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: must be a Clerk publishable key (pk_live_… or pk_test_…)');
  if (problems.length > 0 || !parsed)
    throw new ClerkModeError(
      `Clerk keys are configured (environment or .env.local), but not completely:\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
        'Fix them, or run `pnpm dev --emulator` to use the local emulator instead.',
    );
  return { kind: 'real', secretKey, publishableKey, frontendApi: parsed.frontendApi };
}
