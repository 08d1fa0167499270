import { fileURLToPath } from 'node:url';

// The same depth from src/ and dist/: packages/tooling/test-harness/{src,dist}/ → the workspace root.
const root = new URL('../../../../', import.meta.url);

/** The built API server, run as production runs it (`pnpm build` makes it). */
export const SERVER_MAIN = fileURLToPath(new URL('apps/server/dist/main.js', root));
/** The web app's folder (`next dev` runs there). */
export const WEB_ROOT = fileURLToPath(new URL('apps/web/', root));
/** The web app's standalone server that `pnpm build` completes: what `pnpm start` runs and `pnpm bundle` ships. */
export const WEB_SERVER = fileURLToPath(new URL('apps/web/.next/standalone/apps/web/server.js', root));
