'use client';

import { useClerk } from '@clerk/nextjs';
import Link from 'next/link';

import { PageHeader } from '../components/page-header';
import { buttonClass, cardClass } from '../components/ui/styles';
import { roleLabel } from './role-label';
import { type ActiveScope, useActiveScope } from './use-active-scope';

const Check = ({ ok }: { ok: boolean }) => (
  <span aria-hidden="true" className={ok ? 'text-success' : 'text-muted'}>
    {ok ? '✓' : '–'}
  </span>
);

/**
 * The active organization as its members see it: its name, the person's role and what that role
 * lets them do here; for the personal account, how to get into an organization. Follows the
 * switcher at once (Clerk's session in the browser), the server's reading until clerk-js loads.
 */
export function OrganizationOverview({ serverScope }: { serverScope: ActiveScope }) {
  const scope = useActiveScope(serverScope);
  const clerk = useClerk();
  if (!scope.orgId) {
    return (
      <>
        <PageHeader
          eyebrow="Organization"
          title="Personal account"
          description={<span data-testid="org-summary">No organization is active: your notes are your own.</span>}
        />
        <section className={cardClass('grid gap-3')} aria-labelledby="join-title">
          <h2 id="join-title" className="text-lg font-semibold">
            Work with a team
          </h2>
          <p className="text-muted">
            Create an organization and invite people to it, or accept an invitation: invitations and your organizations
            are in the switcher at the top of the page.
          </p>
          <div>
            <button
              type="button"
              className={buttonClass()}
              onClick={() => clerk.openCreateOrganization({ afterCreateOrganizationUrl: '/organization' })}
            >
              Create an organization
            </button>
          </div>
        </section>
      </>
    );
  }
  const role = roleLabel(scope.orgRole);
  return (
    <>
      <PageHeader
        eyebrow="Organization"
        title={scope.orgName ?? 'Organization'}
        description={<span data-testid="org-summary">Your role: {role}</span>}
      />
      <section className={cardClass('grid gap-3')} aria-labelledby="access-title">
        <h2 id="access-title" className="text-lg font-semibold">
          What your role allows
        </h2>
        <ul className="grid gap-1.5" role="list">
          <li className="flex gap-2">
            <Check ok /> Read the organization’s notes
          </li>
          <li className="flex gap-2">
            <Check ok={scope.canManageNotes} />
            {scope.canManageNotes ? 'Write, edit and delete its notes' : 'Writing notes needs the admin role'}
          </li>
        </ul>
        {scope.canManageNotes ? (
          <p className="text-sm text-muted" data-testid="notes-management">
            You manage this organization’s notes.{' '}
            <Link href="/notes" className="font-medium">
              Open the notes
            </Link>
          </p>
        ) : (
          <p className="text-sm text-muted">Ask an admin of {scope.orgName} if you need to write notes.</p>
        )}
      </section>
    </>
  );
}
