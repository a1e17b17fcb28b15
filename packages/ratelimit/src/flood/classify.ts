// Recognises Telegram's "slow down" answers in whatever shape a client library hands them over:
// gramjs errors, mtcute RpcError, raw RPC strings, and Bot API 429 bodies (grammY's GrammyError).
import type { FloodScope } from '../errors.js';

export type FloodKind =
  | 'flood_wait'
  | 'flood_premium_wait'
  | 'flood_test_phone_wait'
  | 'slowmode_wait'
  | 'peer_flood'
  | 'too_many_requests';

export interface FloodClassification {
  kind: FloodKind;
  /** Seconds to wait; null when Telegram gives none (PEER_FLOOD). */
  retryAfterSec: number | null;
  /** What the wait applies to: the method, the chat (slowmode), or the whole account. */
  scope: FloodScope;
}

const RPC_PATTERNS: ReadonlyArray<[RegExp, FloodKind, FloodScope]> = [
  [/^FLOOD_WAIT_(\d+|%d|X)$/, 'flood_wait', 'method'],
  [/^FLOOD_PREMIUM_WAIT_(\d+|%d|X)$/, 'flood_premium_wait', 'method'],
  [/^FLOOD_TEST_PHONE_WAIT_(\d+|%d|X)$/, 'flood_test_phone_wait', 'method'],
  [/^SLOWMODE_WAIT_(\d+|%d|X)$/, 'slowmode_wait', 'chat'],
];

// gramjs turns known RPC errors into classes whose `errorMessage` is a short family name
// ("FLOOD" for both FLOOD_WAIT_n and FLOOD_PREMIUM_WAIT_n) and puts the number in `.seconds`.
const GRAMJS_CLASSES: Readonly<Record<string, [FloodKind, FloodScope]>> = {
  FloodWaitError: ['flood_wait', 'method'],
  FloodPremiumWaitError: ['flood_premium_wait', 'method'],
  FloodTestPhoneWaitError: ['flood_test_phone_wait', 'method'],
  SlowModeWaitError: ['slowmode_wait', 'chat'],
};

function seconds(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return Math.ceil(value);
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

/** Classifies a bare RPC error message such as `FLOOD_WAIT_30` or `PEER_FLOOD`. */
function classifyMessage(message: string, fallbackSeconds?: number): FloodClassification | null {
  const text = message.trim();
  if (text === 'PEER_FLOOD') return { kind: 'peer_flood', retryAfterSec: null, scope: 'account' };
  for (const [pattern, kind, scope] of RPC_PATTERNS) {
    const match = pattern.exec(text);
    if (!match) continue;
    const n = seconds(match[1]) ?? fallbackSeconds;
    if (n === undefined) return null;
    return { kind, retryAfterSec: n, scope };
  }
  return null;
}

/** Finds an RPC error name inside a longer message, e.g. "420: FLOOD_WAIT_30 (caused by …)". */
function classifyEmbedded(message: string): FloodClassification | null {
  const match = /\b(PEER_FLOOD|(?:FLOOD|FLOOD_PREMIUM|FLOOD_TEST_PHONE|SLOWMODE)_WAIT_\d+)\b/.exec(
    message,
  );
  return match ? classifyMessage(match[1]!) : null;
}

function botApi429(body: Record<string, unknown>): FloodClassification | null {
  if (body.error_code !== 429 && body.status !== 429) return null;
  const parameters = body.parameters as Record<string, unknown> | undefined;
  let retry = seconds(parameters?.retry_after);
  if (retry === undefined && typeof body.description === 'string') {
    retry = seconds(/retry after (\d+)/i.exec(body.description)?.[1]);
  }
  return { kind: 'too_many_requests', retryAfterSec: retry ?? 1, scope: 'method' };
}

/**
 * Returns what kind of flood limit `err` is, how long to wait and what it applies to, or null
 * when `err` is not a flood limit. Never throws.
 */
export function classifyTelegramError(err: unknown): FloodClassification | null {
  if (typeof err === 'string') return classifyMessage(err) ?? classifyEmbedded(err);
  if (typeof err !== 'object' || err === null) return null;
  const e = err as Record<string, unknown>;

  const bot = botApi429(e);
  if (bot) return bot;

  const n = seconds(e.seconds) ?? seconds(e.value);
  // mtcute: `text` is normalised to "FLOOD_WAIT_%d" with the number in `.seconds`.
  if (typeof e.text === 'string') {
    const c = classifyMessage(e.text, n);
    if (c) return c;
  }
  // gramjs: a class per known error; `errorMessage` holds the raw name for unknown ones.
  const ctor = (e.constructor as { name?: unknown } | undefined)?.name;
  const known = typeof ctor === 'string' ? GRAMJS_CLASSES[ctor] : undefined;
  if (known && n !== undefined) return { kind: known[0], retryAfterSec: n, scope: known[1] };
  if (typeof e.errorMessage === 'string') {
    const c = classifyMessage(e.errorMessage, n);
    if (c) return c;
    if (e.errorMessage === 'FLOOD' && n !== undefined)
      return { kind: 'flood_wait', retryAfterSec: n, scope: 'method' };
  }
  if (typeof e.message === 'string')
    return classifyMessage(e.message, n) ?? classifyEmbedded(e.message);
  return null;
}
