/**
 * What Clerk told us (through its webhooks) that ends or changes access before a session token
 * expires: the webhook mirror records these, every instance keeps them in memory and checks each
 * request against them. `at` is epoch milliseconds: for a membership, when it changed (Clerk's
 * clock, as a token's `iat`) or when its removal reached us.
 */
export type RevocationFact =
  | { kind: 'user-deleted'; userId: string; at: number }
  | { kind: 'organization-deleted'; orgId: string; at: number }
  | { kind: 'session-ended'; sessionId: string; at: number }
  /** `role: null`: the user was removed from the organization. */
  | { kind: 'membership-changed'; orgId: string; userId: string; role: string | null; at: number };
