import path from 'node:path';

import { assembleApi } from './assemble-api.js';
import { assembleWeb } from './assemble-web.js';
import { directorySize } from './directory-size.js';

export interface BundleReport {
  api: { dir: string; bytes: number };
  web: { dir: string; bytes: number };
}

/** Writes `<out>/api` and `<out>/web` from what `pnpm build` made in the workspace at `root`. */
export async function assembleBundles({ root, out }: { root: string; out: string }): Promise<BundleReport> {
  const api = path.join(out, 'api');
  const web = path.join(out, 'web');
  await assembleApi(root, api);
  assembleWeb(root, web);
  return { api: { dir: api, bytes: directorySize(api) }, web: { dir: web, bytes: directorySize(web) } };
}
