import { DEFAULT_IMAGE_URL } from '../../store/user-store.js';
import type { EmulatedUser } from '../../store/user-types.js';

/**
 * Clerk's UserJSON as @clerk/backend's `User.fromJSON` reads it. `object:'user'` selects the
 * deserializer; each email needs `linked_to: []` (mapped without a default, so omitting it throws).
 * A user without an image of their own gets `defaultImageUrl` (the emulator's local avatar).
 * `lockedForSeconds`: what is left of a sign-in lockout (undefined: not locked).
 */
export function toUserJson(
  user: EmulatedUser,
  defaultImageUrl?: string,
  lockedForSeconds?: number,
): Record<string, unknown> {
  const locked = lockedForSeconds !== undefined;
  return {
    object: 'user',
    id: user.id,
    external_id: user.externalId,
    primary_email_address_id: user.emailAddressId,
    primary_phone_number_id: null,
    primary_web3_wallet_id: null,
    username: user.username,
    first_name: user.firstName,
    last_name: user.lastName,
    image_url: user.imageUrl === DEFAULT_IMAGE_URL && defaultImageUrl ? defaultImageUrl : user.imageUrl,
    has_image: false,
    public_metadata: user.publicMetadata,
    private_metadata: user.privateMetadata,
    unsafe_metadata: user.unsafeMetadata,
    email_addresses: [
      {
        object: 'email_address',
        id: user.emailAddressId,
        email_address: user.email,
        reserved: false,
        verification: {
          object: 'verification',
          status: 'verified',
          strategy: 'email_code',
          attempts: null,
          expire_at: null,
        },
        linked_to: [],
        matches_sso_connection: false,
        created_at: user.createdAt,
        updated_at: user.updatedAt,
      },
    ],
    phone_numbers: [],
    web3_wallets: [],
    passkeys: [],
    external_accounts: [],
    saml_accounts: [],
    enterprise_accounts: [],
    password_enabled: user.passwordEnabled,
    two_factor_enabled: false,
    totp_enabled: false,
    backup_code_enabled: false,
    mfa_enabled_at: null,
    mfa_disabled_at: null,
    banned: false,
    locked,
    lockout_expires_in_seconds: locked ? lockedForSeconds : null,
    verification_attempts_remaining: locked ? 0 : 100,
    deprovisioned: false,
    last_sign_in_at: user.lastSignInAt,
    last_active_at: user.lastSignInAt,
    legal_accepted_at: null,
    create_organization_enabled: true,
    create_organizations_limit: null,
    delete_self_enabled: true,
    locale: null,
    timezone: null,
    created_at: user.createdAt,
    updated_at: user.updatedAt,
  };
}
