// `@stack/test-harness/api`: the app router over HTTP for client tests (its own entry: it loads
// the router, which the stack's tools do not need).
export { startTestApiServer, type TestApiServer } from './test-api-server.js';
