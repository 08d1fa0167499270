'use client';

import Link from 'next/link';

import { PageHeader } from '../components/page-header';
import { cardClass } from '../components/ui/styles';
import { type ActiveScope, useActiveScope } from '../organization/use-active-scope';
import { fullName } from '../profile/display-name';
import { NamePrompt } from '../profile/name-prompt';
import { api } from '../trpc/react';
import { OrganizationCard } from './organization-card';
import { RecentNotes } from './recent-notes';

const LINKS = [
  { href: '/notes', title: 'Notes', text: 'Read, write and edit the notes of where you are working.' },
  { href: '/organization', title: 'Organization', text: 'Members, roles, invitations and settings.' },
  { href: '/profile', title: 'Profile', text: 'Your name as teammates see it.' },
] as const;

export interface HomeFailures {
  /** HTTP status of the server's failed prefetch of `profile.me` (0: no answer), or null. */
  profile: number | null;
  notes: number | null;
}

/** A signed-in person's start: who and where they are, what was written lately, where to go next. */
export function HomeDashboard({ serverScope, failures }: { serverScope: ActiveScope; failures: HomeFailures }) {
  const scope = useActiveScope(serverScope);
  const me = api.profile.me.useQuery(undefined, { enabled: failures.profile === null });
  const name = me.data ? fullName(me.data) : null;
  const greeting = me.data ? `Welcome back, ${me.data.firstName ?? name ?? me.data.email ?? 'there'}` : 'Welcome back';
  return (
    <>
      <PageHeader title={greeting} description={scope.orgName ? `You are working in ${scope.orgName}.` : undefined} />
      {me.data && !name && <NamePrompt />}
      <div className="grid gap-5 sm:grid-cols-2">
        <OrganizationCard scope={scope} />
        <nav aria-label="Go to" className={cardClass('grid content-start gap-1')}>
          <h2 className="mb-1 text-lg font-semibold">Go to</h2>
          <ul className="grid" role="list">
            {LINKS.map((link) => (
              <li key={link.href}>
                <Link
                  href={link.href}
                  className="-mx-2 grid rounded-lg px-2 py-2 text-fg no-underline hover:bg-surface-muted hover:no-underline"
                >
                  <span className="font-medium text-primary">{link.title}</span>
                  <span className="text-sm text-muted">{link.text}</span>
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </div>
      <RecentNotes orgId={scope.orgId} canManage={scope.canManageNotes} serverFailure={failures.notes} />
    </>
  );
}
