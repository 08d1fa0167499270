// `@stack/test-kit/browser`: Chromium for browser tests, launched and closed within bounds.
export { chromiumPath, closeBrowser, closeContext, launchChromium } from './chromium.js';
export { closeWithin } from './close-within.js';
