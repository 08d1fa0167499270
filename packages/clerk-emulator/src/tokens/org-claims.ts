import type { EmulatedOrganizationMembership } from '../store/user-types.js';

/** v2 `o` claim: {id, slg, rol, per, fpm}. */
export interface OrgClaim {
  id: string;
  slg: string;
  rol: string;
  per?: string;
  fpm?: string;
}

/**
 * Encodes a membership the way Clerk's v2 session tokens do, so that
 * `@clerk/shared/jwtPayloadParser` decodes it back:
 * - `fea` lists the org features in order (`o:reports,o:billing`);
 * - `o.per` lists the distinct permission names (`read,manage`);
 * - `o.fpm` holds one decimal bitmask per feature, bit i meaning `per[i]`.
 * The parser emits permissions grouped by feature, in `per` order, so the seed's list comes back
 * identical when it is grouped by feature (else as the same set in that order).
 */
export function encodeOrgClaims(org: EmulatedOrganizationMembership): { o: OrgClaim; fea?: string } {
  const o: OrgClaim = { id: org.id, slg: org.slug, rol: org.role };
  const features: string[] = [];
  const permissionNames: string[] = [];
  const pairs: Array<[feature: string, permission: string]> = [];
  for (const permission of org.permissions) {
    const [, feature, name] = permission.split(':');
    if (!feature || !name) continue; // the seed schema already rejects these
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
