import { DEFAULT_MAX_ALLOWED_MEMBERSHIPS } from '../store/orgs/organization-rules.js';
import { CREATOR_ROLE } from '../store/orgs/role-registry.js';
import { PASSWORD_RULES } from './validation/password-rules.js';

export interface EnvironmentConfig {
  readonly applicationName: string;
  /** Origin of the web app (from the request), used for the instance's default URLs. */
  readonly appOrigin: string;
}

type Attribute = {
  enabled: boolean;
  required: boolean;
  used_for_first_factor: boolean;
  first_factors: string[];
  used_for_second_factor: boolean;
  second_factors: string[];
  verifications: string[];
  verify_at_sign_up: boolean;
};

const off: Attribute = {
  enabled: false,
  required: false,
  used_for_first_factor: false,
  first_factors: [],
  used_for_second_factor: false,
  second_factors: [],
  verifications: [],
  verify_at_sign_up: false,
};
const attribute = (overrides: Partial<Attribute>): Attribute => ({ ...off, enabled: true, ...overrides });

/**
 * EnvironmentJSON of the emulated instance: a production instance (no dev-browser), single-session,
 * email + password with the email verified by a code at sign-up, optional names, organizations on,
 * captcha, social and MFA off.
 */
export function buildEnvironment(config: EnvironmentConfig): Record<string, unknown> {
  const url = (path: string) => `${config.appOrigin}${path}`;
  return {
    object: 'environment',
    id: 'env_emulator',
    maintenance_mode: false,
    client_debug_mode: false,
    partitioned_cookies: false,
    auth_config: {
      object: 'auth_config',
      id: 'aac_emulator',
      single_session_mode: true,
      claimed_at: null,
      reverification: false,
      preferred_channels: {},
    },
    display_config: {
      object: 'display_config',
      id: 'display_config_emulator',
      instance_environment_type: 'production',
      application_name: config.applicationName,
      branded: false,
      show_devmode_warning: false,
      captcha_public_key: null,
      captcha_public_key_invisible: null,
      captcha_widget_type: null,
      captcha_provider: 'turnstile',
      captcha_oauth_bypass: [],
      preferred_sign_in_strategy: 'password',
      logo_image_url: '',
      favicon_image_url: '',
      home_url: url('/'),
      sign_in_url: url('/sign-in'),
      sign_up_url: url('/sign-up'),
      user_profile_url: url('/user'),
      waitlist_url: url('/waitlist'),
      after_sign_in_url: url('/'),
      after_sign_up_url: url('/'),
      after_sign_out_one_url: url('/'),
      after_sign_out_all_url: url('/'),
      after_switch_session_url: url('/'),
      after_join_waitlist_url: url('/'),
      after_create_organization_url: url('/'),
      after_leave_organization_url: url('/'),
      create_organization_url: url('/create-organization'),
      organization_profile_url: url('/organization'),
      support_email: '',
      terms_url: '',
      privacy_policy_url: '',
      theme: {
        buttons: { font_color: '#ffffff', font_family: '', font_weight: '' },
        general: {
          color: '#6c47ff',
          background_color: '#ffffff',
          font_color: '#151515',
          font_family: '',
          label_font_weight: '',
          padding: '',
          border_radius: '',
          box_shadow: '',
        },
        accounts: { background_color: '#ffffff' },
      },
    },
    user_settings: {
      attributes: {
        email_address: attribute({
          required: true,
          used_for_first_factor: true,
          first_factors: ['email_code'],
          verifications: ['email_code'],
          verify_at_sign_up: true,
        }),
        password: attribute({ required: true }),
        first_name: attribute({}),
        last_name: attribute({}),
        phone_number: off,
        username: off,
        web3_wallet: off,
        authenticator_app: off,
        backup_code: off,
        passkey: off,
      },
      actions: { delete_self: true, create_organization: true, create_organizations_limit: null },
      sign_in: { second_factor: { required: false, enabled: false } },
      sign_up: {
        captcha_enabled: false,
        captcha_widget_type: null,
        custom_action_required: false,
        progressive: true,
        mode: 'public',
        legal_consent_enabled: false,
        allowlist_only: false,
      },
      password_settings: {
        min_length: PASSWORD_RULES.min,
        max_length: PASSWORD_RULES.max,
        disable_hibp: false,
        show_zxcvbn: false,
        min_zxcvbn_strength: 0,
        require_special_char: false,
        require_numbers: false,
        require_uppercase: false,
        require_lowercase: false,
        allowed_special_characters: '',
        enforce_hibp_on_sign_in: false,
      },
      username_settings: { min_length: 4, max_length: 64 },
      social: {},
      saml: { enabled: false },
      enterprise_sso: { enabled: false },
      passkey_settings: { allow_autofill: false, show_sign_in_button: false },
    },
    organization_settings: {
      enabled: true,
      max_allowed_memberships: DEFAULT_MAX_ALLOWED_MEMBERSHIPS,
      force_organization_selection: false,
      actions: { admin_delete: true },
      // Domains (and with them membership requests) are not emulated.
      domains: { enabled: false, enrollment_modes: [], default_role: null },
      slug: { disabled: false },
      creator_role: CREATOR_ROLE,
      organization_creation_defaults: { enabled: false },
    },
    commerce_settings: {
      object: 'commerce_settings',
      id: 'commerce_settings_emulator',
      billing: {
        stripe_publishable_key: '',
        organization: { enabled: false, has_paid_plans: false },
        user: { enabled: false, has_paid_plans: false },
      },
    },
    api_keys_settings: { object: 'api_keys_settings', id: 'api_keys_settings_emulator', enabled: false },
  };
}
