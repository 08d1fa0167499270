/**
 * Next.js calls `register()` once when a server starts, before it serves anything (Next 16:
 * `instrumentation.ts` beside `app/`). Node.js only: the configuration check exits the process,
 * which the Edge runtime cannot.
 *
 * First the configuration: one the app cannot run with stops the server here, naming each bad
 * variable. Then traces, off unless the standard OpenTelemetry variables name an exporter or an
 * endpoint, as on the API; then @vercel/otel (Next's documented set-up) registers the tracer,
 * Next's own spans (the request, the render, its fetches) are exported, and the prefetch's
 * `traceparent` (trpc/server.ts) puts the API's work under the page render in one trace.
 */
export async function register(): Promise<void> {
  if (process.env['NEXT_RUNTIME'] !== 'nodejs') return;
  const { checkConfigAtBoot } = await import('./config/check-config-at-boot');
  await checkConfigAtBoot();
  const { tracingConfigured, WEB_SERVICE_NAME } = await import('./telemetry/tracing-configured');
  if (!tracingConfigured(process.env)) return;
  // Next's own fetch spans name and record the full URL, and tRPC's GET inputs live in query
  // strings: off unless the operator asks for them (NEXT_OTEL_FETCH_DISABLED=0).
  process.env['NEXT_OTEL_FETCH_DISABLED'] ??= '1';
  const { registerOTel } = await import('@vercel/otel');
  registerOTel({
    // OTEL_SERVICE_NAME, the endpoint, protocol (http/protobuf or http/json), headers and sampler come from the environment.
    serviceName: WEB_SERVICE_NAME,
    // No fetch client spans: they record full URLs, and tRPC's GET inputs live in query strings.
    // The prefetch's traceparent (trpc/server.ts) links the API's spans to the render span instead.
    instrumentations: [],
  });
}
