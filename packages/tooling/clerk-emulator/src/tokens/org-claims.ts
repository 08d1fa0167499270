import type { OrganizationStore } from '../store/orgs/organization-store.js';

/** v2 `o` claim: {id, slg, rol, per, fpm}. */
export interface OrgClaim {
  id: string;
  slg: string;
  rol: string;
  per?: string;
  fpm?: string;
}

/** What a token says about the active organization. */
export interface OrgClaimInput {
  readonly id: string;
  readonly slug: string;
  /** With or without the `org:` prefix; the token carries it without. */
  readonly role: string;
  /** `org:<feature>:<permission>`; system permissions (`org:sys_*`) are dropped, as Clerk does. */
  readonly permissions: readonly string[];
}

/**
 * Encodes a membership the way Clerk's v2 session tokens do, so that
 * `@clerk/shared/jwtPayloadParser` decodes it back:
 * - `fea` lists the org features in order (`o:reports,o:billing`);
 * - `o.per` lists the distinct permission names (`read,manage`);
 * - `o.fpm` holds one decimal bitmask per feature, bit i meaning `per[i]`.
 * The parser emits permissions grouped by feature, in `per` order, so a list grouped by feature
 * comes back identical (else as the same set in that order).
 */
export function encodeOrgClaims(org: OrgClaimInput): { o: OrgClaim; fea?: string } {
  const o: OrgClaim = { id: org.id, slg: org.slug, rol: org.role.replace(/^org:/, '') };
  const features: string[] = [];
  const permissionNames: string[] = [];
  const pairs: Array<[feature: string, permission: string]> = [];
  for (const permission of new Set(org.permissions)) {
    const [, feature, name] = permission.split(':');
    // "System permissions aren't included in session claims" (Clerk's roles-and-permissions docs).
    if (!feature || !name || feature.startsWith('sys_')) continue;
    if (!features.includes(feature)) features.push(feature);
    if (!permissionNames.includes(name)) permissionNames.push(name);
    pairs.push([feature, name]);
  }
  if (features.length === 0) return { o };
  // BigInt: a permission list longer than 53 entries must not lose bits.
  const masks = features.map((feature) =>
    pairs.reduce(
      (mask, [f, name]) => (f === feature ? mask | (1n << BigInt(permissionNames.indexOf(name))) : mask),
      0n,
    ),
  );
  o.per = permissionNames.join(',');
  o.fpm = masks.map(String).join(',');
  return { o, fea: features.map((f) => `o:${f}`).join(',') };
}

/** The claims of `userId`'s membership in `orgId`, from its role's custom permissions; undefined when not a member. */
export function orgClaimsFor(
  orgs: OrganizationStore,
  orgId: string,
  userId: string,
): { o: OrgClaim; fea?: string } | undefined {
  const org = orgs.get(orgId);
  const membership = org && orgs.getMembership(org.id, userId);
  if (!org || !membership) return undefined;
  const role = orgs.roles.get(membership.role);
  return encodeOrgClaims({ id: org.id, slug: org.slug, role: membership.role, permissions: role?.permissions ?? [] });
}
