import { ServiceUnavailableError } from '@stack/contracts';

// SQLSTATE classes and codes that mean "the database is not there right now", not "your query is wrong":
// 08 connection exceptions, 53 insufficient resources, 57P01–57P05 shutdown / cannot connect now.
const OUTAGE_SQLSTATE = /^(08|53|57P0)/;
const OUTAGE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOENT', 'ENOTFOUND', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN']);
// node-postgres's own connection failures, and embedded PGlite closed under the app.
const OUTAGE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Cannot use a pool after calling end|^PGlite is closed$/;

/** Seconds a client should wait before retrying after a database outage. */
const DATABASE_RETRY_AFTER_SECONDS = 5;

/** True when `error` (or a cause in its chain) is the database being unreachable. */
export function isDatabaseOutage(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (OUTAGE_SQLSTATE.test(code) || OUTAGE_ERRNO.has(code))) return true;
    if (OUTAGE_MESSAGE.test(e.message)) return true;
    // PGlite's WebAssembly engine aborted (e.g. a broken data dir): unusable until a restart, not a bad query.
    if (e.name === 'RuntimeError' && e.message.startsWith('Aborted(')) return true;
  }
  return false;
}

/** Runs `work`, reporting a database outage as ServiceUnavailableError (a 503), everything else as is. */
export async function reportingOutages<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isDatabaseOutage(error))
      throw new ServiceUnavailableError('The database is unavailable', DATABASE_RETRY_AFTER_SECONDS, { cause: error });
    throw error;
  }
}
