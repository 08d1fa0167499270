/**
 * OpenTelemetry, before anything it traces is loaded. `dist/main.js` imports this module first
 * and the server only afterwards; `node --import ./dist/telemetry.js dist/main.js` is the same.
 * With no tracing variables set (the default) it loads none of the SDK.
 */
import { ConfigError } from './config/config-error.js';
import type { Tracing } from './telemetry/start-tracing.js';
import { loadTracingConfig } from './telemetry/tracing-config.js';

async function startIfConfigured(): Promise<Tracing | null> {
  let config;
  try {
    config = loadTracingConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  if (!config) return null;
  const { startTracing } = await import('./telemetry/start-tracing.js');
  return startTracing(config);
}

/** Null when tracing is off. */
export const tracing: Tracing | null = await startIfConfigured();
