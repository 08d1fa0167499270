import { OrganizationProfile } from '@clerk/nextjs';
import { auth } from '@clerk/nextjs/server';
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';

import { ActiveOrgPanel } from '../../../organization/active-org-panel';
import { ManageNotesControl } from '../../../organization/manage-notes-control';

export const metadata: Metadata = { title: 'Organization · stack' };

/**
 * The active organization: Clerk's <OrganizationProfile/> (a catch-all route, because it routes by
 * path under /organization), what the API sees, and a section rendered only for notes managers.
 * Server components re-render when the switcher changes organization (Clerk calls router.refresh).
 */
export default async function OrganizationPage() {
  const { userId, orgId, orgSlug, orgRole, has } = await auth();
  if (!userId) redirect('/sign-in?redirect_url=%2Forganization');
  // Server-side has() sees the token only: custom permissions, never org:sys_*.
  const managesNotes = has({ permission: 'org:notes:manage' });
  return (
    <>
      <section className="card">
        <h1>Organization</h1>
        <p data-testid="server-org">
          {orgId ? `Active: ${orgSlug ?? orgId} (${orgRole ?? 'no role'})` : 'Personal account: no active organization'}
        </p>
      </section>
      <ActiveOrgPanel />
      {managesNotes ? (
        <section className="card" data-testid="notes-management">
          <h2>Notes management</h2>
          <p>Shown because this session’s token grants org:notes:manage.</p>
          <ManageNotesControl />
        </section>
      ) : null}
      {orgId ? (
        <OrganizationProfile routing="path" path="/organization" />
      ) : (
        <p className="notice">Select or create an organization with the switcher in the header.</p>
      )}
    </>
  );
}
