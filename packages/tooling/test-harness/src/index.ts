// Public API of @stack/test-harness: development tooling, never shipped.
export { type AppSeed, DEV_PASSWORDS, DEV_SEED } from './fixtures/dev-seed.js';
export { type SseFrame, sseFrames } from './sse/sse-frames.js';
export { SseReader } from './sse/sse-reader.js';
export { Conditions } from './wait/conditions.js';
export { freePort } from './net/free-port.js';
export { type AttributeValue, type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from './otlp/otlp-receiver.js';
