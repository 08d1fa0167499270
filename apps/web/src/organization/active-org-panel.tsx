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
    <section className="card" aria-label="What the API sees">
      <h2>What the API sees</h2>
      <dl>
        <dt>session.current</dt>
        <dd data-testid="session-current">
          {session.data
            ? `${session.data.orgSlug ?? 'personal account'} · ${session.data.orgRole ?? 'no role'}`
            : session.isError
              ? `error ${httpStatusOf(session.error)}`
              : 'loading…'}
        </dd>
        <dt>org.current</dt>
        <dd data-testid="org-current">
          {org.data
            ? `${org.data.slug ?? org.data.id} · ${org.data.role} · ${org.data.permissions.join(', ') || 'no permissions'}`
            : org.isError
              ? httpStatusOf(org.error) === 403
                ? 'no active organization (403)'
                : `error ${httpStatusOf(org.error)}`
              : 'loading…'}
        </dd>
      </dl>
    </section>
  );
}
