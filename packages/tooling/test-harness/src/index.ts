// Public API of @stack/test-harness: the app's stack for tests and tools, never shipped. What
// knows neither the app nor Clerk (processes, ports, PostgreSQL, Chromium) is in @stack/test-kit.
export { serverEnv, type ServerEnvOptions, WEB_ORIGIN, webEnv } from './clerk/app-env.js';
export { type AppSeed, DEV_PASSWORDS, DEV_SEED } from './fixtures/dev-seed.js';
export { provideAppPostgres } from './postgres/app-postgres.js';
export { type BuiltServer, spawnBuiltServer, startBuiltServer } from './server/built-server.js';
export { type FullStack, type FullStackOptions, startFullStack } from './stack/full-stack.js';
export { SERVER_MAIN, WEB_ROOT, WEB_SERVER } from './workspace-paths.js';
