// The write itself, once the policy allowed it: a random id the same for the same logical send
// (Telegram deduplicates a retry too), and a write broken off by the connection settled
// against Telegram before anything is sent again.
import { createHash } from 'node:crypto';
import type { Clock } from '@tgmcp/core';
import type { PinnedTarget, TargetHandle } from '../allowlist/peer.js';
import type { WriteAction } from '../gates/write-request.js';

/** One write of a tool: what it is, for the policy, and how Telegram does it. */
export interface WriteSpec<T> {
  action: WriteAction;
  /** The target as the tool was given it. */
  target: string | number;
  payload: Record<string, unknown>;
  text?: string;
  caption?: string;
  /** What the person approves, in words (the approval screen shows the payload in full). */
  summary: string;
  /** Asked about the target the gates resolved (a DM to someone never written to). */
  firstContact?: (target: PinnedTarget) => Promise<boolean>;
  /** The write, to `target`: the peer the gates checked and the approval was bound to. */
  write(target: TargetHandle, randomId: string): Promise<T>;
  /**
   * Looks at Telegram for this write when the connection broke before its answer (in doubt):
   * its result if it happened, undefined if it surely did not. Without it, it stays in doubt.
   */
  settle?(target: TargetHandle, sinceUnix: number, randomId: string): Promise<T | undefined>;
}

/** The 64-bit random_id of a write: the same for the same action, payload, target and resend. */
export function writeRandomId(
  spec: Pick<WriteSpec<unknown>, 'action' | 'payload' | 'target'>,
  resendOf: string,
): string {
  const seed = `${spec.action}:${JSON.stringify(spec.payload)}:${String(spec.target)}:${resendOf}`;
  return BigInt.asIntN(64, createHash('sha256').update(seed).digest().readBigUInt64BE()).toString();
}

/**
 * Runs the write; when the connection broke before Telegram answered, settles it against
 * Telegram first: found -> its result; surely absent -> one resend with the same random_id; a
 * failed look or a second break -> the error, and the executor records the write in doubt.
 */
export async function settledWrite<T>(
  spec: WriteSpec<T>,
  target: TargetHandle,
  randomId: string,
  clock: Clock,
): Promise<T> {
  // A few seconds back: the DC's clock and ours differ a little.
  const since = Math.floor(clock.now() / 1000) - 5;
  try {
    return await spec.write(target, randomId);
  } catch (err) {
    if ((err as { code?: unknown }).code !== 'CONNECTION_INTERRUPTED' || !spec.settle) throw err;
    let found: T | undefined;
    try {
      found = await spec.settle(target, since, randomId);
    } catch {
      throw err;
    }
    if (found !== undefined) return found;
    return spec.write(target, randomId);
  }
}
