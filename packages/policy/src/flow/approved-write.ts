// One write tool call from its arguments to its outcome: dry run -> preview and an approval
// request; execute -> the approval the channel obtains (a person asked now, one given out of
// band, or the seed's code) -> the executor's gates -> the settled write. No code ever
// reaches the model.
import type { ApprovalStore } from '../approvals/approval-store.js';
import type { CanonicalPeer } from '../allowlist/peer.js';
import { handleOf } from '../allowlist/peer.js';
import type { ApprovalMode } from '../config/actions-policy.js';
import type { WriteExecutor, WritePreview } from '../executor/write-executor.js';
import type { WriteRequest } from '../gates/write-request.js';
import type { Clock } from '@tgmcp/core';
import type { ApprovalChannel } from './channel.js';
import { type WriteSpec, settledWrite, writeRandomId } from './settled-write.js';

/** A write tool's approval arguments (the seed's, plus request_id), and whose account. */
export interface WriteCall {
  account: string;
  dryRun: boolean;
  confirm: boolean;
  confirmationText: string;
  approvalCode: string;
  requestId?: string;
  forceResend: boolean;
}

export interface WriteCallOptions {
  signal?: AbortSignal;
  /** Called right before the write goes out; throw to stop it (a call deadline that passed). */
  beforeWrite?: () => void;
}

export type WriteOutcome =
  | {
      status: 'preview';
      action: string;
      approvalMode: ApprovalMode;
      preview: WritePreview;
      nextStep: string;
    }
  | {
      status: 'executed' | 'duplicate';
      action: string;
      duplicate: boolean;
      target: CanonicalPeer | undefined;
      /** Null for a duplicate: the original result is shown, no request was used. */
      requestId: string | null;
      payloadHash: string;
      result: Record<string, unknown> | undefined;
      nextStep?: string;
    };

const asRecord = (v: unknown) =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;

export async function runApprovedWrite<T>(
  deps: {
    executor: WriteExecutor;
    approvals: ApprovalStore;
    channel: ApprovalChannel;
    clock: Clock;
  },
  call: WriteCall,
  spec: WriteSpec<T>,
  options: WriteCallOptions = {},
): Promise<WriteOutcome> {
  const { executor, channel } = deps;
  const approval = channel.reference(call);
  // The request this call names, if any: a forced resend gets its own random id per approval.
  const named = call.requestId ?? (typeof approval === 'string' ? approval : undefined);
  const request: WriteRequest = {
    account: call.account,
    action: spec.action,
    target: String(spec.target),
    payload: spec.payload,
    text: spec.text,
    caption: spec.caption,
    summary: spec.summary,
    dryRun: call.dryRun,
    confirm: call.confirm,
    confirmationText: call.confirmationText,
    approval,
    forceResend: call.forceResend,
    firstContact: spec.firstContact,
    actor: 'agent',
  };
  const previewed = (preview: WritePreview, nextStep: string): WriteOutcome => ({
    status: 'preview',
    action: spec.action,
    approvalMode: channel.mode,
    preview,
    nextStep,
  });

  if (call.dryRun) return previewed(await executor.preview(request), channel.help);
  if (!request.approval) {
    const next = await channel.unapproved({
      preview: () => executor.preview({ ...request, dryRun: true }),
      request: (id) => deps.approvals.get(id),
      approve: (id, by) => executor.approve(id, by),
      reject: (id, by) => executor.reject(id, by),
      signal: options.signal,
    });
    if (next.kind === 'preview') return previewed(next.preview, next.nextStep);
    if (next.kind === 'approved') request.approval = next.requestId;
  }
  const randomId = writeRandomId(spec, call.forceResend ? (named ?? '') : '');
  const r = await executor.execute(request, (target) => {
    options.beforeWrite?.();
    return settledWrite(spec, handleOf(target), randomId, deps.clock);
  });
  return {
    status: r.duplicate ? 'duplicate' : 'executed',
    action: spec.action,
    duplicate: r.duplicate,
    target: r.target,
    requestId: r.duplicate ? null : r.requestId,
    payloadHash: r.payloadHash,
    result: asRecord(r.result),
    nextStep: r.duplicate
      ? 'This exact write was already done; the original result is shown. Nothing was sent again.'
      : undefined,
  };
}
