// The policy parts a write server runs on, wired once per account: approvals, audit trail,
// pinned allowlist, quotas, idempotency, batches and the executor with its approval channel.
import path from 'node:path';
import type { Clock, Random } from '@tgmcp/core';
import { type RateLimitStore, fileStore } from '@tgmcp/ratelimit';
import { type Allowlist, createAllowlist } from '../allowlist/allowlist.js';
import type { ResolvePeer, TargetHandle } from '../allowlist/peer.js';
import { repinAuditInput } from '../allowlist/repin.js';
import { type ApprovalStore, createApprovalStore } from '../approvals/approval-store.js';
import { type AuditLog, createAuditLog } from '../audit/audit-log.js';
import { type BatchStore, createBatchStore } from '../batches/batch-store.js';
import type { ActionsPolicy, ApprovalMode } from '../config/actions-policy.js';
import {
  type WriteCapabilityLike,
  type WriteExecutor,
  createWriteExecutor,
} from '../executor/write-executor.js';
import { createIdempotencyStore } from '../idempotency/idempotency-store.js';
import { type ActionQuotas, createActionQuotas } from '../quotas/action-quotas.js';
import type { StateStore } from '../state/types.js';
import { type AddMemberBatches, createAddMemberBatches } from './add-member-batches.js';
import type { ApprovalChannel } from './channel.js';

export interface WriteServicesOptions {
  policy: ActionsPolicy;
  /** Approvals, idempotency, pins, batches. */
  state: StateStore;
  /** Quota counters; default a file store under the data dir, shared by every process. */
  quotaStore?: RateLimitStore;
  /** The account's canonical id. */
  account: string;
  /** Resolves a reference to the peer it names now, with its access hash (pinned). */
  resolve: ResolvePeer;
  writeCapability: WriteCapabilityLike;
  channel: ApprovalChannel;
  isMember: (groupId: string, userId: string) => Promise<boolean>;
  addMember: (group: TargetHandle, user: TargetHandle) => Promise<unknown>;
  /** One line for the operator's log. */
  warn?: (line: string) => void;
  clock?: Clock;
  random?: Random;
}

export interface WriteServices {
  executor: WriteExecutor;
  approvals: ApprovalStore;
  audit: AuditLog;
  allowlist: Allowlist;
  quotas: ActionQuotas;
  batchStore: BatchStore;
  batches: AddMemberBatches;
}

/**
 * The approvals of a data dir. The minimum age guards seed mode's model-relayed code only: a
 * person who approved in their client (elicit) or terminal (operator) has decided.
 */
export function approvalStoreFor(
  policy: ActionsPolicy,
  state: StateStore,
  mode: ApprovalMode | undefined,
  inject: { clock?: Clock; random?: Random } = {},
): ApprovalStore {
  return createApprovalStore({
    store: state,
    ttlSec: policy.approvalTtlSec,
    minAgeSec: mode === 'seed' ? policy.approvalMinAgeSec : 0,
    ...inject,
  });
}

export async function createWriteServices(o: WriteServicesOptions): Promise<WriteServices> {
  const { policy, state, account, resolve, channel, clock, random } = o;
  const approvals = approvalStoreFor(policy, state, channel.mode, { clock, random });
  const audit = createAuditLog({ file: policy.auditFile, clock });
  const allowlist = createAllowlist({
    entries: policy.allowedTargets,
    resolve,
    account,
    store: state,
    clock,
    // A missing pin resolved again is recorded in the audit trail (issue 16 item 15).
    onRepin: async (event) => {
      await audit.append(repinAuditInput(account, event));
    },
  });
  const quotas = createActionQuotas({
    store: o.quotaStore ?? fileStore({ dir: path.join(policy.dataDir, 'state', 'quotas') }),
    limits: policy.dailyLimits,
    account,
    clock,
  });
  const batchStore = createBatchStore({ store: state, policy, allowlist, clock, random });
  // Expired and long-completed batches are pruned at start (TTL).
  await batchStore
    .prune()
    .catch((err: unknown) => o.warn?.(`batch pruning failed: ${(err as Error).message}`));
  const executor = createWriteExecutor({
    policy,
    allowlist,
    resolve,
    approvals,
    idempotency: createIdempotencyStore({
      store: state,
      enabled: policy.idempotencyEnabled,
      windowSec: policy.idempotencyWindowSec,
      leaseSec: policy.idempotencyLeaseSec,
      clock,
      random,
    }),
    quotas,
    audit,
    writeCapability: o.writeCapability,
    channel,
    clock,
    random,
  });
  const batches = createAddMemberBatches({
    account,
    store: batchStore,
    executor,
    channel,
    approvals,
    policy,
    resolve,
    isMember: o.isMember,
    addMember: o.addMember,
    warn: o.warn,
  });
  return { executor, approvals, audit, allowlist, quotas, batchStore, batches };
}
