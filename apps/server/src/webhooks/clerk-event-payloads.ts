import { z } from 'zod';

import type {
  MembershipEvent,
  MirrorOrganization,
  MirrorUser,
  OrganizationEvent,
  SessionEndedEvent,
  UserEvent,
} from '@stack/db';

// Clerk's payloads (UserJSON, OrganizationJSON, OrganizationMembershipJSON, DeletedObjectJSON),
// read leniently: only the fields the mirror keeps, unknown fields ignored. Timestamps are ms.
const millis = z.number().int().nonnegative();
const optionalText = z
  .string()
  .nullish()
  .transform((v) => v ?? null);

const userJson = z.object({
  id: z.string().min(1),
  first_name: optionalText,
  last_name: optionalText,
  username: optionalText,
  image_url: optionalText,
  primary_email_address_id: optionalText,
  email_addresses: z.array(z.object({ id: z.string(), email_address: z.string() })).default([]),
  created_at: millis,
  updated_at: millis,
});

const organizationJson = z.object({
  id: z.string().min(1),
  name: z.string(),
  slug: optionalText,
  image_url: optionalText,
  created_at: millis,
  updated_at: millis,
});

const deletedJson = z.object({ id: z.string().min(1), slug: optionalText });

const sessionJson = z.object({ id: z.string().min(1), user_id: z.string().min(1) });

const membershipJson = z.object({
  id: z.string().min(1),
  role: z.string().min(1),
  organization: organizationJson,
  public_user_data: z.object({ user_id: z.string().min(1) }),
  created_at: millis,
  updated_at: millis,
});

function toUser(json: z.infer<typeof userJson>): MirrorUser {
  const primary = json.email_addresses.find((e) => e.id === json.primary_email_address_id);
  return {
    id: json.id,
    email: primary?.email_address ?? null,
    firstName: json.first_name,
    lastName: json.last_name,
    username: json.username,
    imageUrl: json.image_url,
    createdAt: json.created_at,
    updatedAt: json.updated_at,
  };
}

function toOrganization(json: z.infer<typeof organizationJson>): MirrorOrganization {
  return {
    id: json.id,
    name: json.name,
    slug: json.slug,
    imageUrl: json.image_url,
    createdAt: json.created_at,
    updatedAt: json.updated_at,
  };
}

/** A verified event, sorted by what the mirror does with it. */
export type ClerkMirrorEvent =
  | { family: 'user'; event: UserEvent }
  | { family: 'organization'; event: OrganizationEvent }
  | { family: 'membership'; event: MembershipEvent }
  | { family: 'session'; event: SessionEndedEvent }
  | { family: 'ignored' }
  /** A kept type whose data the mirror cannot read: not acknowledged, so it is retried (and can be replayed after a fix). */
  | { family: 'unreadable'; reason: string };

export function toMirrorEvent(type: string, data: unknown): ClerkMirrorEvent {
  const read = <S extends z.ZodType>(schema: S): z.infer<S> | { unreadable: string } => {
    const parsed = schema.safeParse(data);
    return parsed.success ? parsed.data : { unreadable: parsed.error.issues.map((i) => i.path.join('.')).join(', ') };
  };
  const unreadable = (value: object): value is { unreadable: string } => 'unreadable' in value;

  switch (type) {
    case 'user.created':
    case 'user.updated': {
      const json = read(userJson);
      if (unreadable(json)) return { family: 'unreadable', reason: json.unreadable };
      return { family: 'user', event: { type: 'user.upserted', user: toUser(json) } };
    }
    case 'user.deleted': {
      const json = read(deletedJson);
      if (unreadable(json)) return { family: 'unreadable', reason: json.unreadable };
      return { family: 'user', event: { type: 'user.deleted', userId: json.id } };
    }
    case 'organization.created':
    case 'organization.updated': {
      const json = read(organizationJson);
      if (unreadable(json)) return { family: 'unreadable', reason: json.unreadable };
      return { family: 'organization', event: { type: 'organization.upserted', organization: toOrganization(json) } };
    }
    case 'organization.deleted': {
      const json = read(deletedJson);
      if (unreadable(json)) return { family: 'unreadable', reason: json.unreadable };
      return {
        family: 'organization',
        event: { type: 'organization.deleted', organizationId: json.id, slug: json.slug },
      };
    }
    case 'organizationMembership.created':
    case 'organizationMembership.updated':
    case 'organizationMembership.deleted': {
      const json = read(membershipJson);
      if (unreadable(json)) return { family: 'unreadable', reason: json.unreadable };
      const organization = toOrganization(json.organization);
      const membership = {
        id: json.id,
        orgId: organization.id,
        userId: json.public_user_data.user_id,
        role: json.role,
        createdAt: json.created_at,
        updatedAt: json.updated_at,
        organization,
      };
      return {
        family: 'membership',
        event:
          type === 'organizationMembership.deleted'
            ? { type: 'membership.deleted', membership }
            : { type: 'membership.upserted', membership },
      };
    }
    case 'session.ended':
    case 'session.removed':
    case 'session.revoked': {
      const json = read(sessionJson);
      if (unreadable(json)) return { family: 'unreadable', reason: json.unreadable };
      const status = type.slice('session.'.length);
      return { family: 'session', event: { type: 'session.ended', sessionId: json.id, userId: json.user_id, status } };
    }
    default:
      return { family: 'ignored' };
  }
}
