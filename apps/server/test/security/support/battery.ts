import { afterAll, beforeAll } from 'vitest';

import { type RawResponse, request } from '../../support/http.js';
import { startServer, type TestStack, type VerificationMode } from '../../support/start-server.js';
import { decodePart } from './tokens.js';

/** One server per mode and a valid token for Ada, which every case bends in its own way. */
export interface Battery {
  stack: TestStack;
  mode: VerificationMode;
  /** An untampered token for Ada: the control each case must be a variation of. */
  good: string;
  claims(): Record<string, unknown>;
  header(): Record<string, unknown>;
  /** Signs with the instance key (what only Clerk can do): claims bent, signature valid. */
  sign(payload: Record<string, unknown>, header?: Record<string, unknown>): Promise<string>;
  me(headers?: Record<string, string>): Promise<RawResponse>;
  bearer(token: string): Promise<RawResponse>;
  /** Everything about Ada a refusal must not reveal. */
  leaks(): string[];
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Registers the hooks of a battery file and returns its (lazily filled) context. */
export function useBattery(mode: VerificationMode): Battery {
  const battery = { mode } as Battery;
  beforeAll(async () => {
    const stack = await startServer(mode);
    const good = await stack.adaToken({ expiresInSeconds: 600 });
    const claims = decodePart(good, 1);
    Object.assign(battery, {
      stack,
      good,
      claims: () => ({ ...claims }),
      header: () => decodePart(good, 0),
      sign: (payload: Record<string, unknown>, header?: Record<string, unknown>) =>
        stack.emulator.signJwt(payload, { ...decodePart(good, 0), ...header }),
      me: (headers: Record<string, string> = {}) => request(`${stack.url}/trpc/profile.me`, { headers }),
      bearer: (token: string) =>
        request(`${stack.url}/trpc/profile.me`, { headers: { authorization: `Bearer ${token}` } }),
      leaks: () => ['ada@example.com', 'Lovelace', stack.adaId, String(claims['sid']), 'org_acme'],
    } satisfies Omit<Battery, 'mode'>);
  });
  afterAll(() => battery.stack?.close());
  return battery;
}
