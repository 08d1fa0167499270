import type { AuthState } from '@stack/contracts';

// Who calls the test API server (@stack/test-harness/api): one fixed token per caller, standing
// for the AuthState a verified Clerk session would give (verification has its own suites).

const session = (userId: string, org: { id: string; role: string; permissions: string[] } | null): AuthState => ({
  userId,
  sessionId: `sess_${userId}`,
  orgId: org?.id ?? null,
  orgSlug: org ? org.id.replace(/^org_/, '') : null,
  orgRole: org?.role ?? null,
  orgPermissions: org?.permissions ?? [],
});

/** The profile tests' caller: Ada in her personal account. */
export const TEST_TOKEN = 'test-session-token';
export const PROFILE_SESSIONS = { [TEST_TOKEN]: session('user_ada', null) };

/**
 * The notes tests' callers: Ada in her personal space, Ada as admin of two organizations, Bob as a
 * read-only member of acme (and as a guest who may not even read).
 */
export const SESSIONS = {
  adaPersonal: session('user_ada', null),
  adaAcme: session('user_ada', {
    id: 'org_acme',
    role: 'org:admin',
    permissions: ['org:notes:read', 'org:notes:manage'],
  }),
  adaGlobex: session('user_ada', {
    id: 'org_globex',
    role: 'org:admin',
    permissions: ['org:notes:read', 'org:notes:manage'],
  }),
  bobAcme: session('user_bob', { id: 'org_acme', role: 'org:member', permissions: ['org:notes:read'] }),
  bobNoRead: session('user_bob', { id: 'org_acme', role: 'org:guest', permissions: [] }),
} satisfies Record<string, AuthState>;
export type SessionName = keyof typeof SESSIONS;
export const tokenFor = (name: SessionName) => `token-${name}`;
export const NOTES_SESSIONS = Object.fromEntries(
  Object.entries(SESSIONS).map(([name, auth]) => [tokenFor(name as SessionName), auth]),
);

/** The organization-switch tests' caller: Grace, with one token per organization she can select. */
export const ORG_TOKENS = {
  acme: {
    token: 'token-acme',
    auth: session('user_grace', { id: 'org_acme', role: 'org:member', permissions: ['org:notes:read'] }),
  },
  globex: {
    token: 'token-globex',
    auth: session('user_grace', {
      id: 'org_globex',
      role: 'org:admin',
      permissions: ['org:notes:read', 'org:notes:manage'],
    }),
  },
  personal: { token: 'token-personal', auth: session('user_grace', null) },
} satisfies Record<string, { token: string; auth: AuthState }>;
export const ORG_SESSIONS = Object.fromEntries(Object.values(ORG_TOKENS).map(({ token, auth }) => [token, auth]));
