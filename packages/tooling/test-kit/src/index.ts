// Public API of @stack/test-kit: test plumbing that knows neither the app nor Clerk (the Clerk
// emulator's own tests use it). Heavier parts have their own entries: `/postgres` (node-postgres)
// and `/browser` (playwright-core), so a unit test importing a percentile loads neither.
export { freePort } from './net/free-port.js';
export { type GateMode, startHungServer, startTcpGate, type TcpGate } from './net/tcp-gate.js';
export { type AttributeValue, type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from './otlp/otlp-receiver.js';
export { type NodeProcess, type NodeProcessOptions, startNode, startProcess } from './process/node-process.js';
export { waitForHttpOk } from './process/wait-for-http.js';
export { type SseFrame, sseFrames } from './sse/sse-frames.js';
export { SseReader } from './sse/sse-reader.js';
export { percentile } from './stats/percentile.js';
export { step } from './story/step.js';
export { Conditions } from './wait/conditions.js';
