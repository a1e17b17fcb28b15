// How a person approves writes: the approval channel the executor is given. Three exist:
// elicitation (the MCP client asks its user), operator (a person approves out of band, in a
// terminal) and seed code (a one-time code only the operator sees, relayed by the model).
import type { ApprovalRef, ApprovalStore } from '../approvals/approval-store.js';
import type { ApprovalView } from '../approvals/record.js';
import type { BatchView } from '../batches/view.js';
import type { ApprovalMode } from '../config/actions-policy.js';
import type { ConfirmationRule } from '../config/confirmation.js';
import type { WritePreview } from '../executor/write-executor.js';

/**
 * Asks the person now and resolves true only for an explicit approval (the MCP layer's
 * elicitation). `detail` describes the approve switch.
 */
export type AskPerson = (
  question: { message: string; detail?: string },
  signal?: AbortSignal,
) => Promise<boolean>;

/** An execute that names no approval: what a channel may do about it. */
export interface UnapprovedWrite {
  /** Makes the approval request: a dry run through every gate. */
  preview(): Promise<WritePreview>;
  /** The stored request, as a person reviews it. */
  request(requestId: string): Promise<ApprovalView | undefined>;
  /** A person's decision, recorded in the audit trail. */
  approve(requestId: string, approver: string): Promise<unknown>;
  reject(requestId: string, approver: string): Promise<unknown>;
  signal?: AbortSignal;
}

export type UnapprovedOutcome =
  /** A person approved it just now: execute with this request. */
  | { kind: 'approved'; requestId: string }
  /** Nothing is written: the preview goes back with what has to happen first. */
  | { kind: 'preview'; preview: WritePreview; nextStep: string }
  /** Go on to the gates, which refuse a write without an approval. */
  | { kind: 'gates' };

/** A request to approve a whole add-member batch (tg_approve_batch). */
export interface BatchApprovalRequest {
  batch: BatchView;
  account: string;
  approvalCode: string;
  confirmationText: string;
  approvals: ApprovalStore;
  confirmation: ConfirmationRule;
  signal?: AbortSignal;
}

export type BatchApprovalOutcome =
  | { approvedBy: string }
  /** Not approved yet: what the model does next. */
  | { waiting: string };

export interface ApprovalChannel {
  readonly mode: ApprovalMode;
  /** How a write gets approved in this mode, as the model is told. */
  readonly help: string;
  /** The approval a call's arguments name in this mode: a request id, or seed mode's code. */
  reference(given: { requestId?: string; approvalCode: string }): ApprovalRef | undefined;
  unapproved(write: UnapprovedWrite): Promise<UnapprovedOutcome>;
  /** What the model is told to do after creating a batch. */
  batchNextStep(batchId: string): string;
  approveBatch(request: BatchApprovalRequest): Promise<BatchApprovalOutcome>;
  /**
   * Seed mode: hands a one-time code to the operator (stderr, a terminal), never the model,
   * with a line saying what it approves.
   */
  deliverCode?(code: string, about: string): void;
}

export const DEFAULT_APPROVE_COMMAND = 'tgmcp-actions approve';

/** What a model is told about approvals in `mode` (tool descriptions, previews, the policy tool). */
export function approvalHelp(mode: string, approveCommand = DEFAULT_APPROVE_COMMAND): string {
  if (mode === 'elicit')
    return 'Approval: executing (dry_run=false, confirm=true) shows the person the exact preview in their client and asks them; you never handle a code.';
  if (mode === 'seed')
    return 'Approval (seed mode): a dry run sends a one-time code to the operator, who gives it to you if they approve; pass it as approval_code with the confirmation_text they give you.';
  return `Approval: a dry run returns a request_id; a person approves it out of band with \`${approveCommand} <request_id>\`; then call again with dry_run=false, confirm=true and request_id.`;
}
