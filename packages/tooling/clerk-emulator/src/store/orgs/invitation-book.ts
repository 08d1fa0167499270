import { newId } from '../../util/ids.js';
import type { JsonObject } from '../../util/json.js';
import { freeze, later } from './organization-rules.js';
import { type EmulatedInvitation, type InvitationStatus, OrganizationStoreError } from './organization-types.js';

// Clerk invitations expire after 30 days.
const INVITATION_LIFETIME_MS = 30 * 24 * 3600 * 1000;

export interface InvitationInput {
  inviterUserId?: string | null;
  publicMetadata?: JsonObject;
  privateMetadata?: JsonObject;
}

/**
 * The invitations of every organization. The OrganizationStore checks the organization and the
 * role before it asks; this validates the addresses and keeps the states (pending → accepted
 * or revoked).
 */
export class InvitationBook {
  readonly #invitations = new Map<string, EmulatedInvitation>();

  /** One invitation per address, all validated before any is created (Clerk's bulk invite). */
  create(orgId: string, role: string, emailAddresses: readonly string[], input: InvitationInput): EmulatedInvitation[] {
    const pending = new Set(
      this.list({ organizationId: orgId, status: ['pending'] }).map((i) => i.emailAddress.toLowerCase()),
    );
    const emails = emailAddresses.map((raw) => raw.trim());
    const seen = new Set<string>();
    for (const email of emails) {
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 320)
        throw new OrganizationStoreError('invalid', `${email} is not a valid email address`, 'email_address');
      const key = email.toLowerCase();
      if (pending.has(key) || seen.has(key))
        throw new OrganizationStoreError('exists', `${email} already has a pending invitation`, 'email_address');
      seen.add(key);
    }
    const now = Date.now();
    return emails.map((email) => {
      const invitation: EmulatedInvitation = freeze({
        id: newId('orginv'),
        organizationId: orgId,
        emailAddress: email,
        role,
        status: 'pending' as const,
        inviterUserId: input.inviterUserId ?? null,
        userId: null,
        publicMetadata: input.publicMetadata ?? {},
        privateMetadata: input.privateMetadata ?? {},
        expiresAt: now + INVITATION_LIFETIME_MS,
        createdAt: now,
        updatedAt: now,
      });
      this.#invitations.set(invitation.id, invitation);
      return invitation;
    });
  }

  get(id: string): EmulatedInvitation | undefined {
    return this.#invitations.get(id);
  }

  /** Newest first. `emailAddress` is matched case-insensitively. */
  list(
    filter: { organizationId?: string; emailAddress?: string; status?: readonly InvitationStatus[] } = {},
  ): EmulatedInvitation[] {
    const email = filter.emailAddress?.toLowerCase();
    return [...this.#invitations.values()]
      .filter(
        (i) =>
          (filter.organizationId === undefined || i.organizationId === filter.organizationId) &&
          (email === undefined || i.emailAddress.toLowerCase() === email) &&
          (!filter.status || filter.status.length === 0 || filter.status.includes(i.status)),
      )
      .reverse();
  }

  /** A pending, unexpired invitation of that organization, or a typed failure. */
  requirePending(orgId: string, invitationId: string): EmulatedInvitation {
    const invitation = this.#invitations.get(invitationId);
    if (!invitation || invitation.organizationId !== orgId)
      throw new OrganizationStoreError('not_found', `no invitation ${invitationId}`, undefined, 'invitation');
    if (invitation.status !== 'pending' || invitation.expiresAt <= Date.now())
      throw new OrganizationStoreError(
        'invalid',
        `invitation ${invitationId} is ${invitation.status}`,
        'invitation_id',
      );
    return invitation;
  }

  set(invitation: EmulatedInvitation, change: Partial<EmulatedInvitation>): EmulatedInvitation {
    const next = freeze({ ...invitation, ...change, updatedAt: later(invitation.updatedAt) });
    this.#invitations.set(invitation.id, next);
    return next;
  }

  /** A deleted organization's invitations go with it. */
  removeForOrganization(orgId: string): void {
    for (const i of [...this.#invitations.values()]) if (i.organizationId === orgId) this.#invitations.delete(i.id);
  }

  snapshot(): EmulatedInvitation[] {
    return [...this.#invitations.values()];
  }

  restore(invitations: readonly EmulatedInvitation[]): void {
    this.#invitations.clear();
    for (const i of invitations) this.#invitations.set(i.id, freeze(i));
  }
}
