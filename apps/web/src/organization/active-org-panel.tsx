'use client';

import { httpStatusOf } from '../trpc/query-client';
import { api } from '../trpc/react';

/**
 * What the API makes of the caller's current token: `session.current` and `org.current`. Both are
 * client queries, reset when the organization changes, so they follow the switcher.
 */
export function ActiveOrgPanel() {
  const session = api.session.current.useQuery();
  const org = api.org.current.useQuery(undefined, { retry: false });
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 font-mono text-sm">
      <dt className="text-muted">session.current</dt>
      <dd className="min-w-0 break-words" data-testid="session-current">
        {session.data
          ? `${session.data.orgSlug ?? 'personal account'} · ${session.data.orgRole ?? 'no role'}`
          : session.isError
            ? `error ${httpStatusOf(session.error)}`
            : 'loading…'}
      </dd>
      <dt className="text-muted">org.current</dt>
      <dd className="min-w-0 break-words" data-testid="org-current">
        {org.data
          ? `${org.data.slug ?? org.data.id} · ${org.data.role} · ${org.data.permissions.join(', ') || 'no permissions'}`
          : org.isError
            ? httpStatusOf(org.error) === 403
              ? 'no active organization (403)'
              : `error ${httpStatusOf(org.error)}`
            : 'loading…'}
      </dd>
    </dl>
  );
}
