import { type AddressInfo, connect, createServer, type Socket } from 'node:net';

export type GateMode = 'pass' | 'hang' | 'refuse';

/**
 * A TCP gate on 127.0.0.1:0: passes connections through to its target, or accepts them and never
 * answers (a hung dependency), or resets them (one that is down). Switching mode cuts the
 * connections already open, so no kept-alive connection slips past a hang. In pass mode it keeps
 * what clients sent, to check which headers reached the dependency.
 */
export interface TcpGate {
  url: string;
  set(mode: GateMode): void;
  /** Connections open now (through it, or held by a hang). */
  connections(): number;
  /** Everything clients sent through the gate since the last call. */
  takeSent(): string;
  close(): Promise<void>;
}

/** Without a `target`, the gate can only hang or refuse. */
export async function startTcpGate({ target, mode: initial = 'pass' }: { target?: string; mode?: GateMode } = {}) {
  if (!target && initial === 'pass') throw new Error('a gate passes to a target: give one, or start it hanging');
  let mode = initial;
  let sent = '';
  const clients = new Set<Socket>();
  const upstreams = new Set<Socket>();
  const server = createServer((client) => {
    clients.add(client);
    client.on('close', () => clients.delete(client));
    client.on('error', () => undefined);
    if (mode === 'hang') return;
    if (mode === 'refuse' || !target) return void client.resetAndDestroy();
    const { hostname, port } = new URL(target);
    const upstream = connect(Number(port), hostname);
    upstreams.add(upstream);
    upstream.on('close', () => upstreams.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('data', (chunk: Buffer) => (sent = (sent + chunk.toString('latin1')).slice(-200_000)));
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const destroyAll = () => {
    for (const socket of [...clients, ...upstreams]) socket.destroy();
  };
  const gate: TcpGate = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    set(next) {
      if (next === 'pass' && !target) throw new Error('this gate has no target to pass to');
      mode = next;
      destroyAll();
    },
    connections: () => clients.size,
    takeSent() {
      const all = sent;
      sent = '';
      return all;
    },
    close: () =>
      new Promise<void>((resolve) => {
        destroyAll();
        server.close(() => resolve());
      }),
  };
  return gate;
}

/** An endpoint that accepts connections and never answers: a hung dependency. */
export const startHungServer = (): Promise<TcpGate> => startTcpGate({ mode: 'hang' });
