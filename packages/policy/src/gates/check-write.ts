// The gates of section 6.2, in the seed's order, returning the first refusal with its own code.
// Differences from the seed: the target is resolved and matched on its canonical id (D5/D52),
// the approval is checked, not consumed (D8), the duplicate check reads the atomic claim's
// record (D9), and the quota is checked by the resolved peer type (D7/D10).
import { type Clock, systemClock } from '@tgmcp/core';
import type { Allowlist } from '../allowlist/allowlist.js';
import {
  type CanonicalPeer,
  type PinnedTarget,
  type ResolvePeer,
  type ResolvedPeer,
  canonicalPeer,
  isUserType,
} from '../allowlist/peer.js';
import type { ApprovalStore } from '../approvals/approval-store.js';
import type { ApprovalView } from '../approvals/record.js';
import type { ActionsPolicy, ApprovalMode } from '../config/actions-policy.js';
import { forbiddenCharacter } from '../display/inert.js';
import { GateRefusal, IdempotencyError, PolicyError, PolicyInputError } from '../errors.js';
import { payloadHash } from '../hash/payload-hash.js';
import type { IdempotencyRecord, IdempotencyStore } from '../idempotency/idempotency-store.js';
import { type ActionQuotas, type QuotaNeed, quotaNeeds } from '../quotas/action-quotas.js';
import type { WriteRequest } from './write-request.js';

export interface GateDeps {
  policy: ActionsPolicy;
  allowlist: Allowlist;
  resolve: ResolvePeer;
  approvals?: ApprovalStore;
  idempotency?: IdempotencyStore;
  quotas?: ActionQuotas;
  clock?: Clock;
  /**
   * The approval mode in force. The confirmation phrase is the seed's human gate: it applies in
   * `seed` mode (and when unset); in `elicit` and `operator` modes the person approves the exact
   * preview out of band, which replaces it (the model never needs to know the phrase).
   */
  approvalMode?: ApprovalMode;
}

export type WriteCheck =
  | {
      ok: true;
      dryRun: boolean;
      target: CanonicalPeer;
      /** The checked target with its access hash: what the write must go to. */
      pinned: PinnedTarget;
      payloadHash: string;
      quota: QuotaNeed[];
      approval: ApprovalView | null;
    }
  | {
      ok: false;
      error: PolicyError;
      target?: CanonicalPeer;
      payloadHash?: string;
      /** Set with DUPLICATE when the write already happened: its original result. */
      original?: { result: unknown; completedAt: number };
    };

const TELEGRAM_CAPTION_MAX = 1024;

/** Telegram counts UTF-16 code units (D53). */
const telegramLength = (s: string) => s.length;

export async function checkWrite(request: WriteRequest, deps: GateDeps): Promise<WriteCheck> {
  try {
    return await gates(request, deps);
  } catch (err) {
    if (err instanceof PolicyError) return { ok: false, error: err };
    throw err;
  }
}

async function gates(request: WriteRequest, deps: GateDeps): Promise<WriteCheck> {
  const { policy } = deps;
  const dryRun = request.dryRun ?? false;

  // 1-2. Startup block, then the master switch.
  if (policy.disabledReason !== null) {
    return refuse(
      new GateRefusal('ACTIONS_UNSAFE_POLICY', policy.disabledReason, {
        issues: policy.unsafeIssues.map((i) => i.variable),
      }),
    );
  }
  if (!policy.enabled) {
    return refuse(
      new GateRefusal('ACTIONS_DISABLED', 'Actions are disabled. Set TG_ACTIONS_ENABLED=1.', {
        variable: 'TG_ACTIONS_ENABLED',
      }),
    );
  }

  // 3. Allowlist, on the canonical id of the peer the reference names now.
  if (policy.requireAllowlist && policy.allowedTargets.length === 0) {
    return refuse(
      new GateRefusal(
        'ALLOWLIST_EMPTY',
        'TG_ACTIONS_REQUIRE_ALLOWLIST=1 but TG_ACTIONS_ALLOWED_GROUPS is empty.',
        { variable: 'TG_ACTIONS_ALLOWED_GROUPS' },
      ),
    );
  }
  let target: CanonicalPeer;
  let resolved: ResolvedPeer;
  try {
    resolved =
      typeof request.target === 'string' ? await deps.resolve(request.target) : request.target;
    target = canonicalPeer(resolved);
  } catch (err) {
    if (err instanceof PolicyError) throw err;
    return refuse(
      new GateRefusal(
        'TARGET_UNRESOLVED',
        `Target '${typeof request.target === 'string' ? request.target : request.target.id}' could not be resolved: ${(err as Error).message}`,
      ),
    );
  }
  const listed = policy.allowedTargets.length > 0 ? await deps.allowlist.match(target) : undefined;
  // A non-empty list is enforced even when not required; users always need their own entry.
  if (!listed && (policy.allowedTargets.length > 0 || isUserType(target.type))) {
    return refuse(
      new GateRefusal(
        'NOT_ALLOWLISTED',
        `Target ${target.id}${target.title ? ` (${target.title})` : ''} is not in TG_ACTIONS_ALLOWED_GROUPS.`,
        { variable: 'TG_ACTIONS_ALLOWED_GROUPS' },
      ),
      target,
    );
  }

  // 4-5. Explicit confirmation and the confirmation text, for executes only.
  if (!dryRun && !request.confirm) {
    return refuse(
      new GateRefusal(
        'CONFIRM_REQUIRED',
        'This write needs confirm=true (or dry_run=true for a preview).',
      ),
      target,
    );
  }
  // A batch member was approved with the whole batch (code and phrase in seed mode).
  const phraseGate =
    request.batch === undefined &&
    (deps.approvalMode === undefined || deps.approvalMode === 'seed');
  if (!dryRun && policy.confirmation.required && phraseGate) {
    const verdict = policy.confirmation.check(request.confirmationText);
    if (verdict !== 'ok') {
      return refuse(
        new GateRefusal(
          'CONFIRMATION_TEXT_INVALID',
          verdict === 'too_short'
            ? `confirmation_text must be at least ${policy.confirmation.minLength} characters.`
            : 'confirmation_text does not match the phrase the operator configured; ask the person for it.',
          { variable: 'TG_ACTIONS_CONFIRMATION_PHRASE' },
        ),
        target,
      );
    }
  }

  // 6. Content.
  if (request.action === 'send_message' || request.text !== undefined) {
    const text = (request.text ?? '').trim();
    if (text === '')
      return refuse(new GateRefusal('MESSAGE_EMPTY', 'message_text is empty'), target);
    if (telegramLength(text) > policy.maxMessageLen) {
      return refuse(
        new GateRefusal(
          'MESSAGE_TOO_LONG',
          `message_text is too long (${telegramLength(text)} > ${policy.maxMessageLen})`,
          {
            variable: 'TG_ACTIONS_MAX_MESSAGE_LEN',
            limit: policy.maxMessageLen,
            length: telegramLength(text),
          },
        ),
        target,
      );
    }
  }
  // Controls and bidi overrides would make the text read differently to the person approving it
  // than to its recipients: refused outright, naming the field and the character.
  for (const [field, value] of [
    ['message_text', request.text],
    ['caption', request.caption],
  ] as const) {
    const bad = value === undefined ? null : forbiddenCharacter(value);
    if (bad)
      return refuse(
        new PolicyInputError(
          field,
          `contains the control character ${bad.codePoint} at index ${bad.index}; control characters (other than newline and tab) and bidi overrides are refused`,
        ),
        target,
      );
  }
  if (request.caption !== undefined) {
    const caption = request.caption.trim();
    const max = Math.min(policy.maxMessageLen, TELEGRAM_CAPTION_MAX);
    if (telegramLength(caption) > max) {
      return refuse(
        new GateRefusal(
          'MESSAGE_TOO_LONG',
          `caption is too long (${telegramLength(caption)} > ${max})`,
          {
            variable: 'TG_ACTIONS_MAX_MESSAGE_LEN',
            limit: max,
            length: telegramLength(caption),
          },
        ),
        target,
      );
    }
  }

  // 7. The payload hash, bound to account and canonical target.
  const hash = payloadHash({
    account: request.account,
    action: request.action,
    target: target.id,
    payload: request.payload,
  });
  const pinned: PinnedTarget = { ...target, accessHash: resolved.accessHash ?? null };
  const firstContact =
    typeof request.firstContact === 'function'
      ? await request.firstContact(pinned)
      : request.firstContact;
  const quota = quotaNeeds(request.action, target.type, { firstContact });

  // 8-9. A dry run stops here: the executor turns it into an approval request.
  if (dryRun) return { ok: true, dryRun, target, pinned, payloadHash: hash, quota, approval: null };

  let approval: ApprovalView | null = null;
  if (
    request.batch === undefined &&
    (policy.requireApproval || request.approval !== undefined || request.forceResend)
  ) {
    if (!deps.approvals) throw new TypeError('checkWrite: approvals store is required');
    try {
      approval = await deps.approvals.claim(request.approval, {
        account: request.account,
        action: request.action,
        targetId: target.id,
        payloadHash: hash,
        forceResend: request.forceResend ?? false,
      });
    } catch (err) {
      // A retry of a write that already happened gets its result, not a refusal.
      const usedOrHeld =
        err instanceof PolicyError &&
        (err.code === 'APPROVAL_USED' || err.code === 'APPROVAL_IN_USE');
      if (usedOrHeld && !request.forceResend) {
        const record = await deps.idempotency?.peek(hash);
        if (record?.state === 'done') return duplicateOf(record, hash, target);
        if (record?.state === 'pending' || record?.state === 'in_doubt')
          return refuse(unfinished(record, hash, deps), target, hash);
      }
      if (err instanceof PolicyError && err.code === 'APPROVAL_IN_USE')
        return refuse(runningNow(hash), target, hash);
      if (err instanceof PolicyError) return refuse(err, target, hash);
      throw err;
    }
  }

  // 10. Duplicates (the executor's atomic claim decides; this reads it for an early answer).
  if (!request.forceResend && deps.idempotency && request.batch === undefined) {
    const record = await deps.idempotency.peek(hash);
    if (record?.state === 'done') return duplicateOf(record, hash, target);
    if (record?.state === 'pending' || record?.state === 'in_doubt')
      return refuse(unfinished(record, hash, deps), target, hash);
  }

  // 11. Quota room (reserved atomically by the executor at commit).
  if (deps.quotas && quota.length > 0) {
    try {
      await deps.quotas.check(quota);
    } catch (err) {
      if (err instanceof PolicyError) return refuse(err, target, hash);
      throw err;
    }
  }

  return { ok: true, dryRun, target, pinned, payloadHash: hash, quota, approval };
}

/** A record of this write that did not finish: running now, or in doubt. */
function unfinished(record: IdempotencyRecord, hash: string, deps: GateDeps): IdempotencyError {
  const running =
    record.state === 'pending' && record.leaseUntil > (deps.clock ?? systemClock).now();
  return new IdempotencyError(
    running ? 'DUPLICATE' : 'IN_DOUBT',
    running
      ? 'the same write is running now'
      : 'an earlier attempt of this write did not report back and may have been sent; check the chat, then resend only with force_resend and a new approval',
    { payloadHash: hash, state: record.state, startedAt: record.startedAt },
  );
}

/** Another call holds this write's approval: the same write is running now. */
export function runningNow(hash: string): IdempotencyError {
  return new IdempotencyError(
    'DUPLICATE',
    'the same write is running now (another call holds its approval)',
    { payloadHash: hash, state: 'pending' },
  );
}

function refuse(error: PolicyError, target?: CanonicalPeer, hash?: string): WriteCheck {
  return { ok: false, error, target, payloadHash: hash };
}

function duplicateOf(record: IdempotencyRecord, hash: string, target: CanonicalPeer): WriteCheck {
  return {
    ok: false,
    error: new IdempotencyError(
      'DUPLICATE',
      'this write already happened within the idempotency window',
      {
        payloadHash: hash,
        state: 'done',
        startedAt: record.startedAt,
      },
    ),
    target,
    payloadHash: hash,
    original: {
      result: record.result ?? null,
      completedAt: record.completedAt ?? record.startedAt,
    },
  };
}
