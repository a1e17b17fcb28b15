// What an error from `add` or `isMember` means for a group (D27: transient errors never mark a
// group failed). Telegram's errors arrive in several shapes (gramjs, mtcute, our own typed
// errors); the RPC name is found in `errorMessage`, `text`, `code` or the message.
import { classifyTelegramError } from '@tgmcp/ratelimit';

/**
 * - `done`: the user is in the group already (USER_ALREADY_PARTICIPANT).
 * - `transient`: nothing was changed, try later (FLOOD_WAIT, SLOWMODE, breaker, quota, timeouts).
 * - `permanent`: this group cannot take the user (privacy, too many channels, no rights...).
 * - `skipped`: our policy refused this group (not allowlisted); Telegram was not called.
 * - `stop`: stop the whole batch (PEER_FLOOD; policy switched off).
 */
export type BatchErrorKind = 'done' | 'transient' | 'permanent' | 'skipped' | 'stop';

export interface BatchErrorClass {
  kind: BatchErrorKind;
  /** Stable code recorded on the group (`USER_PRIVACY_RESTRICTED`, `FLOOD_WAIT`...). */
  code: string;
  retryAfterSec: number | null;
  /**
   * The call may have taken effect although it failed (a timeout, a dropped connection): the
   * group stays `in_flight` and the next run asks `isMember` before adding again.
   */
  ambiguous: boolean;
}

export type BatchClassifier = (
  err: unknown,
) => BatchErrorKind | (Partial<BatchErrorClass> & { kind: BatchErrorKind }) | undefined;

const ALREADY = new Set(['USER_ALREADY_PARTICIPANT']);
const NOT_EXECUTED = new Set([
  'FLOOD_WAIT',
  'SLOWMODE_WAIT',
  'CIRCUIT_OPEN',
  'QUOTA_EXCEEDED',
  'STATE_LOCK_TIMEOUT',
  'STORE_LOCK_TIMEOUT',
  'DUPLICATE',
]);
const MAYBE_EXECUTED = new Set([
  'REQUEST_TIMEOUT',
  'CONNECTION_INTERRUPTED',
  'TIMEOUT',
  'ETIMEDOUT',
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  'NETWORK_ERROR',
  'RPC_CALL_FAIL',
  'RPC_MCGET_FAIL',
  'INTERNAL',
  'IN_DOUBT',
]);
/** The connection broke and was made again: worth a look (isMember) a moment later. */
const RECONNECTED_RETRY_SEC: Record<string, number> = { CONNECTION_INTERRUPTED: 2 };
const SKIPPED = new Set(['NOT_ALLOWLISTED', 'TARGET_UNRESOLVED']);
const STOP = new Set([
  'PEER_FLOOD',
  'ACTIONS_DISABLED',
  'ACTIONS_UNSAFE_POLICY',
  'ALLOWLIST_EMPTY',
]);

const RPC_NAME = /^[A-Z][A-Z0-9_]{2,}$/;

/** The RPC error name or our error code carried by `err`, if any. */
export function errorCode(err: unknown): string | null {
  if (typeof err === 'string') return RPC_NAME.test(err) ? err : null;
  if (typeof err !== 'object' || err === null) return null;
  const e = err as Record<string, unknown>;
  for (const v of [e.errorMessage, e.text, e.code, e.message]) {
    if (typeof v === 'string' && RPC_NAME.test(v)) return v;
  }
  if (e.name === 'TimeoutError') return 'TIMEOUT';
  if (e.name === 'AbortError') return 'ABORTED';
  if (typeof e.message === 'string') {
    const embedded = /\b([A-Z][A-Z0-9]*_[A-Z0-9_]+)\b/.exec(e.message)?.[1];
    if (embedded) return embedded;
    if (/timed? ?out/i.test(e.message)) return 'TIMEOUT';
  }
  return null;
}

function retryAfter(err: unknown): number | null {
  if (typeof err !== 'object' || err === null) return null;
  const v = (err as { retryAfterSec?: unknown }).retryAfterSec;
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.ceil(v) : null;
}

export function classifyBatchError(err: unknown): BatchErrorClass {
  const flood = classifyTelegramError(err);
  if (flood?.kind === 'peer_flood') {
    return { kind: 'stop', code: 'PEER_FLOOD', retryAfterSec: null, ambiguous: false };
  }
  if (flood) {
    const code = flood.kind === 'slowmode_wait' ? 'SLOWMODE_WAIT' : 'FLOOD_WAIT';
    return { kind: 'transient', code, retryAfterSec: flood.retryAfterSec, ambiguous: false };
  }
  const code = errorCode(err) ?? 'UNKNOWN_ERROR';
  const base = {
    code,
    retryAfterSec: retryAfter(err) ?? RECONNECTED_RETRY_SEC[code] ?? null,
    ambiguous: false,
  };
  if (ALREADY.has(code)) return { ...base, kind: 'done' };
  if (STOP.has(code)) return { ...base, kind: 'stop' };
  if (SKIPPED.has(code)) return { ...base, kind: 'skipped' };
  if (NOT_EXECUTED.has(code) || code.startsWith('FLOOD_') || code.startsWith('SLOWMODE_')) {
    return { ...base, kind: 'transient' };
  }
  if (MAYBE_EXECUTED.has(code)) return { ...base, kind: 'transient', ambiguous: true };
  // Anything else (privacy, too many channels, no rights, unknown) is final for this group:
  // never retried automatically, so an error we do not understand cannot cause a second add.
  return { ...base, kind: 'permanent' };
}

export function applyClassifier(err: unknown, custom?: BatchClassifier): BatchErrorClass {
  const base = classifyBatchError(err);
  const out = custom?.(err);
  if (out === undefined) return base;
  const c = typeof out === 'string' ? { kind: out } : out;
  return {
    kind: c.kind,
    code: c.code ?? base.code,
    retryAfterSec: c.retryAfterSec ?? base.retryAfterSec,
    ambiguous: c.ambiguous ?? (c.kind === 'transient' && base.ambiguous),
  };
}
