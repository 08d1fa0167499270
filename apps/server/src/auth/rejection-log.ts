import { Logger } from '@nestjs/common';

const logger = new Logger('Auth');
const LINES_PER_SECOND = 20;
let windowStart = 0;
let written = 0;
let suppressed = 0;

/**
 * Logs why a credential was refused (never the credential). Bounded, so a flood of forged tokens
 * cannot turn the log into the bottleneck.
 */
export function logRejection(reason: string, where: string): void {
  const now = Date.now();
  if (now - windowStart >= 1000) {
    if (suppressed > 0) logger.warn(`${suppressed} more rejected credentials in the last second (not logged)`);
    windowStart = now;
    written = 0;
    suppressed = 0;
  }
  if (written >= LINES_PER_SECOND) {
    suppressed++;
    return;
  }
  written++;
  logger.warn(`Rejected credentials on ${where}: ${reason}`);
}
