import { connect } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ClerkEmulator, EmulatedUser } from '../src/index.js';
import { bapi, clerkErrorOf, startSeeded } from './helpers.js';

describe('hostile input', () => {
  let emulator: ClerkEmulator;
  let before: EmulatedUser;
  beforeAll(async () => {
    emulator = await startSeeded();
    before = emulator.users.get('user_grace')!;
  });
  afterAll(async () => {
    // Whatever happened, the store is untouched and the server still answers.
    expect(emulator.users.get('user_grace')).toEqual(before);
    expect((await bapi(emulator, '/v1/users/user_grace')).status).toBe(200);
    await emulator.close();
  });

  const patchGrace = (body: RequestInit['body'], headers?: Record<string, string>) =>
    bapi(emulator, '/v1/users/user_grace', { method: 'PATCH', body, ...(headers ? { headers } : {}) });

  it('malformed JSON → 400 Clerk-shaped', async () => {
    for (const body of ['{"first_name": ', '{first_name: "x"}', 'null garbage', '\u0000']) {
      const response = await patchGrace(body);
      expect(response.status, body).toBe(400);
      expect((await clerkErrorOf(response)).errors[0]?.code).toBe('malformed_request');
    }
  });

  it('JSON that is not an object → 400', async () => {
    for (const body of ['[]', '"first_name"', '42', 'null', 'true']) {
      const response = await patchGrace(body);
      expect(response.status, body).toBe(400);
    }
  });

  it('invalid UTF-8 → 400', async () => {
    const response = await patchGrace(new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
    expect(response.status).toBe(400);
  });

  it('wrong types → 422 naming the parameter', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ first_name: ['Grace'] }, 'first_name'],
      [{ first_name: { $ne: null } }, 'first_name'],
      [{ last_name: true }, 'last_name'],
      [{ password: 'short' }, 'password'],
      [{ password: 12345678 }, 'password'],
      [{ username: 'UPPER CASE' }, 'username'],
      [{ public_metadata: 'x' }, 'public_metadata'],
      [{ public_metadata: { big: 'x'.repeat(9000) } }, 'public_metadata'],
      [{ skip_password_checks: 'yes' }, 'skip_password_checks'],
      [{ id: 'user_other' }, 'id'],
    ];
    for (const [body, param] of cases) {
      const response = await patchGrace(JSON.stringify(body));
      expect(response.status, param).toBe(422);
      const error = await clerkErrorOf(response);
      expect(
        error.errors.map((e) => e.meta['param_name']),
        JSON.stringify(body),
      ).toContain(param);
    }
  });

  it('a valid field next to an invalid one is not applied either', async () => {
    const response = await patchGrace(JSON.stringify({ first_name: 'Changed', last_name: 42 }));
    expect(response.status).toBe(422);
    expect(emulator.users.get('user_grace')?.firstName).toBe('Grace');
  });

  it('bodies over 1 MB → 413, announced or streamed', async () => {
    const huge = JSON.stringify({ first_name: 'x'.repeat(1024 * 1024 + 10) });
    const announced = await patchGrace(huge);
    expect(announced.status).toBe(413);
    expect((await clerkErrorOf(announced)).errors[0]?.code).toBe('request_body_too_large');

    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 40) return controller.close(); // ~2.6 MB, no Content-Length
        sent++;
        controller.enqueue(chunk);
      },
    });
    const streamed = await fetch(`${emulator.url}/v1/users/user_grace`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${emulator.secretKey}` },
      body: stream,
      duplex: 'half',
    }).catch((e: unknown) => e);
    // Either the 413 arrives or the client sees the connection closed mid-upload; never a 2xx.
    if (streamed instanceof Response) expect(streamed.status).toBe(413);
    else expect(streamed).toBeInstanceOf(Error);
  });

  it('wrong method → 405 with Allow; unknown routes → 404', async () => {
    const wrong = await bapi(emulator, '/v1/jwks', { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
    expect((await clerkErrorOf(wrong)).errors[0]?.code).toBe('method_not_allowed');
    const post = await bapi(emulator, '/v1/users/user_grace', { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')?.split(', ').sort()).toEqual(['DELETE', 'GET', 'PATCH']);
    for (const path of [
      '/v1/nope',
      '/v2/users',
      '/',
      '/v1/users/user_grace/extra/deep',
      '/v1/users/%E0%A4%A',
      '//evil.example/v1/jwks',
    ]) {
      const response = await bapi(emulator, path);
      expect(response.status, path).toBe(404);
      expect((await clerkErrorOf(response)).errors[0]?.code).toBe('resource_not_found');
    }
  });

  it('metadata keys like __proto__ stay data and never pollute prototypes', async () => {
    const created = await emulator.users.create({ email: 'proto@example.com' });
    const body =
      '{"public_metadata": {"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}}';
    const response = await bapi(emulator, `/v1/users/${created.id}/metadata`, { method: 'PATCH', body });
    expect(response.status).toBe(200);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    const stored = emulator.users.get(created.id)!.publicMetadata;
    expect(Object.getPrototypeOf(stored)).toBe(Object.prototype);
    expect(Object.keys(stored).sort()).toEqual(['__proto__', 'constructor']);
    emulator.users.delete(created.id);
  });

  it('deeply nested JSON and odd query strings do not crash the server', async () => {
    const deep = '{"public_metadata":' + '{"a":'.repeat(5000) + '1' + '}'.repeat(5000) + '}';
    expect((await patchGrace(deep)).status).toBe(400); // nests deeper than 64 levels
    const deepButSmall = '{"public_metadata":' + '{"a":'.repeat(40) + '1' + '}'.repeat(40) + '}';
    const other = await emulator.users.create({ email: 'deep@example.com' });
    const patchOther = (body: string) => bapi(emulator, `/v1/users/${other.id}`, { method: 'PATCH', body });
    expect((await patchOther(deepButSmall)).status).toBe(200);
    const deepArray = '['.repeat(100_000) + ']'.repeat(100_000);
    expect((await patchGrace(deepArray)).status).toBe(400);
    for (const query of ['limit=-1', 'limit=1e3', 'offset=abc', 'order_by=;drop', 'email_address=%ZZ']) {
      const response = await bapi(emulator, `/v1/users?${query}`);
      expect([200, 422], query).toContain(response.status);
    }
  });

  it('garbage on the socket gets a 400 and the server keeps serving', async () => {
    const port = Number(new URL(emulator.url).port);
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
      let data = '';
      socket.on('data', (d) => (data += d.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
  });

  it('many concurrent requests are all answered', async () => {
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) => bapi(emulator, i % 2 ? '/v1/users/user_ada' : '/v1/jwks')),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
  });
});
