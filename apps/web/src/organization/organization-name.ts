import 'server-only';

import { clerkClient } from '@clerk/nextjs/server';

/** Names change rarely; the browser shows Clerk's live name once loaded anyway. */
const TTL_MS = 60_000;
/** A page waits at most this long for Clerk's Backend API before showing the slug instead. */
const DEADLINE_MS = 1_500;
const MAX_ENTRIES = 1_000;

const names = new Map<string, { name: string; until: number }>();

/**
 * The organization's display name ("Acme Inc", not "acme") for server-rendered headings: the
 * session token carries only the id and slug, so it comes from Clerk's Backend API, cached per
 * organization for a minute and bounded by a deadline. On any failure: `fallback` (the slug).
 */
export async function organizationName(orgId: string, fallback: string): Promise<string> {
  const cached = names.get(orgId);
  if (cached && cached.until > Date.now()) return cached.name;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const deadline = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), DEADLINE_MS)));
    const lookup = clerkClient().then((clerk) => clerk.organizations.getOrganization({ organizationId: orgId }));
    lookup.catch(() => undefined); // settled after the deadline: nobody is waiting any more
    const organization = await Promise.race([lookup, deadline]);
    if (!organization?.name) return fallback;
    if (names.size >= MAX_ENTRIES) names.delete(names.keys().next().value!);
    names.set(orgId, { name: organization.name, until: Date.now() + TTL_MS });
    return organization.name;
  } catch {
    return fallback;
  } finally {
    clearTimeout(timer);
  }
}
