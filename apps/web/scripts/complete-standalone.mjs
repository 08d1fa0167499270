// Completes Next's standalone output (`output: 'standalone'`): its server.js serves `.next/static`
// and `public/` only when they sit beside it, and `next build` does not copy them there.
import { cpSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';

const web = path.resolve(import.meta.dirname, '..');
const root = path.resolve(web, '../..'); // outputFileTracingRoot (next.config.ts)
const server = path.join(web, '.next/standalone', path.relative(root, web));

for (const [from, to] of [
  ['.next/static', '.next/static'],
  ['public', 'public'],
]) {
  const source = path.join(web, from);
  const target = path.join(server, to);
  rmSync(target, { recursive: true, force: true });
  if (existsSync(source)) cpSync(source, target, { recursive: true });
}
console.log(`Standalone server: ${path.relative(web, path.join(server, 'server.js'))} (static files copied)`);
