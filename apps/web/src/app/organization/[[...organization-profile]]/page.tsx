import { OrganizationProfile } from '@clerk/nextjs';
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';

import { ApiDiagnostics } from '../../../organization/api-diagnostics';
import { OrganizationOverview } from '../../../organization/organization-overview';
import { serverScope } from '../../../organization/server-scope';
import { serverEnv } from '../../../server-env';

export const metadata: Metadata = { title: 'Organization' };

/**
 * The active organization: its name, your role and what it allows, then Clerk's
 * <OrganizationProfile/> for members, invitations and settings (a catch-all route, because it
 * routes by path under /organization). Server components re-render when the switcher changes
 * organization (Clerk calls router.refresh). Developers also get what the API sees.
 */
export default async function OrganizationPage() {
  const scope = await serverScope();
  if (!scope.userId) redirect('/sign-in?redirect_url=%2Forganization');
  return (
    <>
      <OrganizationOverview serverScope={scope} />
      {scope.orgId && (
        <div className="min-w-0 overflow-x-auto">
          <OrganizationProfile routing="path" path="/organization" />
        </div>
      )}
      {serverEnv().apiDiagnostics && <ApiDiagnostics />}
    </>
  );
}
