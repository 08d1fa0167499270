import type { ClerkClient, Organization, OrganizationMembership } from '@clerk/backend';

import { toProfile } from '@stack/clerk-auth';
import {
  type Mirror,
  type MirrorMembership,
  type MirrorOrganization,
  mirrorUserFromProfile,
  type RepairCounts,
  repairMemberships,
  repairOrganizations,
  repairUsers,
} from '@stack/db';

/** Backend API pages of this size by default (Clerk's maximum is 500; 100 keeps each request small). */
const PAGE_SIZE = 100;

export interface SyncReport {
  users: RepairCounts;
  organizations: RepairCounts;
  memberships: RepairCounts;
}

type Page<T> = Promise<{ data: T[]; totalCount: number }>;

/** Every item of a limit/offset listing, one page at a time. */
async function* paged<T>(size: number, list: (page: { limit: number; offset: number }) => Page<T>): AsyncIterable<T[]> {
  for (let offset = 0; ; offset += size) {
    const { data, totalCount } = await list({ limit: size, offset });
    if (data.length > 0) yield data;
    if (data.length < size || offset + data.length >= totalCount) return;
  }
}

async function* mapped<T, U>(pages: AsyncIterable<T[]>, map: (item: T) => U): AsyncIterable<U[]> {
  for await (const page of pages) yield page.map(map);
}

const toOrganization = (o: Organization): MirrorOrganization => ({
  id: o.id,
  name: o.name,
  slug: o.slug ?? null,
  imageUrl: o.imageUrl ?? null,
  createdAt: o.createdAt,
  updatedAt: o.updatedAt,
});

function toMembership(m: OrganizationMembership): MirrorMembership | null {
  const userId = m.publicUserData?.userId;
  if (!userId) return null;
  const organization = toOrganization(m.organization);
  return { id: m.id, orgId: organization.id, userId, role: m.role, createdAt: m.createdAt, updatedAt: m.updatedAt };
}

/**
 * `pnpm db:sync-clerk`: pages through Clerk's users, organizations and each organization's
 * memberships and repairs the mirror (inserts what is missing, updates what is older, removes
 * what Clerk no longer has), with the same version guards as the webhooks, so it can run while
 * webhooks arrive. For the initial import and after lost events.
 */
export async function syncClerk(
  clerk: Pick<ClerkClient, 'users' | 'organizations'>,
  mirror: Mirror,
  { pageSize = PAGE_SIZE }: { pageSize?: number } = {},
): Promise<SyncReport> {
  let startedAt = new Date();
  const users = await repairUsers(
    mirror,
    mapped(
      paged(pageSize, (page) => clerk.users.getUserList({ ...page, orderBy: '+created_at' })),
      (u) => mirrorUserFromProfile(toProfile(u)),
    ),
    startedAt,
  );

  startedAt = new Date();
  const orgIds: string[] = [];
  const organizations = await repairOrganizations(
    mirror,
    mapped(
      paged(pageSize, (page) => clerk.organizations.getOrganizationList({ ...page, orderBy: '+created_at' })),
      (o) => {
        orgIds.push(o.id);
        return toOrganization(o);
      },
    ),
    startedAt,
  );

  startedAt = new Date();
  async function* allMemberships(): AsyncIterable<MirrorMembership[]> {
    for (const organizationId of orgIds) {
      for await (const page of paged(pageSize, (p) =>
        clerk.organizations.getOrganizationMembershipList({ organizationId, ...p }),
      ))
        yield page.map(toMembership).filter((m): m is MirrorMembership => m !== null);
    }
  }
  const memberships = await repairMemberships(mirror, allMemberships(), startedAt);
  return { users, organizations, memberships };
}
