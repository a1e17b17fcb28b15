// Add-member batches (issue 7): the public API, re-exported by the package index.
export { createBatchStore, batchGateRefusal, DEFAULT_MAX_BATCH_GROUPS } from './batch-store.js';
export type {
  BatchStore,
  BatchStoreOptions,
  BatchPolicy,
  CreateBatchInput,
  CreateBatchResult,
  CreateFromReportInput,
  CreateFromReportResult,
  ApproveBatchInput,
} from './batch-store.js';
export { MAX_RUN_ACTIONS, DEFAULT_TRANSIENT_RETRY_SEC } from './run.js';
export type { RunBatchOptions, BatchRunResult, BatchStopReason, BatchProgress } from './run.js';
export { classifyBatchError } from './classify.js';
export type { BatchClassifier, BatchErrorClass, BatchErrorKind } from './classify.js';
export { BatchError } from './errors.js';
export type { BatchErrorCode, BatchErrorDetails } from './errors.js';
export { batchPreviewHash } from './preview.js';
export type { BatchView, BatchGroupView } from './view.js';
export type { BatchStatus, BatchGroupState, BatchCounts, BatchGroupType } from './record.js';
export type { BatchGroupInput, BatchUserInput } from './input.js';
export { DEFAULT_REPORT_MAX_BYTES } from './report.js';
