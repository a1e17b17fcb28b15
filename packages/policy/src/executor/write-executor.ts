// Runs one write under the policy: gates -> approval claim -> idempotency claim -> quota
// reserve -> writeCapability.run(fn). On success the idempotency record is completed, the
// approval consumed and the audit written; on failure the quota is refunded, the claim marked
// failed (or in doubt) and the approval stays usable (D8, D9, D10).
import { type Clock, type Random, systemClock, systemRandom, token } from '@tgmcp/core';
import type { Allowlist } from '../allowlist/allowlist.js';
import type { CanonicalPeer, PinnedTarget, ResolvePeer } from '../allowlist/peer.js';
import type { ApprovalStore } from '../approvals/approval-store.js';
import type { ApprovalView } from '../approvals/record.js';
import { decideApproval } from '../approvals/decide.js';
import { type AuditInput, type AuditLog, auditText } from '../audit/audit-log.js';
import type { ActionsPolicy, ApprovalMode } from '../config/actions-policy.js';
import { codeLine } from '../display/approval-screen.js';
import { PolicyError } from '../errors.js';
import { checkWrite, runningNow, type WriteCheck } from '../gates/check-write.js';
import type { WriteRequest } from '../gates/write-request.js';
import type { IdempotencyStore } from '../idempotency/idempotency-store.js';
import type { ActionQuotas, QuotaReservation } from '../quotas/action-quotas.js';
import type { ApprovalChannel } from '../flow/channel.js';
import {
  type WriteCall,
  type WriteCallOptions,
  type WriteOutcome,
  runApprovedWrite,
} from '../flow/approved-write.js';
import type { WriteSpec } from '../flow/settled-write.js';

/** Structural: `tg.writeCapability` of @tgmcp/telegram's actions role. */
export interface WriteCapabilityLike {
  run<T>(fn: () => Promise<T>): Promise<T>;
}

export interface CodeDelivery {
  requestId: string;
  /** What the code approves, for the operator's line (render it with `codeLine`). */
  action: string;
  target: CanonicalPeer;
  payload: Record<string, unknown>;
  payloadHash: string;
  summary: string;
  expiresAt: number;
  executeAfter: number;
}

export interface WriteExecutorOptions {
  policy: ActionsPolicy;
  allowlist: Allowlist;
  resolve: ResolvePeer;
  approvals: ApprovalStore;
  idempotency: IdempotencyStore;
  quotas: ActionQuotas;
  audit: AuditLog;
  writeCapability: WriteCapabilityLike;
  clock?: Clock;
  random?: Random;
  /**
   * How a person approves (elicitation, operator, seed code): sets the approval mode, delivers
   * seed codes (with a `codeLine`), and is what `write` asks when a call names no approval.
   */
  channel?: ApprovalChannel;
  /** Without a channel: overrides TG_ACTIONS_APPROVAL_MODE. Default operator. */
  approvalMode?: ApprovalMode;
  /**
   * Seed mode: receives each approval code for the operator channel (stderr, a terminal),
   * never the tool result. Required in seed mode unless the channel delivers codes.
   */
  deliverCode?: (code: string, info: CodeDelivery) => void;
  /**
   * Failures after which the write may have happened anyway. Default: code REQUEST_TIMEOUT or
   * CONNECTION_INTERRUPTED, or an error marked `inDoubt: true`.
   */
  isAmbiguous?: (err: unknown) => boolean;
  /** Characters of a message kept in the audit trail beside its hash. Default 80; 0 = none. */
  auditTextChars?: number;
}

export interface WritePreview {
  dryRun: true;
  /** Null when approvals are off (TG_ACTIONS_REQUIRE_APPROVAL_CODE=0 with the override). */
  requestId: string | null;
  expiresAt: number | null;
  executeAfter: number | null;
  approvalMode: ApprovalMode | null;
  /** Seed mode: a code went to the operator channel (the code itself is never here). */
  codeSentToOperator: boolean;
  payloadHash: string;
  target: CanonicalPeer;
  summary: string;
}

export type ExecuteResult<T> =
  | {
      duplicate: false;
      result: T;
      payloadHash: string;
      target: CanonicalPeer;
      requestId: string | null;
      /** Bookkeeping after the committed write that failed (the write itself succeeded). */
      warnings: string[];
    }
  | {
      duplicate: true;
      /** The original result, as stored (JSON). */
      result: unknown;
      completedAt: number;
      payloadHash: string;
      target: CanonicalPeer | undefined;
    };

export interface WriteExecutor {
  readonly approvalMode: ApprovalMode;
  check(request: WriteRequest): Promise<WriteCheck>;
  /** Dry run: gates, then an approval request (and a code to the operator in seed mode). */
  preview(request: WriteRequest): Promise<WritePreview>;
  /**
   * Throws the first refusal (a PolicyError), or the write's own error. `fn` gets the target the
   * gates checked (and the approval was bound to), with its access hash: write to that, never
   * resolve the request's reference again.
   */
  execute<T>(
    request: WriteRequest,
    fn: (target: PinnedTarget) => Promise<T>,
  ): Promise<ExecuteResult<T>>;
  /** A person's decision, recorded in the audit trail (for the operator CLI and elicitation). */
  approve(requestId: string, approver: string): Promise<ApprovalView>;
  reject(requestId: string, approver: string): Promise<ApprovalView>;
  /**
   * A write tool's call from its arguments to its outcome, approved through the channel:
   * dry run -> preview; execute -> the channel's approval -> `execute` -> the settled write.
   * Needs `channel`.
   */
  write<T>(call: WriteCall, spec: WriteSpec<T>, options?: WriteCallOptions): Promise<WriteOutcome>;
}

const AMBIGUOUS = new Set(['REQUEST_TIMEOUT', 'CONNECTION_INTERRUPTED']);
const defaultAmbiguous = (err: unknown) => {
  if (typeof err !== 'object' || err === null) return false;
  const { code, inDoubt } = err as { code?: unknown; inDoubt?: unknown };
  return inDoubt === true || (typeof code === 'string' && AMBIGUOUS.has(code));
};

function errorInfo(err: unknown): { code: string; message: string } {
  if (err instanceof Error) {
    // Telegram's RPC errors carry their name (CHAT_ADMIN_REQUIRED) in errorMessage, a number in code.
    const { code, errorMessage } = err as { code?: unknown; errorMessage?: unknown };
    const name =
      typeof code === 'string'
        ? code
        : typeof errorMessage === 'string' && /^[A-Z0-9_]+$/.test(errorMessage)
          ? errorMessage
          : err.name;
    return { code: name, message: err.message };
  }
  return { code: 'UNKNOWN', message: String(err) };
}

export function createWriteExecutor(options: WriteExecutorOptions): WriteExecutor {
  const { policy, approvals, idempotency, quotas, audit, writeCapability } = options;
  const clock = options.clock ?? systemClock;
  const random = options.random ?? systemRandom;
  const { channel } = options;
  const approvalMode = channel?.mode ?? options.approvalMode ?? policy.approvalMode ?? 'operator';
  const deliverCode =
    options.deliverCode ??
    (channel?.deliverCode
      ? (code: string, info: CodeDelivery) => channel.deliverCode?.(code, codeLine(info))
      : undefined);
  if (approvalMode === 'seed' && !deliverCode) {
    throw new TypeError(
      'createWriteExecutor: seed approval mode needs deliverCode (the operator channel)',
    );
  }
  const isAmbiguous = options.isAmbiguous ?? defaultAmbiguous;
  const textChars = options.auditTextChars ?? 80;
  const deps = { ...options, clock, approvalMode };

  const base = (request: WriteRequest, target?: CanonicalPeer, hash?: string) => {
    const text = request.text ?? request.caption;
    const entry: Omit<AuditInput, 'event'> = {
      actor: request.actor ?? 'agent',
      account: request.account,
      action: request.action,
    };
    if (target) entry.target = target;
    if (hash) entry.payload_hash = hash;
    if (text !== undefined && textChars >= 0) entry.text = auditText(text.trim(), textChars);
    if (request.forceResend) entry.force_resend = true;
    if (request.batch) entry.request_id = request.batch.id;
    else if (typeof request.approval === 'string') entry.request_id = request.approval;
    else if (request.approval && 'requestId' in request.approval)
      entry.request_id = request.approval.requestId;
    return entry;
  };
  const summaryOf = (request: WriteRequest, target: CanonicalPeer) => {
    if (request.summary) return request.summary;
    const where = `${target.title ? `${target.title} ` : ''}(${target.id}, ${target.type})`;
    const text = request.text ?? request.caption;
    return text !== undefined
      ? `${request.action} to ${where}: ${text.trim().length} chars`
      : `${request.action} on ${where}`;
  };

  async function refuse(
    request: WriteRequest,
    check: Extract<WriteCheck, { ok: false }>,
  ): Promise<never> {
    await audit.append({
      ...base(request, check.target, check.payloadHash),
      event: 'refused',
      error_code: check.error.code,
      error: check.error.message,
    });
    throw check.error;
  }

  const executor: WriteExecutor = {
    approvalMode,
    check: (request) => checkWrite(request, deps),

    async preview(request) {
      const check = await checkWrite({ ...request, dryRun: true }, deps);
      if (!check.ok) return refuse(request, check);
      const summary = summaryOf(request, check.target);
      let ticket: { requestId: string; expiresAt: number; executeAfter: number } | null = null;
      let codeSent = false;
      if (policy.requireApproval || request.forceResend) {
        ticket = await approvals.request({
          account: request.account,
          action: request.action,
          target: check.target,
          payload: request.payload,
          payloadHash: check.payloadHash,
          summary,
          forceResend: request.forceResend ?? false,
        });
        if (approvalMode === 'seed') {
          await approvals.issueCode(ticket.requestId, (code, t) =>
            deliverCode!(code, {
              requestId: t.requestId,
              action: request.action,
              target: check.target,
              payload: request.payload,
              payloadHash: check.payloadHash,
              summary,
              expiresAt: t.expiresAt,
              executeAfter: t.executeAfter,
            }),
          );
          codeSent = true;
        }
      }
      await audit.append({
        ...base(request, check.target, check.payloadHash),
        event: 'preview',
        ...(ticket ? { request_id: ticket.requestId } : {}),
      });
      return {
        dryRun: true,
        requestId: ticket?.requestId ?? null,
        expiresAt: ticket?.expiresAt ?? null,
        executeAfter: ticket?.executeAfter ?? null,
        approvalMode: ticket ? approvalMode : null,
        codeSentToOperator: codeSent,
        payloadHash: check.payloadHash,
        target: check.target,
        summary,
      };
    },

    async execute<T>(
      request: WriteRequest,
      fn: (target: PinnedTarget) => Promise<T>,
    ): Promise<ExecuteResult<T>> {
      const req = { ...request, dryRun: false };
      const check = await checkWrite(req, deps);
      if (!check.ok) {
        if (check.original && check.payloadHash) {
          await audit.append({
            ...base(req, check.target, check.payloadHash),
            event: 'duplicate',
            duplicate: true,
          });
          return {
            duplicate: true,
            result: check.original.result,
            completedAt: check.original.completedAt,
            payloadHash: check.payloadHash,
            target: check.target,
          };
        }
        return refuse(req, check);
      }
      const { target, payloadHash: hash } = check;
      const entry = base(req, target, hash);
      const binding = {
        account: req.account,
        action: req.action,
        targetId: target.id,
        payloadHash: hash,
        forceResend: req.forceResend ?? false,
      };

      // The approval is held by this call alone from here to the commit: a second call with it
      // (even a force_resend, which the idempotency record does not stop) is refused.
      const approvalRef = check.approval && req.approval !== undefined ? req.approval : undefined;
      const holder = token(random, 12);
      if (approvalRef !== undefined) {
        try {
          await approvals.reserve(approvalRef, binding, holder);
        } catch (err) {
          if (err instanceof PolicyError && err.code === 'APPROVAL_IN_USE')
            return refuse(req, { ok: false, error: runningNow(hash), target, payloadHash: hash });
          if (err instanceof PolicyError)
            return refuse(req, { ok: false, error: err, target, payloadHash: hash });
          throw err;
        }
      }
      const release = async () => {
        if (approvalRef !== undefined) await approvals.release(approvalRef, holder);
      };

      let claim;
      try {
        // A batch member is deduplicated by the batch's own record (in_flight, then checked by
        // membership after a crash): no idempotency claim of its own.
        claim =
          req.batch !== undefined
            ? ({ kind: 'claimed', token: holder, tracked: false } as const)
            : await idempotency.claim(hash, { force: req.forceResend ?? false });
      } catch (err) {
        await release();
        if (err instanceof PolicyError)
          return refuse(req, { ok: false, error: err, target, payloadHash: hash });
        throw err;
      }
      if (claim.kind === 'duplicate') {
        await release();
        await audit.append({ ...entry, event: 'duplicate', duplicate: true });
        return {
          duplicate: true,
          result: claim.result,
          completedAt: claim.completedAt,
          payloadHash: hash,
          target,
        };
      }

      let reservation: QuotaReservation;
      try {
        reservation = await quotas.reserve(check.quota);
      } catch (err) {
        if (req.batch === undefined) await idempotency.fail(hash, claim.token, errorInfo(err));
        await release();
        if (err instanceof PolicyError)
          return refuse(req, { ok: false, error: err, target, payloadHash: hash });
        throw err;
      }

      let result: T;
      try {
        const pinned = check.pinned;
        result = await writeCapability.run(() => fn(pinned));
      } catch (err) {
        const info = errorInfo(err);
        const inDoubt = isAmbiguous(err);
        // The write did not happen (or may have): give the units back only when it surely did not.
        if (!inDoubt) await reservation.refund();
        if (req.batch === undefined) await idempotency.fail(hash, claim.token, info, inDoubt);
        // A write that may have happened burns its approval; one that surely did not gives it back.
        // If burning fails the approval stays held by this call, which blocks it just the same.
        if (inDoubt && approvalRef !== undefined)
          await approvals.consume(approvalRef, binding, holder).catch(() => undefined);
        else await release();
        await audit.append({
          ...entry,
          event: inDoubt ? 'in_doubt' : 'failed',
          error_code: info.code,
          error: info.message,
          quota: check.quota.map((q) => q.kind),
        });
        throw err;
      }

      // Committed. Bookkeeping failures from here on are reported, never turned into a failure.
      const warnings: string[] = [];
      try {
        if (req.batch === undefined) await idempotency.complete(hash, claim.token, result);
      } catch (err) {
        warnings.push(`idempotency record not saved: ${errorInfo(err).message}`);
      }
      if (approvalRef !== undefined) {
        try {
          await approvals.consume(approvalRef, binding, holder);
        } catch (err) {
          warnings.push(`approval not marked used: ${errorInfo(err).code}`);
        }
      }
      try {
        await audit.append({
          ...entry,
          event: 'executed',
          ...(check.approval ? { request_id: check.approval.requestId } : {}),
          quota: check.quota.map((q) => q.kind),
          result: smallResult(result),
        });
      } catch (err) {
        warnings.push(`audit not written: ${errorInfo(err).message}`);
      }
      return {
        duplicate: false,
        result,
        payloadHash: hash,
        target,
        requestId: check.approval?.requestId ?? null,
        warnings,
      };
    },

    approve: (requestId, approver) => decideApproval(options, requestId, approver, true),
    reject: (requestId, approver) => decideApproval(options, requestId, approver, false),

    write(call, spec, opts) {
      if (!channel) throw new TypeError('WriteExecutor.write needs an approval channel');
      return runApprovedWrite({ executor, approvals, channel, clock }, call, spec, opts);
    },
  };
  return executor;
}

/** Keeps ids and small scalars of a result for the audit trail, never long texts. */
function smallResult(result: unknown): unknown {
  if (typeof result !== 'object' || result === null || Array.isArray(result)) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(result)) {
    if (
      typeof v === 'number' ||
      typeof v === 'boolean' ||
      (typeof v === 'string' && v.length <= 64)
    )
      out[k] = v;
  }
  return out;
}
