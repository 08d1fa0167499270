// Public API of @stack/bundle: development tooling, never shipped (its output is).
export { assembleBundles, type BundleReport } from './assemble-bundles.js';
