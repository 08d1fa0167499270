import { type AddressInfo, connect, createServer, type Socket } from 'node:net';

type GateMode = 'pass' | 'hang' | 'refuse';

/**
 * A TCP gate in front of a dependency, on 127.0.0.1:0: passes connections through, or accepts them
 * and never answers (a hung dependency), or resets them (one that is down). Switching mode cuts
 * the connections already open, so no kept-alive connection slips past a hang. In pass mode it
 * keeps what clients sent, to check which headers reached the dependency.
 */
export interface Gate {
  url: string;
  set(mode: GateMode): void;
  /** Everything clients sent through the gate since the last call. */
  takeSent(): string;
  close(): Promise<void>;
}

export async function startGate(target: string): Promise<Gate> {
  const { hostname, port } = new URL(target);
  let mode: GateMode = 'pass';
  let sent = '';
  const open = new Set<Socket>();
  const server = createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => undefined);
    if (mode === 'hang') return;
    if (mode === 'refuse') return void client.resetAndDestroy();
    const upstream = connect(Number(port), hostname);
    open.add(upstream);
    upstream.on('close', () => open.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('data', (chunk: Buffer) => (sent = (sent + chunk.toString('latin1')).slice(-200_000)));
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    set(next: GateMode) {
      mode = next;
      for (const socket of open) socket.destroy();
    },
    takeSent() {
      const all = sent;
      sent = '';
      return all;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
