// The server's entry point: `node dist/main.js`. Tracing (when configured) must hook module loading
// before Nest, pg and the rest are imported, so telemetry.js is evaluated first and the server is
// imported only afterwards.
import './telemetry.js';

await import('./server.js');
