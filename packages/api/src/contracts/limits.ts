/** Calls per tRPC batch. The server refuses longer batches (400); the web client's links split at it. */
export const MAX_BATCH_SIZE = 10;

/** Request bodies over this many bytes get 413. */
export const MAX_BODY_SIZE = 1024 * 1024;
