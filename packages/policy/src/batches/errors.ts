// Errors of add-member batches. Approval problems reuse ApprovalError (APPROVAL_NOT_APPROVED,
// APPROVAL_EXPIRED, APPROVAL_MISMATCH) and bad arguments PolicyInputError; these are the rest.

export type BatchErrorCode =
  | 'BATCH_NOT_FOUND'
  | 'BATCH_EXPIRED'
  | 'BATCH_COMPLETED'
  | 'BATCH_BUSY'
  | 'REPORT_NOT_ALLOWED'
  | 'REPORT_NOT_FOUND'
  | 'REPORT_TOO_LARGE'
  | 'REPORT_INVALID'
  | 'REPORT_NO_MATCH';

export interface BatchErrorDetails {
  batchId?: string;
  /** The report field that broke the schema (`items[3].chat_id`), never its content. */
  field?: string;
  /** BATCH_BUSY: when the other run's lease ends (ms since epoch). */
  leaseUntil?: number;
  limitBytes?: number;
  retryAfterSec?: number;
}

export class BatchError extends Error {
  /** Seconds after which the same call may succeed; null when waiting does not help. */
  readonly retryAfterSec: number | null;
  constructor(
    readonly code: BatchErrorCode,
    message: string,
    readonly details: BatchErrorDetails = {},
  ) {
    super(message);
    this.name = 'BatchError';
    this.retryAfterSec = details.retryAfterSec ?? null;
  }
}
