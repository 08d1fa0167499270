import type { ClerkEmulator } from '../../src/index.js';

export const APP_ORIGIN = 'http://localhost:3000';

export interface FapiResponse {
  status: number;
  // Whatever the emulator answered; tests assert on its shape.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  setCookies: string[];
  headers: Headers;
}

/**
 * A browser stand-in for HTTP-level Frontend API tests: keeps the cookies the emulator sets,
 * sends form bodies the way clerk-js does and an Origin like a same-origin page.
 */
export class FapiClient {
  readonly cookies = new Map<string, string>();
  readonly emulator: ClerkEmulator;
  readonly origin: string;

  constructor(emulator: ClerkEmulator, origin = APP_ORIGIN) {
    this.emulator = emulator;
    this.origin = origin;
  }

  async request(
    method: string,
    path: string,
    form?: Record<string, string> | string,
    init: { headers?: Record<string, string>; contentType?: string } = {},
  ): Promise<FapiResponse> {
    const body =
      form === undefined ? undefined : typeof form === 'string' ? form : new URLSearchParams(form).toString();
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(this.emulator.url + path, {
      method,
      redirect: 'manual',
      headers: {
        origin: this.origin,
        ...(cookie ? { cookie } : {}),
        ...(body === undefined ? {} : { 'content-type': init.contentType ?? 'application/x-www-form-urlencoded' }),
        ...init.headers,
      },
      ...(body === undefined ? {} : { body }),
    });
    const setCookies = response.headers.getSetCookie();
    for (const line of setCookies) {
      const [pair, ...attributes] = line.split(';').map((p) => p.trim());
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      if (attributes.some((a) => /^max-age=0$/i.test(a))) this.cookies.delete(name!);
      else this.cookies.set(name!, value);
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON (redirects, scripts)
    }
    return { status: response.status, body: parsed, setCookies, headers: response.headers };
  }

  get = (path: string) => this.request('GET', path);
  post = (path: string, form: Record<string, string> | string = {}) => this.request('POST', path, form);

  /** Email + password sign-up completed with the development code; returns the session id. */
  async signUp(email: string, password: string): Promise<string> {
    const created = await this.post('/v1/client/sign_ups', { email_address: email, password });
    if (created.status !== 200) throw new Error(`sign-up failed: ${JSON.stringify(created.body)}`);
    const id = created.body.response.id as string;
    await this.post(`/v1/client/sign_ups/${id}/prepare_verification`, { strategy: 'email_code' });
    const done = await this.post(`/v1/client/sign_ups/${id}/attempt_verification`, {
      strategy: 'email_code',
      code: this.emulator.verificationCode,
    });
    if (done.status !== 200) throw new Error(`verification failed: ${JSON.stringify(done.body)}`);
    return done.body.response.created_session_id as string;
  }

  /** One-step password sign-in; returns the session id. */
  async signIn(identifier: string, password: string): Promise<string> {
    const response = await this.post('/v1/client/sign_ins', { identifier, password, strategy: 'password' });
    if (response.status !== 200) throw new Error(`sign-in failed: ${JSON.stringify(response.body)}`);
    return response.body.response.created_session_id as string;
  }
}

/** Everything the emulator stores, for "a failed request changed nothing" checks. */
export function storeSnapshot(emulator: ClerkEmulator): string {
  return JSON.stringify({
    users: emulator.users.snapshot(),
    sessions: emulator.listSessions(),
    clients: emulator.clients.snapshot(),
    organizations: emulator.organizations.snapshot(),
  });
}
