import type { Server } from 'node:http';

/** Contender processes get their address from the harness: HOST (default 127.0.0.1) and PORT. */
export function listenFromEnv(server: Server): void {
  const port = Number(process.env['PORT'] ?? 0);
  server.listen(port, process.env['HOST'] ?? '127.0.0.1');
  // The harness stops contenders with SIGTERM; exiting normally lets --cpu-prof write its file.
  process.once('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}
