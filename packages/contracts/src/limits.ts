/** Calls per tRPC batch. The server refuses longer batches (400); the web client's links split at it. */
export const MAX_BATCH_SIZE = 10;

/** Request bodies over this many bytes get 413. */
export const MAX_BODY_SIZE = 1024 * 1024;

/**
 * Longest first or last name, in UTF-16 code units (what JavaScript's `length` counts): what Clerk
 * itself accepts (its "Manage account" UI allows 256; the emulator's NAME_MAX_LENGTH matches), so a
 * name set there never blocks an edit made here.
 */
export const NAME_MAX_LENGTH = 256;
