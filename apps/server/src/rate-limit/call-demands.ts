import { activeOrg, type AuthState, type RateLimitPolicyName } from '@stack/contracts';

import type { RateLimitPolicy } from './rate-limit-policy.js';
import type { Demand } from './rate-limiter.js';

/** What a call does, as far as limits care. */
export interface CallKind {
  /** Mutations and REST writes; queries, subscription connects and unknown calls read. */
  writes: boolean;
  /** A mutation in the caller's active organization counts against that organization too. */
  inActiveOrganization: boolean;
}

/**
 * Which buckets a call takes a unit from (the policy table, @stack/contracts): a signed-in user's
 * reads or writes (keyed by user), a write in an active organization also the organization's
 * (keyed by organization), anyone else's call the client address's (`anonymous`). Policies that
 * are off take nothing.
 */
export class CallDemands {
  constructor(private readonly policies: ReadonlyMap<RateLimitPolicyName, RateLimitPolicy>) {}

  of(auth: AuthState | null, clientAddress: () => string, call: CallKind): Demand[] {
    if (!auth) return this.demand('anonymous', clientAddress);
    if (!call.writes) return this.demand('user-reads', () => auth.userId);
    const demands = this.demand('user-writes', () => auth.userId);
    const org = call.inActiveOrganization ? activeOrg(auth) : null;
    if (org) demands.push(...this.demand('org-writes', () => org.orgId));
    return demands;
  }

  /** A webhook delivery that failed verification, by its sender's address. */
  ofFailedWebhook(clientAddress: () => string): Demand[] {
    return this.demand('webhook-failures', clientAddress);
  }

  private demand(name: RateLimitPolicyName, key: () => string): Demand[] {
    const policy = this.policies.get(name);
    return policy ? [{ policy, key: key() }] : [];
  }
}
