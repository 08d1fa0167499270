import { fileURLToPath } from 'node:url';

/** The development users shipped with the package (`seed/dev-users.json`), for `pnpm dev` and the README. */
export const DEV_SEED_FILE = fileURLToPath(new URL('../../seed/dev-users.json', import.meta.url));
