/** This instance's RateLimiter (see RateLimitModule). */
export const RATE_LIMITER = Symbol('RATE_LIMITER');
/** The CallDemands of the configured policy table. */
export const CALL_DEMANDS = Symbol('CALL_DEMANDS');
