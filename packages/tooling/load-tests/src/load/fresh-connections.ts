import { connect } from 'node:net';

import type { TrafficStats } from './fire.js';
import { Latencies } from './percentiles.js';

export interface FreshConnectionTraffic {
  name: string;
  /** Sockets working in parallel, each sending one request per connection. */
  sockets: number;
  seconds: number;
  path: string;
  headers: Record<string, string>;
}

/**
 * One request per new connection, on raw sockets, for a bounded time. Needed for headers over
 * Node's 16 KiB limit: Node answers 431 and closes without a Content-Length, which autocannon's
 * parser never sees complete. Each request is timed from its write to the connection's close.
 */
export async function freshConnections(url: string, traffic: FreshConnectionTraffic): Promise<TrafficStats> {
  const { hostname, port } = new URL(url);
  const stats: TrafficStats = {
    name: traffic.name,
    requests: 0,
    statuses: new Map(),
    latency: new Latencies(),
    missingRetryAfter: 0,
  };
  const headerLines = Object.entries(traffic.headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  const request = `GET ${traffic.path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: close\r\n${headerLines}\r\n`;
  const deadline = performance.now() + traffic.seconds * 1000;
  const once = () =>
    new Promise<void>((resolve) => {
      let sentAt = performance.now();
      let head = '';
      const socket = connect(Number(port), hostname, () => {
        sentAt = performance.now();
        socket.write(request);
      });
      socket.setTimeout(10_000, () => socket.destroy());
      socket.on('data', (chunk: Buffer) => void (head += chunk.toString('latin1')));
      socket.on('error', () => {});
      socket.on('close', () => {
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
        stats.requests++;
        stats.statuses.set(status, (stats.statuses.get(status) ?? 0) + 1);
        stats.latency.add(performance.now() - sentAt);
        resolve();
      });
    });
  await Promise.all(
    Array.from({ length: traffic.sockets }, async () => {
      while (performance.now() < deadline) await once();
    }),
  );
  return stats;
}
