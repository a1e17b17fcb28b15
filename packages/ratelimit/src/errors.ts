// Typed errors: every error has a stable string `code` and structured fields, so callers and
// MCP servers can react (wait, report `retry_after`, name the field) without parsing messages.
import { type Clock, systemClock } from './clock.js';

export type RateLimitErrorCode =
  | 'INVALID_INPUT'
  | 'FLOOD_WAIT'
  | 'PEER_FLOOD'
  | 'CIRCUIT_OPEN'
  | 'QUOTA_EXCEEDED'
  | 'STORE_LOCK_TIMEOUT'
  | 'STATE_UNREADABLE'
  | 'MAX_WAIT_EXCEEDED';

export abstract class RateLimitError extends Error {
  abstract readonly code: RateLimitErrorCode;
}

/** An option or argument broke a rule; `field` names it. */
export class InvalidOptionError extends RateLimitError {
  readonly code = 'INVALID_INPUT';
  constructor(
    readonly field: string,
    readonly rule: string,
    readonly value?: unknown,
  ) {
    super(`${field} ${rule} (got ${formatValue(value)})`);
    this.name = 'InvalidOptionError';
  }
}

export type FloodScope = 'method' | 'chat' | 'account';

/** Telegram asked us to wait longer than we are willing to wait in-call. */
export class FloodWaitError extends RateLimitError {
  readonly code = 'FLOOD_WAIT';
  constructor(
    readonly retryAfterSec: number,
    readonly scope: FloodScope,
    readonly detail: { method?: string; chat?: string; kind?: string } = {},
    options?: ErrorOptions,
  ) {
    const where = detail.chat ? `chat ${detail.chat}` : detail.method ? detail.method : 'account';
    super(
      detail.kind === 'state_unreadable'
        ? `The remembered flood wait for ${scope === 'account' ? 'the account' : where} is unreadable; treated as a wait of ${retryAfterSec}s (the server's log names the state file to check)`
        : `Telegram flood wait: ${where} may be retried in ${retryAfterSec}s`,
      options,
    );
    this.name = 'FloodWaitError';
  }
}

/** PEER_FLOOD: Telegram limits this account for spam-like activity. Never retried. */
export class PeerFloodError extends RateLimitError {
  readonly code = 'PEER_FLOOD';
  readonly retryAfterSec = null;
  constructor(
    readonly detail: { method?: string; chat?: string } = {},
    options?: ErrorOptions,
  ) {
    super(
      'Telegram reported PEER_FLOOD: the account is limited for spam-like activity; stop sending to new people and wait (hours to days)',
      options,
    );
    this.name = 'PeerFloodError';
  }
}

/**
 * The shared circuit breaker is open after a long FLOOD_WAIT (or its state could not be read,
 * which counts as open): every call fails fast.
 */
export class CircuitOpenError extends RateLimitError {
  readonly code = 'CIRCUIT_OPEN';
  constructor(
    readonly retryAfterSec: number,
    readonly reason: 'flood_wait' | 'state_unreadable' = 'flood_wait',
  ) {
    super(
      reason === 'state_unreadable'
        ? `Circuit breaker state is unreadable, so it is treated as open; retry in ${retryAfterSec}s at the earliest (the server's log names the state file to check)`
        : `Circuit breaker is open for ${retryAfterSec}s after a long FLOOD_WAIT`,
    );
    this.name = 'CircuitOpenError';
  }
}

/** A daily quota would be exceeded. */
export class QuotaExceededError extends RateLimitError {
  readonly code = 'QUOTA_EXCEEDED';
  // Private: kept out of JSON.stringify and structured clones of the error.
  readonly #clock: Clock;
  constructor(
    readonly kind: string,
    readonly limit: number,
    readonly used: number,
    readonly resetsAt: Date,
    clock: Clock = systemClock,
  ) {
    super(
      `Daily quota '${kind}' exceeded: ${used}/${limit} used, resets at ${resetsAt.toISOString()}`,
    );
    this.name = 'QuotaExceededError';
    this.#clock = clock;
  }
  get retryAfterSec(): number {
    return Math.max(0, Math.ceil((this.resetsAt.getTime() - this.#clock.now()) / 1000));
  }
}

/** A store lock could not be taken in time (another process holds it). */
export class StoreLockTimeoutError extends RateLimitError {
  readonly code = 'STORE_LOCK_TIMEOUT';
  constructor(
    readonly path: string,
    readonly waitedMs: number,
  ) {
    super(`Could not lock ${path} within ${waitedMs}ms`);
    this.name = 'StoreLockTimeoutError';
  }
}

/**
 * A state file (or Redis key) exists but cannot be read (permissions, not a file, wrong type):
 * the call is refused rather than run on state that may hide a limit.
 */
export class StateUnreadableError extends RateLimitError {
  readonly code = 'STATE_UNREADABLE';
  constructor(
    readonly path: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`Rate-limit state ${path} is unreadable (${reason}); the call was refused`, options);
    this.name = 'StateUnreadableError';
  }
}

/**
 * `acquire({ maxWaitMs })`: the next free slot lies further ahead than the caller would wait, so
 * nothing was reserved. `retryAfterMs`: from then on a reservation would fit within `maxWaitMs`.
 */
export class MaxWaitExceededError extends RateLimitError {
  readonly code = 'MAX_WAIT_EXCEEDED';
  constructor(
    readonly maxWaitMs: number,
    readonly retryAfterMs: number,
  ) {
    super(
      `The rate limiter's next slot is further away than maxWaitMs (${maxWaitMs} ms); retry in ${Math.ceil(retryAfterMs)} ms`,
    );
    this.name = 'MaxWaitExceededError';
  }
  get retryAfterSec(): number {
    return Math.ceil(this.retryAfterMs / 1000);
  }
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null)
    return String(value);
  return typeof value;
}
