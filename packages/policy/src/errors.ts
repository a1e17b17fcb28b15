// Typed errors of @tgmcp/policy: every refusal has a stable `code` and structured fields, and no
// message ever carries an approval code or the confirmation phrase.
import { ConfigError } from '@tgmcp/core';

export type GateCode =
  | 'ACTIONS_UNSAFE_POLICY'
  | 'ACTIONS_DISABLED'
  | 'ALLOWLIST_EMPTY'
  | 'NOT_ALLOWLISTED'
  | 'TARGET_UNRESOLVED'
  | 'CONFIRM_REQUIRED'
  | 'CONFIRMATION_TEXT_INVALID'
  | 'MESSAGE_EMPTY'
  | 'MESSAGE_TOO_LONG';

export type ApprovalCode =
  | 'APPROVAL_REQUIRED'
  | 'APPROVAL_NOT_FOUND'
  | 'APPROVAL_EXPIRED'
  | 'APPROVAL_TOO_FRESH'
  | 'APPROVAL_MISMATCH'
  | 'APPROVAL_NOT_APPROVED'
  | 'APPROVAL_USED'
  | 'APPROVAL_IN_USE'
  | 'APPROVAL_DECLINED'
  | 'APPROVAL_UNAVAILABLE';

/** A user or a group was named where the other kind is needed, or none was usable. */
export type TargetCode = 'NOT_A_USER' | 'NOT_A_GROUP' | 'NO_GROUPS' | 'SAME_USER';

export type PolicyErrorCode =
  | GateCode
  | ApprovalCode
  | TargetCode
  | 'DUPLICATE'
  | 'IN_DOUBT'
  | 'QUOTA_EXCEEDED'
  | 'INVALID_CONFIG'
  | 'INVALID_INPUT'
  | 'STATE_CORRUPT'
  | 'STATE_LOCK_TIMEOUT';

export abstract class PolicyError extends Error {
  abstract readonly code: PolicyErrorCode;
  /** Seconds after which the same call may succeed; null when waiting does not help. */
  readonly retryAfterSec: number | null = null;
}

/**
 * A gate of section 6.2 refused the write. `variable` names the setting involved, if any;
 * `field` the tool argument at fault, when the refusal is about one.
 */
export class GateRefusal extends PolicyError {
  readonly field?: string;
  constructor(
    readonly code: GateCode,
    message: string,
    readonly details: {
      variable?: string;
      issues?: string[];
      limit?: number;
      length?: number;
      field?: string;
    } = {},
  ) {
    super(message);
    this.name = 'GateRefusal';
    if (details.field !== undefined) this.field = details.field;
  }
}

/** The peer an argument names is of the wrong kind (a chat for a user...); `field` names it. */
export class TargetRefusal extends PolicyError {
  constructor(
    readonly code: TargetCode,
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'TargetRefusal';
  }
}

export type ApprovalField = 'account' | 'action' | 'target' | 'payload' | 'force_resend';

/** The approval presented does not allow this write. */
export class ApprovalError extends PolicyError {
  override readonly retryAfterSec: number | null;
  constructor(
    readonly code: ApprovalCode,
    message: string,
    readonly details: {
      requestId?: string;
      mismatch?: ApprovalField[];
      retryAfterSec?: number;
    } = {},
  ) {
    super(message);
    this.name = 'ApprovalError';
    this.retryAfterSec = details.retryAfterSec ?? null;
  }
}

/** The same write is running now (`DUPLICATE`) or an earlier attempt may or may not have happened (`IN_DOUBT`). */
export class IdempotencyError extends PolicyError {
  override readonly retryAfterSec: number | null;
  constructor(
    readonly code: 'DUPLICATE' | 'IN_DOUBT',
    message: string,
    readonly details: {
      payloadHash: string;
      state: string;
      startedAt?: number;
      retryAfterSec?: number;
    },
  ) {
    super(message);
    this.name = 'IdempotencyError';
    this.retryAfterSec = details.retryAfterSec ?? null;
  }
}

/** A daily quota (dm, join, group_msg, first_contact) has no room for this write. */
export class QuotaExceededRefusal extends PolicyError {
  readonly code = 'QUOTA_EXCEEDED';
  override readonly retryAfterSec: number;
  constructor(
    readonly kind: string,
    readonly limit: number,
    readonly used: number,
    readonly resetsAt: Date,
    nowMs: number,
  ) {
    super(
      `Daily quota '${kind}' exceeded: ${used}/${limit} used, resets at ${resetsAt.toISOString()}`,
    );
    this.name = 'QuotaExceededRefusal';
    this.retryAfterSec = Math.max(0, Math.ceil((resetsAt.getTime() - nowMs) / 1000));
  }
}

/**
 * An environment variable does not parse or breaks a range; `variable` names it. The one
 * ConfigError of @tgmcp/core (same code and message form), named for this package.
 */
export class PolicyConfigError extends ConfigError {
  override readonly code = 'INVALID_CONFIG';
  /** As on every PolicyError: waiting does not help. */
  readonly retryAfterSec: number | null = null;
  constructor(variable: string, message: string) {
    super(variable, message);
    this.name = 'PolicyConfigError';
  }
}

/** A bad argument to a policy function; `field` names it. */
export class PolicyInputError extends PolicyError {
  readonly code = 'INVALID_INPUT';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'PolicyInputError';
  }
}

/** A state file is unreadable. Kept in place: resetting it could re-enable duplicates (D48). */
export class StateCorruptError extends PolicyError {
  readonly code = 'STATE_CORRUPT';
  constructor(
    readonly key: string,
    readonly file: string | undefined,
    reason: string,
  ) {
    super(
      `State record '${key}' is unreadable (${reason})${file ? `; inspect or remove ${file}` : ''}. Writes touching it stay refused until then.`,
    );
    this.name = 'StateCorruptError';
  }
}

/** Another process held a state lock for longer than the timeout. */
export class StateLockTimeoutError extends PolicyError {
  readonly code = 'STATE_LOCK_TIMEOUT';
  override readonly retryAfterSec = 1;
  constructor(
    readonly file: string,
    readonly waitedMs: number,
  ) {
    super(`Could not lock ${file} within ${waitedMs}ms`);
    this.name = 'StateLockTimeoutError';
  }
}
