import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';

import { AdmissionGate } from '@stack/nest-trpc';

import { METRICS, type Metrics } from '../metrics/metrics.js';

/** The admission gate's in-flight and waiting calls as gauges, read at each scrape. */
@Injectable()
export class AdmissionMetrics implements OnModuleInit {
  constructor(
    @Inject(METRICS) private readonly metrics: Metrics,
    @Inject(AdmissionGate) private readonly gate: AdmissionGate,
  ) {}

  onModuleInit(): void {
    this.metrics.watchAdmission(this.gate);
  }
}
