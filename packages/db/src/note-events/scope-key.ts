import type { NoteScope } from '@stack/contracts';

/**
 * A scope as one string: `org:<orgId>` or `user:<userId>`. The fixed prefixes keep the two kinds
 * apart whatever the ids hold (an organization id equal to a user id is still another scope), and
 * everything after them is the id itself, compared exactly (never as a pattern).
 */
export const scopeKey = (scope: NoteScope): string =>
  scope.kind === 'org' ? `org:${scope.orgId}` : `user:${scope.userId}`;
