// Public API of @stack/test-harness: development tooling, never shipped.
export { type AppSeed, DEV_PASSWORDS, DEV_SEED } from './fixtures/dev-seed.js';
