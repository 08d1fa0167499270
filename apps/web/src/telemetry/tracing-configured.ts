/** `service.name` of the web app's spans unless OTEL_SERVICE_NAME says otherwise. */
export const WEB_SERVICE_NAME = 'stack-web';

/**
 * The API's rule (apps/server/src/telemetry/tracing-config.ts): tracing is on when an exporter or
 * an OTLP endpoint is named, and neither `OTEL_SDK_DISABLED=true` nor `OTEL_TRACES_EXPORTER=none` is set.
 */
export function tracingConfigured(env: Record<string, string | undefined>): boolean {
  if (env['OTEL_SDK_DISABLED'] === 'true' || env['OTEL_TRACES_EXPORTER'] === 'none') return false;
  return Boolean(
    env['OTEL_TRACES_EXPORTER'] || env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] || env['OTEL_EXPORTER_OTLP_ENDPOINT'],
  );
}
