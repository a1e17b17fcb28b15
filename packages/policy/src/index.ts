// @tgmcp/policy: the write policy of tgmcp: configuration and fail-closed check, allowlist on
// canonical peer ids, approvals, idempotency, quotas, gates, the write executor, audit trail.
export {
  loadActionsPolicy,
  DEFAULT_CONFIRMATION_PHRASE,
  DEFAULT_DAILY_ACTION_LIMITS,
} from './config/actions-policy.js';
export type {
  ActionsPolicy,
  ApprovalMode,
  QuotaKind,
  LoadActionsPolicyOptions,
} from './config/actions-policy.js';
export { ConfirmationRule } from './config/confirmation.js';
export type { ConfirmationVerdict } from './config/confirmation.js';
export { SAFETY_FLOORS } from './config/safety.js';
export type { SafetyIssue } from './config/safety.js';
export { describePolicy } from './config/describe.js';
export type { PolicyView } from './config/describe.js';

export {
  PolicyError,
  GateRefusal,
  ApprovalError,
  IdempotencyError,
  QuotaExceededRefusal,
  PolicyConfigError,
  PolicyInputError,
  StateCorruptError,
  StateLockTimeoutError,
  TargetRefusal,
} from './errors.js';
export type {
  PolicyErrorCode,
  GateCode,
  ApprovalCode,
  ApprovalField,
  TargetCode,
} from './errors.js';

export { REMOVE, withResult } from './state/types.js';
export type { StateStore, StateUpdate, UpdateFn, JsonValue } from './state/types.js';
export { memoryStateStore } from './state/memory.js';
export { fileStateStore } from './state/file.js';
export type { FileStateStore, FileStateStoreOptions } from './state/file.js';
export { stateStoreFor } from './state/for-policy.js';
export type { RedisStateClientLike } from './state/redis.js';

export { canonicalJson } from './hash/canonical-json.js';
export { payloadHash, canonicalPeerId } from './hash/payload-hash.js';
export type { PayloadHashInput } from './hash/payload-hash.js';

export { createApprovalStore } from './approvals/approval-store.js';
export type {
  ApprovalStore,
  ApprovalStoreOptions,
  ApprovalPreview,
  ApprovalBinding,
  ApprovalRef,
  ApprovalTicket,
} from './approvals/approval-store.js';
export type { ApprovalView, ApprovalStatus } from './approvals/record.js';
export { decideApproval } from './approvals/decide.js';

export { createIdempotencyStore } from './idempotency/idempotency-store.js';
export type {
  IdempotencyStore,
  IdempotencyStoreOptions,
  IdempotencyClaim,
  IdempotencyRecord,
  IdempotencyState,
} from './idempotency/idempotency-store.js';

export { createActionQuotas, quotaNeeds } from './quotas/action-quotas.js';
export type {
  ActionQuotas,
  ActionQuotasOptions,
  QuotaNeed,
  QuotaReservation,
  PeerType,
} from './quotas/action-quotas.js';

export { createAllowlist } from './allowlist/allowlist.js';
export type { Allowlist, AllowlistOptions, Pin, PinReport } from './allowlist/allowlist.js';
export { repinAuditInput } from './allowlist/repin.js';
export type { RepinEvent } from './allowlist/repin.js';
export { canonicalPeer, handleOf, peerTypeOfId } from './allowlist/peer.js';
export type {
  ResolvedPeer,
  ResolvePeer,
  CanonicalPeer,
  PinnedTarget,
  TargetHandle,
} from './allowlist/peer.js';
export { listPins } from './allowlist/pin-list.js';
export type { PinRow } from './allowlist/pin-list.js';

export { checkWrite } from './gates/check-write.js';
export type { GateDeps, WriteCheck } from './gates/check-write.js';
export type { WriteRequest, WriteAction } from './gates/write-request.js';

export { createWriteExecutor } from './executor/write-executor.js';
export { framed, forbiddenCharacter, inert, inertJson, textFacts } from './display/inert.js';
export {
  approvalScreen,
  batchScreen,
  codeLine,
  codeNotice,
  payloadLines,
} from './display/approval-screen.js';
export type {
  WriteExecutor,
  WriteExecutorOptions,
  WriteCapabilityLike,
  WritePreview,
  ExecuteResult,
  CodeDelivery,
} from './executor/write-executor.js';

export { approvalHelp, DEFAULT_APPROVE_COMMAND } from './flow/channel.js';
export type {
  ApprovalChannel,
  AskPerson,
  UnapprovedWrite,
  UnapprovedOutcome,
  BatchApprovalRequest,
  BatchApprovalOutcome,
} from './flow/channel.js';
export { elicitationChannel } from './flow/elicitation-channel.js';
export { operatorChannel } from './flow/operator-channel.js';
export { seedCodeChannel } from './flow/seed-code-channel.js';
export { approvalChannelFor, approvalModeFor } from './flow/channel-for.js';
export type { ChannelParts } from './flow/channel-for.js';
export {
  writeParams,
  writeOutput,
  writeCallOf,
  writeResultOf,
  writeApprovalHelp,
  writeDescription,
  writeAnnotations,
} from './flow/write-call.js';
export type { WriteResult } from './flow/write-call.js';
export type { WriteCall, WriteCallOptions, WriteOutcome } from './flow/approved-write.js';
export { writeRandomId } from './flow/settled-write.js';
export type { WriteSpec } from './flow/settled-write.js';
export { resolveUser } from './flow/resolve-user.js';
export { sendMessageWrite } from './writes/send-message.js';
export { sendFileWrite } from './writes/send-file.js';
export type { OutboxFileFacts } from './writes/send-file.js';
export { memberChangeWrite, migrateMemberWrite } from './writes/member-change.js';
export type { SendOps, MessageOps, FileOps, MemberOps, PinnedPeerLike } from './writes/ops.js';
export { createAddMemberBatches } from './flow/add-member-batches.js';
export type { AddMemberBatches, AddMemberBatchesOptions } from './flow/add-member-batches.js';
export {
  batchCalls,
  batchParams,
  batchOutput,
  batchCreateOutput,
  batchRunOutput,
  BATCH_WRITE,
} from './flow/batch-call.js';
export type { BatchCalls } from './flow/batch-call.js';
export { policyOutput, policyResultOf } from './flow/policy-call.js';
export { approvalStoreFor, createWriteServices } from './flow/write-services.js';
export type { WriteServices, WriteServicesOptions } from './flow/write-services.js';
export { createOperatorDesk } from './operator/operator-desk.js';
export type { OperatorDesk, FoundBatch } from './operator/operator-desk.js';
export type { OperatorTerminal } from './operator/operator-terminal.js';
export { approveConversation } from './operator/approve-conversation.js';
export type { ApproveOutcome } from './operator/approve-conversation.js';
export {
  showPending,
  showAudit,
  showPolicy,
  showPins,
  forgetPin,
} from './operator/operator-lists.js';

export { createAuditLog, readAudit, auditText, AUDIT_EVENTS } from './audit/audit-log.js';
export type {
  AuditLog,
  AuditEvent,
  AuditEventType,
  AuditInput,
  AuditText,
  ReadAuditOptions,
} from './audit/audit-log.js';

export { systemRandom } from './random.js';
export type { Random } from './random.js';

export {
  createBatchStore,
  batchGateRefusal,
  classifyBatchError,
  batchPreviewHash,
  BatchError,
  DEFAULT_MAX_BATCH_GROUPS,
  DEFAULT_REPORT_MAX_BYTES,
  MAX_RUN_ACTIONS,
  DEFAULT_TRANSIENT_RETRY_SEC,
} from './batches/index.js';
export type {
  BatchStore,
  BatchStoreOptions,
  BatchPolicy,
  CreateBatchInput,
  CreateBatchResult,
  CreateFromReportInput,
  CreateFromReportResult,
  ApproveBatchInput,
  RunBatchOptions,
  BatchRunResult,
  BatchStopReason,
  BatchProgress,
  BatchClassifier,
  BatchErrorClass,
  BatchErrorKind,
  BatchErrorCode,
  BatchErrorDetails,
  BatchView,
  BatchGroupView,
  BatchStatus,
  BatchGroupState,
  BatchCounts,
  BatchGroupType,
  BatchGroupInput,
  BatchUserInput,
} from './batches/index.js';
