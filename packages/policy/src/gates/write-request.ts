// A write as the policy sees it: the tool's arguments after the server parsed them.
import type { PinnedTarget, ResolvedPeer } from '../allowlist/peer.js';
import type { ApprovalRef } from '../approvals/approval-store.js';

export type WriteAction =
  'send_message' | 'send_file' | 'add_member' | 'remove_member' | 'migrate_member' | (string & {});

export interface WriteRequest {
  /** The account's canonical id (user id of the logged-in account). */
  account: string;
  action: WriteAction;
  /** The target as given (resolved through `deps.resolve`), or already resolved. */
  target: string | ResolvedPeer;
  /**
   * What the write does, hashed with account, action and target: `{ text }` for a message,
   * `{ file_sha256, file_size, caption }` for a file, `{ user: <user id> }` for members.
   * Use resolved ids and trimmed texts here, never raw strings (D5).
   */
  payload: Record<string, unknown>;
  /** The message text or caption, for the content checks (section 6, step 6). */
  text?: string;
  caption?: string;
  /** One line for the person who approves; a default is built from action and target. */
  summary?: string;
  dryRun?: boolean;
  confirm?: boolean;
  confirmationText?: string;
  /** The approval request id, or `{ code }` in seed mode. */
  approval?: ApprovalRef;
  /** Resend inside the idempotency window; needs an approval given for a forced resend. */
  forceResend?: boolean;
  /**
   * The account never talked to this user (charges `first_contact` too). A function is asked
   * about the target the gates resolved (one resolution per call).
   */
  firstContact?: boolean | ((target: PinnedTarget) => Promise<boolean>);
  /** Who asks, for the audit trail. Default `agent`. */
  actor?: string;
  /**
   * One member of an approved add-member batch: the batch store verified the person's approval
   * of the whole batch (its preview hash) and its run lease guarantees one add per group, so the
   * per-write approval and idempotency steps are skipped; every gate, the quota rule and the
   * audit trail apply as for any write. Set by server code only, never from tool arguments.
   */
  batch?: { id: string };
}
