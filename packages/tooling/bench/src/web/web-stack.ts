import type { ClerkEmulator } from '@stack/clerk-emulator';
import { startFullStack } from '@stack/test-harness';
import { waitForHttpOk } from '@stack/test-kit';

export interface WebStack {
  emulator: ClerkEmulator;
  webUrl: string;
  apiUrl: string;
  email: string;
  /** `Cookie` header of a signed-in browser, as `clerkMiddleware` accepts it. */
  cookie: string;
  /** `Bearer <the same token>`, for calling the API directly. */
  authorization: string;
  stop(): Promise<void>;
}

/**
 * The built apps as a person runs them (the harness's full stack): the standalone web server on `webCpu`, the
 * API on `apiCpu`, the emulator in this process with no seed and no webhooks, plus one signed-in
 * user whose session token lives `tokenLifetimeSeconds`.
 */
export async function startWebStack(options: {
  webCpu: number;
  apiCpu: number;
  tokenLifetimeSeconds: number;
}): Promise<WebStack> {
  const stack = await startFullStack({
    seed: { users: [] },
    webhooks: false,
    cpus: { api: options.apiCpu, web: options.webCpu },
  });
  try {
    // The first page answered: Next has loaded what a signed-out request needs.
    await waitForHttpOk(`${stack.webUrl}/sign-in`, { timeoutMs: 30_000, alive: stack.web.alive });
    const { emulator } = stack;
    const email = 'ada@example.com';
    const user = await emulator.users.create({ email, firstName: 'Ada', lastName: 'Lovelace' });
    const token = await emulator.mintSessionToken({
      userId: user.id,
      azp: stack.webUrl,
      expiresInSeconds: options.tokenLifetimeSeconds,
    });
    const { iat } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { iat: number };
    // A production instance (pk_live_) whose token `iss` is the key's host reads the unsuffixed
    // cookies; `__client_uat` must not be newer than the token's `iat`, or a handshake starts.
    const cookie = `__session=${token}; __client_uat=${iat}`;
    return {
      emulator,
      webUrl: stack.webUrl,
      apiUrl: stack.apiUrl,
      email,
      cookie,
      authorization: `Bearer ${token}`,
      stop: stack.stop,
    };
  } catch (error) {
    await stack.stop();
    throw error;
  }
}
