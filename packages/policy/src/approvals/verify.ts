// The checks an approval must pass before a write (claim) and when it is burnt (consume), in a
// fixed order. Messages name the request, never a code.
import { timingSafeEqual } from 'node:crypto';
import { type ApprovalField, ApprovalError } from '../errors.js';
import type { ApprovalBinding } from './approval-store.js';
import type { ApprovalRecord } from './record.js';

function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The checks shared by claim and consume, in a fixed order; never mentions a code. */
export function verifyApproval(
  r: ApprovalRecord | undefined,
  ref: { requestId: string; digest?: string; holder?: string },
  b: ApprovalBinding,
  now: number,
  { forConsume, minAgeMs }: { forConsume: boolean; minAgeMs: number },
): ApprovalRecord {
  const requestId = ref.requestId;
  if (
    !r ||
    (ref.digest !== undefined && (r.codeDigest === null || !sameDigest(r.codeDigest, ref.digest)))
  ) {
    throw new ApprovalError('APPROVAL_NOT_FOUND', 'approval is invalid or expired', {
      requestId,
    });
  }
  if (r.status === 'used') {
    throw new ApprovalError('APPROVAL_USED', 'this approval was already used; request a new one', {
      requestId,
    });
  }
  if (r.claimToken !== null && r.claimToken !== ref.holder) {
    throw new ApprovalError(
      'APPROVAL_IN_USE',
      'another call is executing this approval now (or stopped while executing it)',
      { requestId },
    );
  }
  // Once the write is committed, expiry no longer matters: the approval must be burnt.
  if (!forConsume && now >= r.expiresAt) {
    throw new ApprovalError('APPROVAL_EXPIRED', 'this approval has expired; request a new one', {
      requestId,
    });
  }
  const mismatch: ApprovalField[] = [];
  if (r.account !== b.account) mismatch.push('account');
  if (r.action !== b.action) mismatch.push('action');
  if (r.target.id !== b.targetId) mismatch.push('target');
  if (r.payloadHash !== b.payloadHash) mismatch.push('payload');
  if (r.forceResend !== (b.forceResend ?? false)) mismatch.push('force_resend');
  if (mismatch.length > 0) {
    throw new ApprovalError(
      'APPROVAL_MISMATCH',
      `this approval was given for a different ${mismatch.join(', ')}; request a new one`,
      { requestId, mismatch },
    );
  }
  const approved = r.status === 'approved' || (ref.digest !== undefined && r.status === 'pending');
  if (!approved) {
    throw new ApprovalError(
      'APPROVAL_NOT_APPROVED',
      r.status === 'rejected'
        ? 'a person rejected this request'
        : 'this request has not been approved yet',
      { requestId },
    );
  }
  const after =
    ref.digest !== undefined && r.codeIssuedAt !== null
      ? Math.max(r.executeAfter, r.codeIssuedAt + minAgeMs)
      : r.executeAfter;
  if (!forConsume && now < after) {
    const retryAfterSec = Math.max(1, Math.ceil((after - now) / 1000));
    throw new ApprovalError(
      'APPROVAL_TOO_FRESH',
      `approval is too fresh; wait ${retryAfterSec}s before executing`,
      { requestId, retryAfterSec },
    );
  }
  return r;
}
