// What the batch operations share: the store, injected time and randomness, the leases, and
// one atomic read-modify-write per batch record (never a whole-map rewrite: D25).
import type { Clock, Random } from '@tgmcp/core';
import type { CanonicalPeer } from '../allowlist/peer.js';
import { ApprovalError, PolicyInputError } from '../errors.js';
import { type JsonValue, type StateStore, withResult } from '../state/types.js';
import { BatchError } from './errors.js';
import { batchPreviewHash } from './preview.js';
import { type BatchRecord, batchKey, parseBatch } from './record.js';

export interface BatchContext {
  store: StateStore;
  clock: Clock;
  random: Random;
  approvalLeaseMs: number;
  runLeaseMs: number;
  /** Throws the policy's refusal (unsafe, disabled, allowlist required but empty), if any. */
  gate(): void;
  allowlist?: { match(peer: CanonicalPeer): Promise<unknown> };
}

const BATCH_ID = /^batch_[A-Za-z0-9_-]{8,32}$/;

export function parseBatchId(id: unknown): string {
  if (typeof id !== 'string' || !BATCH_ID.test(id)) {
    throw new PolicyInputError('batchId', "expected 'batch_' followed by 8-32 URL-safe characters");
  }
  return id;
}

export const notFound = (id: string) =>
  new BatchError('BATCH_NOT_FOUND', `batch '${id}' not found`, { batchId: id });

/** The record of `id` if it exists and belongs to `account` (others' batches do not exist). */
export async function loadBatch(
  ctx: BatchContext,
  id: string,
  account: string,
): Promise<BatchRecord> {
  const key = batchKey(id);
  const r = parseBatch(key, await ctx.store.get(key));
  if (!r || r.account !== account) throw notFound(id);
  return r;
}

export type Mutation<R> = { next?: BatchRecord; result: R };

/**
 * Atomically changes one batch. `fn` gets a private copy of the record and the time read under
 * the lock; it returns the new record (or none to leave it) and a result. Throws BATCH_NOT_FOUND.
 */
export function mutateBatch<R>(
  ctx: BatchContext,
  id: string,
  account: string,
  fn: (r: BatchRecord, now: number) => Mutation<R>,
): Promise<R> {
  const key = batchKey(id);
  return ctx.store.update<JsonValue, R>(key, (raw) => {
    const r = parseBatch(key, raw);
    if (!r || r.account !== account) throw notFound(id);
    const out = fn(r, ctx.clock.now());
    return withResult(out.next, out.result);
  });
}

/** Refuses a run unless a person approved exactly this preview and the approval still holds. */
export function requireApproval(r: BatchRecord, now: number): void {
  const requestId = r.id;
  if (batchPreviewHash(r) !== r.previewHash) {
    throw new ApprovalError(
      'APPROVAL_MISMATCH',
      'the batch no longer matches the preview it was created with; create a new batch',
      { requestId, mismatch: ['payload'] },
    );
  }
  if (r.approval === null) {
    throw new ApprovalError(
      'APPROVAL_NOT_APPROVED',
      r.stopped
        ? 'the batch was stopped after PEER_FLOOD; a person must approve it again to resume'
        : 'the batch is not approved; a person must review its preview and approve it',
      { requestId },
    );
  }
  if (r.approval.previewHash !== r.previewHash) {
    throw new ApprovalError('APPROVAL_MISMATCH', 'the approval was given for another preview', {
      requestId,
      mismatch: ['payload'],
    });
  }
  if (now >= r.approval.until) {
    throw new ApprovalError(
      'APPROVAL_EXPIRED',
      'the batch approval lease has ended; a person must approve it again',
      { requestId },
    );
  }
}
