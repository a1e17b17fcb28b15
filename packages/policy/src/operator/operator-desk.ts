// What an operator does with the state files alone, no Telegram connection: look at a request
// or a batch, approve or reject it (audited), list what waits, list and forget allowlist pins.
// The terminal side (screens, prompts, paging) is the CLI's.
import type { Clock } from '@tgmcp/core';
import { createAllowlist } from '../allowlist/allowlist.js';
import { type PinRow, listPins } from '../allowlist/pin-list.js';
import { decideApproval } from '../approvals/decide.js';
import type { ApprovalView } from '../approvals/record.js';
import { createAuditLog } from '../audit/audit-log.js';
import { createBatchStore } from '../batches/batch-store.js';
import { batchKey } from '../batches/record.js';
import type { BatchView } from '../batches/view.js';
import type { ActionsPolicy } from '../config/actions-policy.js';
import { approvalStoreFor } from '../flow/write-services.js';
import type { StateStore } from '../state/types.js';

export interface FoundBatch {
  account: string;
  view: BatchView;
}

export interface OperatorDesk {
  request(requestId: string): Promise<ApprovalView | undefined>;
  decide(requestId: string, approve: boolean, approver: string): Promise<ApprovalView>;
  /** Requests awaiting a decision, oldest first. */
  pending(): Promise<ApprovalView[]>;
  /** A batch of any account of this data dir. */
  batch(batchId: string): Promise<FoundBatch | undefined>;
  /** Approves the batch as `found` shows it (its preview hash), audited. */
  approveBatch(found: FoundBatch, approver: string): Promise<void>;
  pins(): Promise<PinRow[]>;
  /** Forgets the entry's pins (every account), audited; returns the rows it forgot. */
  unpin(entry: string, actor: string): Promise<PinRow[]>;
}

export function createOperatorDesk(o: {
  policy: ActionsPolicy;
  state: StateStore;
  clock?: Clock;
}): OperatorDesk {
  const { policy, state, clock } = o;
  // As the server: only seed mode's codes wait (the CLI never checks the age itself).
  const approvals = approvalStoreFor(policy, state, policy.approvalMode, { clock });
  const audit = createAuditLog({ file: policy.auditFile, clock });
  const batches = () => createBatchStore({ store: state, policy, clock });
  return {
    request: (requestId) => approvals.get(requestId),
    decide: (requestId, approve, approver) =>
      decideApproval({ approvals, audit }, requestId, approver, approve),
    pending: () => approvals.pending(),

    async batch(batchId) {
      const raw = await state.get<{ account?: string }>(batchKey(batchId));
      if (!raw?.account) return undefined;
      return { account: raw.account, view: await batches().status(batchId, raw.account) };
    },
    async approveBatch({ account, view }, approver) {
      await batches().approve({
        batchId: view.id,
        account,
        previewHash: view.previewHash,
        approvedBy: approver,
      });
      await audit.append({
        event: 'approved',
        actor: approver,
        account,
        action: 'add_member_batch',
        request_id: view.id,
      });
    },

    pins: () => listPins(state),
    async unpin(entry, actor) {
      const matching = (await listPins(state)).filter((r) => r.entry === entry);
      const resolve = () => Promise.reject(new Error('not resolved by the operator CLI'));
      for (const r of matching) {
        await createAllowlist({
          entries: [entry],
          resolve,
          account: r.account,
          store: state,
          clock,
        }).unpin(entry);
        await audit.append({
          event: 'unpin',
          actor,
          account: r.account,
          action: 'allowlist_pin',
          result: { entry, previous_id: r.pinned ?? r.first },
        });
      }
      return matching;
    },
  };
}
