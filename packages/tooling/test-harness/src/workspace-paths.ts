import { fileURLToPath } from 'node:url';

// The same depth from src/ and dist/: packages/tooling/test-harness/{src,dist}/ → the workspace root.
const root = new URL('../../../../', import.meta.url);

/** The built API server, run as production runs it (`pnpm build` makes it). */
export const SERVER_MAIN = fileURLToPath(new URL('apps/server/dist/main.js', root));
/** The web app's folder: `next start` runs there on what `next build` left in `.next/`. */
export const WEB_ROOT = fileURLToPath(new URL('apps/web/', root));
