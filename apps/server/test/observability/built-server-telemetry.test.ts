import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type ClerkEmulator, startClerkEmulator } from '@stack/clerk-emulator';
import { type BuiltServer, SERVER_MAIN, serverEnv, spawnBuiltServer } from '@stack/test-harness';
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from '@stack/test-kit';
import { startThrowawayPostgres, type ThrowawayPostgres } from '@stack/test-kit/postgres';

import { input, request } from '../support/http.js';
import { PROMETHEUS, type RunningPrometheus, startPrometheus } from '../support/prometheus.js';
import { seed, WEB_ORIGIN } from '../support/start-server.js';

const RULES = fileURLToPath(new URL('../../ops/prometheus/alerts.rules.yml', import.meta.url));
const SERVER_SPAN = 2;
const CLIENT_SPAN = 3;

/** The ids of a span's parent, its parent's parent, … within `spans`. */
const ancestry = (span: ReceivedSpan, spans: ReceivedSpan[]): string[] => {
  const ids: string[] = [];
  for (let id = span.parentSpanId; id; id = spans.find((s) => s.spanId === id)?.parentSpanId ?? '') ids.push(id);
  return ids;
};

const traceparent = (traceId: string, spanId: string) => `00-${traceId}-${spanId}-01`;
const hex = (bytes: number) =>
  [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');

/**
 * `node dist/main.js` as production runs it, on PostgreSQL, with METRICS_PORT and the OTLP
 * exporter (its default protocol, http/protobuf) pointed at receivers on loopback.
 */
describe('the built server with metrics and tracing on', () => {
  let emulator: ClerkEmulator;
  let postgres: ThrowawayPostgres;
  let receiver: OtlpReceiver;
  let server: BuiltServer;
  let url: string;
  let metricsUrl: string;
  let grace: string;

  beforeAll(async () => {
    expect(existsSync(SERVER_MAIN), 'run `pnpm build` first').toBe(true);
    [emulator, postgres, receiver] = await Promise.all([
      startClerkEmulator({ seed }),
      startThrowawayPostgres(),
      startOtlpReceiver(),
    ]);
    // A PostgreSQL of this file's own: its last test stops it.
    server = spawnBuiltServer({
      ...serverEnv(emulator, { mode: 'jwks', authorizedParties: WEB_ORIGIN }),
      DATABASE_URL: postgres.url(),
      METRICS_PORT: '0',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_SERVICE_NAME: 'stack-api-test',
      // Export within 100 ms instead of 5 s, so the test waits for spans, not for a timer.
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
    url = await server.listening();
    metricsUrl = /Metrics on (http:\/\/[^\s"]+)/.exec(server.output())![1]!;
    grace = await emulator.mintSessionToken({
      userId: emulator.users.findByEmail('grace@example.com')!.id,
      azp: WEB_ORIGIN,
    });
  });
  afterAll(async () => {
    await server?.stop();
    // The last test stopped PostgreSQL already.
    await Promise.all([receiver?.close(), emulator?.close(), postgres?.stop().catch(() => {})]);
  });

  const spansOf = async (traceId: string, until: (spans: ReceivedSpan[]) => boolean): Promise<ReceivedSpan[]> => {
    await expect
      .poll(() => until(receiver.spans().filter((s) => s.traceId === traceId)), { timeout: 10_000 })
      .toBe(true);
    return receiver.spans().filter((s) => s.traceId === traceId);
  };

  it('continues the caller’s trace: HTTP span → one span per tRPC call → its SQL and Backend API calls', async () => {
    const traceId = hex(16);
    const callerSpan = hex(8);
    const title = 'traced-note-title-5d1';
    const res = await request(`${url}/trpc/note.create`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${grace}`,
        'content-type': 'application/json',
        traceparent: traceparent(traceId, callerSpan),
      },
      body: JSON.stringify({ title, body: 'traced body' }),
    });
    expect(res.status).toBe(200);
    const spans = await spansOf(
      traceId,
      (all) => all.some((s) => s.kind === SERVER_SPAN) && all.some((s) => s.name === 'trpc note.create'),
    );

    const http = spans.find((s) => s.kind === SERVER_SPAN)!;
    expect(http).toMatchObject({ parentSpanId: callerSpan, name: 'POST /trpc/*' });
    expect(http.attributes).toMatchObject({ 'http.route': '/trpc/*', 'http.response.status_code': 200 });
    expect(http.resource['service.name']).toBe('stack-api-test');

    const call = spans.find((s) => s.name === 'trpc note.create')!;
    expect(call.parentSpanId).toBe(http.spanId);
    expect(call.attributes).toMatchObject({ 'rpc.system': 'trpc', 'rpc.method': 'note.create', 'rpc.trpc.code': 'OK' });
    expect(call.statusCode).toBe(0);

    const statements = spans.filter(
      (s) => s.scope === '@opentelemetry/instrumentation-pg' && s.name.startsWith('pg.query'),
    );
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(statement.parentSpanId).toBe(call.spanId);
      expect(statement.attributes['db.system'] ?? statement.attributes['db.system.name']).toBe('postgresql');
    }
    // The JWKS (first request) and Grace's profile (not mirrored yet) from Clerk, as client spans in this trace.
    const clerkCalls = spans.filter(
      (s) => s.kind === CLIENT_SPAN && String(s.attributes['url.full']).startsWith(emulator.url),
    );
    expect(clerkCalls.map((s) => s.attributes['url.path'])).toEqual(expect.arrayContaining(['/v1/jwks']));
    expect(clerkCalls.some((s) => String(s.attributes['url.path']).startsWith('/v1/users/'))).toBe(true);

    const everything = JSON.stringify(spans);
    for (const secret of [title, 'traced body', grace]) expect(everything).not.toContain(secret);
    // The request line names the trace.
    await expect.poll(() => server.output()).toContain(`"traceId":"${traceId}"`);
  });

  it('one span per call of a batch; a refusal (4xx code) leaves the span OK; the query string never leaves the process', async () => {
    const traceId = hex(16);
    const res = await request(
      `${url}/trpc/profile.me,session.current?batch=1&${input({ 0: { secretish: 'q-5f0' } })}`,
      {
        headers: { traceparent: traceparent(traceId, hex(8)) },
      },
    );
    expect(res.status).toBe(401);
    const spans = await spansOf(
      traceId,
      (all) => all.filter((s) => s.name.startsWith('trpc ')).length === 2 && all.some((s) => s.kind === SERVER_SPAN),
    );
    const http = spans.find((s) => s.kind === SERVER_SPAN)!;
    for (const name of ['trpc profile.me', 'trpc session.current']) {
      const call = spans.find((s) => s.name === name)!;
      expect(call.parentSpanId).toBe(http.spanId);
      expect(call.attributes['rpc.trpc.code']).toBe('UNAUTHORIZED');
      expect(call.statusCode).toBe(0);
    }
    expect(http.attributes['url.path']).toBe('/trpc/profile.me,session.current');
    expect(http.attributes).not.toHaveProperty('url.query');
    expect(JSON.stringify(spans)).not.toContain('q-5f0');
  });

  it('keeps concurrent requests apart: each sampled call’s SQL under its own span, an unsampled request’s nowhere', async () => {
    const sampled = Array.from({ length: 6 }, () => hex(16));
    const unsampled = Array.from({ length: 4 }, () => hex(16));
    const list = (traceId: string, flags: '01' | '00') =>
      request(`${url}/trpc/note.list`, {
        headers: { authorization: `Bearer ${grace}`, traceparent: `00-${traceId}-${hex(8)}-${flags}` },
      });
    // Interleaved, all in flight at once: their statements wait on the pool together.
    const answers = await Promise.all(
      sampled.flatMap((traceId, i) => [
        list(traceId, '01'),
        ...(unsampled[i] === undefined ? [] : [list(unsampled[i], '00')]),
      ]),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));

    for (const traceId of sampled) {
      const spans = await spansOf(
        traceId,
        (all) => all.some((s) => s.name.startsWith('pg.query')) && all.some((s) => s.name === 'trpc note.list'),
      );
      const call = spans.find((s) => s.name === 'trpc note.list')!;
      // The statements, the pool checkout they waited for, and a connection it opened, if any.
      const database = spans.filter((s) => s.scope === '@opentelemetry/instrumentation-pg');
      const statements = database.filter((s) => s.name.startsWith('pg.query'));
      expect(statements.length).toBeGreaterThan(0);
      for (const statement of statements) expect(statement.parentSpanId).toBe(call.spanId);
      for (const span of database) expect(ancestry(span, spans)).toContain(call.spanId);
    }
    const ofBurst = receiver.spans().filter((s) => [...sampled, ...unsampled].includes(s.traceId));
    expect(ofBurst.filter((s) => unsampled.includes(s.traceId))).toEqual([]);
  });

  it('gives REST requests Nest’s handler spans (instrumentation-nestjs-core 0.69.0 is the release that accepts Nest 12)', async () => {
    const traceId = hex(16);
    expect(
      (
        await request(`${url}/api/profile`, {
          headers: { authorization: `Bearer ${grace}`, traceparent: traceparent(traceId, hex(8)) },
        })
      ).status,
    ).toBe(200);
    const spans = await spansOf(traceId, (all) =>
      all.some((s) => s.scope === '@opentelemetry/instrumentation-nestjs-core'),
    );
    const http = spans.find((s) => s.kind === SERVER_SPAN)!;
    expect(http.name).toBe('GET /api/profile');
    const controller = spans.find((s) => s.name === 'ProfileController.me')!;
    expect(controller.parentSpanId).toBe(http.spanId);
  });

  it('is scraped by a real Prometheus: PromQL returns the series, and the alert rules load', async () => {
    expect(existsSync(PROMETHEUS), `${PROMETHEUS} is missing: apt-get install prometheus (.ci/run does)`).toBe(true);
    const prometheus: RunningPrometheus = await startPrometheus(new URL(metricsUrl).host, [RULES]);
    try {
      await expect
        .poll(async () => (await prometheus.query('up{job="stack-api"} == 1')).length, { timeout: 15_000 })
        .toBe(1);
      const created = await prometheus.query(
        'sum(trpc_procedure_duration_seconds_count{job="stack-api", procedure="note.create", type="mutation", code="OK"})',
      );
      expect(Number(created[0]?.value[1])).toBeGreaterThanOrEqual(1);
      const unauthorized = await prometheus.query('trpc_procedure_duration_seconds_count{code="UNAUTHORIZED"}');
      expect(unauthorized.map((r) => r.metric['procedure']).sort()).toEqual(['profile.me', 'session.current']);
      const pool = await prometheus.query('db_pool_connections{job="stack-api"}');
      expect(pool.map((r) => r.metric['state']).sort()).toEqual(['busy', 'idle', 'waiting']);
      expect(await prometheus.query('readiness_ready == 1')).toHaveLength(1);
      expect(await prometheus.query('change_bus_connected == 1')).toHaveLength(1);
      expect(await prometheus.query('nodejs_eventloop_lag_p99_seconds')).toHaveLength(1);
      expect(await prometheus.query('process_cpu_seconds_total + process_resident_memory_bytes > 0')).toHaveLength(1);
      // The shipped rules, every one of them evaluated against this instance without errors.
      const shipped = readFileSync(RULES, 'utf8').match(/^\s*- alert:/gm)?.length ?? 0;
      expect(shipped).toBeGreaterThan(0);
      await expect
        .poll(async () => (await prometheus.rules()).flatMap((g) => g.rules).filter((r) => r.health === 'ok').length, {
          timeout: 10_000,
        })
        .toBe(shipped);
    } finally {
      await prometheus.stop();
    }
  });

  it('marks a 5xx-class code as an error: the database stopped, note.list is SERVICE_UNAVAILABLE', async () => {
    await postgres.stop();
    const traceId = hex(16);
    const res = await request(`${url}/trpc/note.list?${input({})}`, {
      headers: { authorization: `Bearer ${grace}`, traceparent: traceparent(traceId, hex(8)) },
    });
    expect(res.status).toBe(503);
    const spans = await spansOf(traceId, (all) => all.some((s) => s.name === 'trpc note.list'));
    const call = spans.find((s) => s.name === 'trpc note.list')!;
    expect(call.attributes['rpc.trpc.code']).toBe('SERVICE_UNAVAILABLE');
    expect(call.statusCode).toBe(2);
  });
});
