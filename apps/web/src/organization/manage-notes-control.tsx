'use client';

import { useAuth } from '@clerk/nextjs';

import { actionsClass, buttonClass } from '../components/ui/styles';
import { httpStatusOf } from '../trpc/query-client';
import { api } from '../trpc/react';

/**
 * A notes manager's control, hidden client-side from anyone without `org:notes:manage` (Clerk's
 * client-side `has()`); hiding is a convenience: `org.manageAccess` enforces the permission itself.
 */
export function ManageNotesControl() {
  const { has, orgId } = useAuth();
  const allowed = orgId != null && has?.({ permission: 'org:notes:manage' }) === true;
  const check = api.org.manageAccess.useQuery({ orgId: orgId ?? '' }, { enabled: false, retry: false });
  if (!allowed) return null;
  return (
    <div className={actionsClass}>
      <button
        type="button"
        className={buttonClass('secondary')}
        onClick={() => void check.refetch()}
        disabled={check.isFetching}
      >
        Check manage access
      </button>
      <span data-testid="manage-access" role="status" className="text-sm">
        {check.data ? `allowed in ${check.data.orgId}` : check.isError ? `refused (${httpStatusOf(check.error)})` : ''}
      </span>
    </div>
  );
}
