/** This instance's RateLimiter (see RateLimitModule). */
export const RATE_LIMITER = Symbol('RATE_LIMITER');
/** The CallDemands of the configured policy table. */
export const CALL_DEMANDS = Symbol('CALL_DEMANDS');
/** This instance's CallerSlots, or null when REQUESTS_IN_FLIGHT_PER_CALLER is 0. */
export const CALLER_SLOTS = Symbol('CALLER_SLOTS');
