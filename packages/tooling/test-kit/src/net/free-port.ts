import { createServer } from 'node:net';

/**
 * A loopback port that was free a moment ago (the OS picks it). Only for what must know its port
 * before it starts (Next's `-p`, an origin the emulator must allow); servers we start listen on 0.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
