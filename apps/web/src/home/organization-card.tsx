'use client';

import { useClerk } from '@clerk/nextjs';
import Link from 'next/link';

import { buttonClass, cardClass } from '../components/ui/styles';
import { roleLabel } from '../organization/role-label';
import type { ActiveScope } from '../organization/use-active-scope';

/** Where the person is working: their active organization and role, or their personal space. */
export function OrganizationCard({ scope }: { scope: ActiveScope }) {
  const clerk = useClerk();
  if (!scope.orgId) {
    return (
      <section className={cardClass('grid content-start gap-3')} aria-labelledby="org-card-title">
        <p className="text-sm font-medium text-muted">Working in</p>
        <h2 id="org-card-title" className="text-lg font-semibold">
          Your personal space
        </h2>
        <p className="text-sm text-muted">
          Notes here are yours alone. To share notes with a team, create an organization or pick one in the switcher at
          the top.
        </p>
        <div>
          <button
            type="button"
            className={buttonClass('secondary')}
            onClick={() => clerk.openCreateOrganization({ afterCreateOrganizationUrl: '/organization' })}
          >
            Create an organization
          </button>
        </div>
      </section>
    );
  }
  return (
    <section className={cardClass('grid content-start gap-3')} aria-labelledby="org-card-title">
      <p className="text-sm font-medium text-muted">Working in</p>
      <h2 id="org-card-title" className="truncate text-lg font-semibold" data-testid="home-org-name">
        {scope.orgName ?? 'Your organization'}
      </h2>
      <p className="text-sm text-muted">
        You are {/^[aeiou]/i.test(roleLabel(scope.orgRole)) ? 'an' : 'a'}{' '}
        <strong className="font-medium text-fg">{roleLabel(scope.orgRole).toLowerCase()}</strong>:{' '}
        {scope.canManageNotes ? 'you can write and change its notes.' : 'you can read its notes.'}
      </p>
      <div>
        <Link href="/organization" className={buttonClass('secondary')}>
          Members and settings
        </Link>
      </div>
    </section>
  );
}
