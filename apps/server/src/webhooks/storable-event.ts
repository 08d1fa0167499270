import { NAME_MAX_LENGTH } from '@stack/contracts';
import type { MirrorMembership, MirrorOrganization, MirrorUser } from '@stack/db';

import type { ClerkMirrorEvent } from './clerk-event-payloads.js';

/**
 * Clerk's own bounds on what the mirror stores (a value beyond them did not come from Clerk as
 * documented): ids, names, usernames, e-mail addresses, URLs. Every text is also free of NUL,
 * which PostgreSQL's text cannot hold.
 */
const MAX_LENGTH = {
  id: 128,
  name: NAME_MAX_LENGTH,
  username: 64,
  email: 320,
  url: 2048,
  role: 128,
  eventType: 128,
} as const;

/** `updated_at` orders a record's versions: one from the future would freeze the record (later real updates look stale). */
const MAX_FUTURE_MS = 5 * 60 * 1000;

type Check = [field: string, value: string | null, max: number];

function textProblem([field, value, max]: Check): string | null {
  if (value === null) return null;
  if (value.length > max) return `${field} longer than ${max} characters`;
  if (value.includes('\u0000')) return `${field} contains a NUL character`;
  return null;
}

const userChecks = (u: MirrorUser, at: string): Check[] => [
  [`${at}id`, u.id, MAX_LENGTH.id],
  [`${at}first_name`, u.firstName, MAX_LENGTH.name],
  [`${at}last_name`, u.lastName, MAX_LENGTH.name],
  [`${at}username`, u.username, MAX_LENGTH.username],
  [`${at}email_addresses`, u.email, MAX_LENGTH.email],
  [`${at}image_url`, u.imageUrl, MAX_LENGTH.url],
];

const organizationChecks = (o: MirrorOrganization, at: string): Check[] => [
  [`${at}id`, o.id, MAX_LENGTH.id],
  [`${at}name`, o.name, MAX_LENGTH.name],
  [`${at}slug`, o.slug, MAX_LENGTH.name],
  [`${at}image_url`, o.imageUrl, MAX_LENGTH.url],
];

const membershipChecks = (m: MirrorMembership): Check[] => [
  ['data.id', m.id, MAX_LENGTH.id],
  ['data.public_user_data.user_id', m.userId, MAX_LENGTH.id],
  ['data.role', m.role, MAX_LENGTH.role],
  ...(m.organization ? organizationChecks(m.organization, 'data.organization.') : []),
];

function checksOf(event: ClerkMirrorEvent): { texts: Check[]; times: [string, number][] } {
  switch (event.family) {
    case 'user': {
      const e = event.event;
      if (e.type === 'user.deleted') return { texts: [['data.id', e.userId, MAX_LENGTH.id]], times: [] };
      return { texts: userChecks(e.user, 'data.'), times: [['data.updated_at', e.user.updatedAt]] };
    }
    case 'organization': {
      const e = event.event;
      if (e.type === 'organization.deleted')
        return {
          texts: [
            ['data.id', e.organizationId, MAX_LENGTH.id],
            ['data.slug', e.slug, MAX_LENGTH.name],
          ],
          times: [],
        };
      return {
        texts: organizationChecks(e.organization, 'data.'),
        times: [['data.updated_at', e.organization.updatedAt]],
      };
    }
    case 'membership': {
      const m = event.event.membership;
      const times: [string, number][] = [['data.updated_at', m.updatedAt]];
      if (m.organization) times.push(['data.organization.updated_at', m.organization.updatedAt]);
      return { texts: membershipChecks(m), times };
    }
    case 'session': {
      const e = event.event;
      return {
        texts: [
          ['data.id', e.sessionId, MAX_LENGTH.id],
          ['data.user_id', e.userId, MAX_LENGTH.id],
        ],
        times: [],
      };
    }
    default:
      return { texts: [], times: [] };
  }
}

/**
 * Why the mirror cannot store a verified event (then it is acknowledged and not applied), or null.
 * The reason names the field, never its value.
 */
export function unstorableReason(event: ClerkMirrorEvent, now: number): string | null {
  const { texts, times } = checksOf(event);
  for (const check of texts) {
    const problem = textProblem(check);
    if (problem) return problem;
  }
  for (const [field, at] of times) if (at > now + MAX_FUTURE_MS) return `${field} more than 5 minutes in the future`;
  return null;
}

/** The message id (Svix's are `msg_` and 27 characters) and the event type, which the claim table stores. */
export function unstorableEnvelope(svixId: string, type: string): string | null {
  return textProblem(['svix-id', svixId, MAX_LENGTH.id]) ?? textProblem(['type', type, MAX_LENGTH.eventType]);
}
