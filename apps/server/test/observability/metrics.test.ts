import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type ClerkEmulator, startClerkEmulator } from '@stack/clerk-emulator';

import { MetricsListener } from '../../src/metrics/metrics-listener.js';
import { bootApp } from '../support/boot-app.js';
import { emulatorConfig } from '../support/emulator-config.js';
import { input, request } from '../support/http.js';
import { sample } from '../support/metrics-text.js';
import { seed, WEB_ORIGIN } from '../support/start-server.js';
import { clerkEvent, newWebhookSecret, postWebhook, userJson } from '../support/webhook-signer.js';

describe('metrics (METRICS_PORT set)', () => {
  let emulator: ClerkEmulator;
  let app: INestApplication;
  let url: string;
  let metricsUrl: string;
  let token: string;
  const secret = newWebhookSecret();
  const scrape = async () => (await request(metricsUrl)).text;

  beforeAll(async () => {
    emulator = await startClerkEmulator({ seed });
    const config = await emulatorConfig(emulator, {
      authorizedParties: WEB_ORIGIN,
      // Two writes a minute: the refusal test reaches the limit at once (no other test writes).
      env: { METRICS_PORT: '0', CLERK_WEBHOOK_SIGNING_SECRET: secret, RATE_LIMIT_USER_WRITES_PER_MIN: '2' },
    });
    ({ app, url } = await bootApp(config));
    metricsUrl = app.get(MetricsListener).url!;
    token = await emulator.mintSessionToken({
      userId: emulator.users.findByEmail('ada@example.com')!.id,
      azp: WEB_ORIGIN,
    });
  });
  afterAll(async () => {
    await app?.close();
    await emulator?.close();
  });

  it('serves GET /metrics on its own listener only, in Prometheus text format', async () => {
    expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(new URL(metricsUrl).port).not.toBe(new URL(url).port);
    const res = await request(metricsUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    expect((await request(`${url}/metrics`)).status).toBe(404);
    expect((await request(metricsUrl.replace('/metrics', '/other'))).status).toBe(404);
    expect((await request(metricsUrl, { method: 'POST' })).status).toBe(405);
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_p99_seconds',
      'nodejs_heap_size_used_bytes',
      'readiness_ready',
      'change_bus_connected',
    ]) {
      expect(res.text, name).toMatch(new RegExp(`^${name}(\\{.*\\})? `, 'm'));
    }
  });

  it('observes each call of a batch, unknown procedures as `unknown`, and each HTTP request by route template', async () => {
    const before = await scrape();
    const count = (text: string, labels: Record<string, string>) =>
      sample(text, 'trpc_procedure_duration_seconds_count', labels) ?? 0;
    const res = await request(`${url}/trpc/profile.me,session.current,no.such.thing?batch=1&${input({})}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(207);
    await request(`${url}/trpc/profile.me`);
    await request(`${url}/api/profile`, { headers: { authorization: `Bearer ${token}` } });
    await request(`${url}/api/organization/does-not-exist-9f2`);

    const after = await scrape();
    const ok = { procedure: 'profile.me', type: 'query', code: 'OK' };
    expect(count(after, ok) - count(before, ok)).toBe(1);
    const session = { procedure: 'session.current', type: 'query', code: 'OK' };
    expect(count(after, session) - count(before, session)).toBe(1);
    const unknown = { procedure: 'unknown', type: 'unknown', code: 'NOT_FOUND' };
    expect(count(after, unknown) - count(before, unknown)).toBe(1);
    const unauthorized = { procedure: 'profile.me', code: 'UNAUTHORIZED' };
    expect(count(after, unauthorized) - count(before, unauthorized)).toBe(1);

    const requests = (labels: Record<string, string>) =>
      (sample(after, 'http_server_request_duration_seconds_count', labels) ?? 0) -
      (sample(before, 'http_server_request_duration_seconds_count', labels) ?? 0);
    expect(requests({ method: 'GET', route: '/trpc/*', status_code: '207' })).toBe(1);
    expect(requests({ method: 'GET', route: '/api/profile', status_code: '200' })).toBe(1);
    expect(requests({ method: 'GET', route: 'unmatched', status_code: '404' })).toBe(1);
    // Low cardinality: no path, id or procedure name a client made up becomes a label.
    expect(after).not.toContain('no.such.thing');
    expect(after).not.toContain('does-not-exist-9f2');
    expect(after).not.toMatch(/user_[A-Za-z0-9]{10,}/);
  });

  it('counts every refused call of a batch, refused inside tRPC or before it', async () => {
    const before = await scrape();
    const draft = { title: 'Counted', body: '' };
    const batch = (calls: number) =>
      request(`${url}/trpc/${Array(calls).fill('note.create').join(',')}?batch=1`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(Object.fromEntries(Array.from({ length: calls }, (_, i) => [i, draft]))),
      });
    // Two admitted and one refused inside the batch (207), then all three refused before tRPC (429).
    expect((await batch(3)).status).toBe(207);
    expect((await batch(3)).status).toBe(429);

    const after = await scrape();
    const delta = (name: string, labels: Record<string, string>) =>
      (sample(after, name, labels) ?? 0) - (sample(before, name, labels) ?? 0);
    expect(delta('rate_limit_rejections_total', { policy: 'user-writes' })).toBe(4);
    const refused = { procedure: 'note.create', type: 'mutation', code: 'TOO_MANY_REQUESTS' };
    expect(delta('trpc_procedure_duration_seconds_count', refused)).toBe(4);
  });

  it('counts refused credentials by reason, user lookups by source and Backend API requests by outcome', async () => {
    const before = await scrape();
    const foreign = await emulator.mintSessionToken({
      userId: emulator.users.findByEmail('grace@example.com')!.id,
      azp: 'https://evil.example',
    });
    expect((await request(`${url}/trpc/profile.me`, { headers: { authorization: `Bearer ${foreign}` } })).status).toBe(
      401,
    );
    expect((await request(`${url}/api/profile`, { headers: { authorization: 'Basic x' } })).status).toBe(401);
    // Grace is not in the mirror yet: Clerk, then the database (a fresh cache), then the cache.
    const grace = await emulator.mintSessionToken({
      userId: emulator.users.findByEmail('grace@example.com')!.id,
      azp: WEB_ORIGIN,
    });
    for (let i = 0; i < 2; i++)
      expect((await request(`${url}/trpc/profile.me`, { headers: { authorization: `Bearer ${grace}` } })).status).toBe(
        200,
      );

    const after = await scrape();
    const delta = (name: string, labels: Record<string, string>) =>
      (sample(after, name, labels) ?? 0) - (sample(before, name, labels) ?? 0);
    expect(delta('auth_rejections_total', { reason: 'token-invalid-authorized-parties' })).toBe(1);
    expect(delta('auth_rejections_total', { reason: 'authorization-not-bearer' })).toBe(1);
    expect(delta('user_directory_lookups_total', { source: 'clerk' })).toBe(1);
    expect(delta('user_directory_lookups_total', { source: 'cache' })).toBe(1);
    expect(delta('clerk_backend_api_requests_total', { outcome: 'ok' })).toBe(1);
    expect(sample(after, 'user_directory_lookups_total', { source: 'database' })).toBeDefined();
  });

  it('counts webhook deliveries by outcome', async () => {
    const before = await scrape();
    const body = clerkEvent('user.updated', userJson('user_metrics_1', 2_000));
    const id = 'msg_metrics_1';
    expect((await postWebhook(url, secret, body, { id })).status).toBe(200);
    expect((await postWebhook(url, secret, body, { id })).status).toBe(200);
    expect((await postWebhook(url, secret, clerkEvent('session.created', { id: 'sess_1' }))).status).toBe(200);
    expect((await postWebhook(url, newWebhookSecret(), body)).status).toBe(400);
    const after = await scrape();
    const delta = (outcome: string) =>
      (sample(after, 'clerk_webhook_deliveries_total', { outcome }) ?? 0) -
      (sample(before, 'clerk_webhook_deliveries_total', { outcome }) ?? 0);
    expect([
      delta('applied'),
      delta('duplicate'),
      delta('ignored'),
      delta('rejected'),
      delta('stale'),
      delta('failed'),
    ]).toEqual([1, 1, 1, 1, 0, 0]);
  });
});
