import { Global, Module } from '@nestjs/common';

import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ProcedureTelemetry } from '../trpc/procedure-telemetry.js';
import { METRICS, type Metrics, NO_METRICS } from './metrics.js';
import { MetricsListener } from './metrics-listener.js';
import { PrometheusMetrics } from './prometheus-metrics.js';

/**
 * METRICS for everyone who counts something, the per-call tRPC metrics and spans, and the
 * /metrics listener when METRICS_PORT is set.
 */
@Global()
@Module({
  providers: [
    {
      provide: METRICS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): Metrics => (config.metrics ? new PrometheusMetrics() : NO_METRICS),
    },
    MetricsListener,
    ProcedureTelemetry,
  ],
  exports: [METRICS, ProcedureTelemetry],
})
export class MetricsModule {}
