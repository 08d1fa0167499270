export { AdmissionGate } from './admission/admission-gate.js';
export {
  type AdmissionOptions,
  type AdmissionProcedure,
  DEFAULT_MAX_QUEUE_MS,
  DEFAULT_MAX_QUEUED,
  DEFAULT_RETRY_AFTER_SECONDS,
  type ShedReason,
} from './admission/admission-options.js';
export type { ProcedureCall } from './procedure-calls.js';
export { TrpcModule, type TrpcModuleAsyncOptions, type TrpcModuleSyncOptions } from './trpc.module.js';
export {
  DEFAULT_MAX_BATCH_SIZE,
  DEFAULT_MAX_BODY_SIZE,
  TRPC_CONTEXT_FACTORY,
  TRPC_MODULE_OPTIONS,
  type TrpcBeforeHandle,
  type TrpcContextFactory,
  type TrpcContextOptions,
  type TrpcModuleOptions,
  type TrpcSseOptions,
} from './trpc-module-options.js';
export { createTrpcRequestHandler } from './trpc-request-handler.js';
