// How every write tool runs: dry run -> preview + approval request; execute -> the approval of
// the active mode (elicitation, an operator's out-of-band approval, or the seed's code) -> the
// policy executor -> the write inside the write capability. The model never sees a code.
import { createHash } from 'node:crypto';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  type ApprovalView,
  type PinnedTarget,
  type WriteAction,
  type WriteRequest,
  approvalScreen,
} from '@tgmcp/policy';
import { ToolError, type ToolExtra } from '@tgmcp/mcp';
import type { PeerHandle, Telegram } from '@tgmcp/telegram';
import { z } from 'zod';
import type { ActionsRuntime } from '../actions-runtime.js';

/** The parameters every single-write tool shares (the seed's, plus request_id). */
export const writeParams = {
  dry_run: z.boolean().default(true).describe('Preview only (default). Set false to execute.'),
  confirm: z.boolean().default(false).describe('Must be true to execute'),
  confirmation_text: z
    .string()
    .max(200)
    .default('')
    .describe("Seed approval mode only: the operator's confirmation phrase, as the person gave it"),
  approval_code: z
    .string()
    .max(200)
    .default('')
    .describe('Seed approval mode: the code the person gave you. Operator mode: the request id'),
  request_id: z
    .string()
    .max(100)
    .optional()
    .describe('The request id a preview returned, once a person approved it'),
  force_resend: z
    .boolean()
    .default(false)
    .describe('Send again inside the duplicate window (needs its own approval)'),
};

export const writeOutput = {
  success: z.boolean(),
  status: z.enum(['preview', 'executed', 'duplicate']),
  duplicate: z
    .boolean()
    .optional()
    .describe(
      'True when this exact write was already done: the original result, nothing sent again',
    ),
  action: z.string(),
  target: z.object({ id: z.string(), type: z.string(), title: z.string().nullable() }).optional(),
  request_id: z.string().nullable().optional(),
  approval_mode: z.string().optional(),
  expires_at: z.string().nullable().optional(),
  execute_after: z.string().nullable().optional(),
  action_hash: z.string().optional(),
  summary: z.string().optional(),
  next_step: z.string().optional(),
  result: z.record(z.string(), z.unknown()).optional(),
};

export function approvalHelp(mode: string, approveCommand = 'tgmcp-actions approve'): string {
  if (mode === 'elicit')
    return 'Approval: executing (dry_run=false, confirm=true) shows the person the exact preview in their client and asks them; you never handle a code.';
  if (mode === 'seed')
    return 'Approval (seed mode): a dry run sends a one-time code to the operator, who gives it to you if they approve; pass it as approval_code with the confirmation_text they give you.';
  return `Approval: a dry run returns a request_id; a person approves it out of band with \`${approveCommand} <request_id>\`; then call again with dry_run=false, confirm=true and request_id.`;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export interface WriteSpec<T> {
  action: WriteAction;
  target: string | number;
  payload: Record<string, unknown>;
  text?: string;
  caption?: string;
  summary: string;
  /** Asked about the target the gates resolved (a DM to someone never written to). */
  firstContact?: (target: PinnedTarget) => Promise<boolean>;
  /** The write, to `target`: the peer the gates checked and the approval was bound to. */
  run: (tg: Telegram, randomId: string, target: PeerHandle) => Promise<T>;
  /**
   * Looks at Telegram for this write when the connection broke before its answer (in doubt):
   * its result if it happened, undefined if it surely did not. Without it, it stays in doubt.
   */
  settle?: (
    tg: Telegram,
    target: PeerHandle,
    sinceUnix: number,
    randomId: string,
  ) => Promise<T | undefined>;
}

/**
 * Runs the write; when the connection broke before Telegram answered, settles it against
 * Telegram before anything is sent again: found -> its result; surely absent -> one resend with
 * the same random_id (Telegram deduplicates it too); a failed look or a second break -> the
 * error, and the executor records the write in doubt.
 */
async function runSettled<T>(
  spec: WriteSpec<T>,
  tg: Telegram,
  randomId: string,
  target: PeerHandle,
): Promise<T> {
  // A few seconds back: the DC's clock and ours differ a little.
  const since = Math.floor(Date.now() / 1000) - 5;
  try {
    return await spec.run(tg, randomId, target);
  } catch (err) {
    if ((err as { code?: unknown }).code !== 'CONNECTION_INTERRUPTED' || !spec.settle) throw err;
    let found: T | undefined;
    try {
      found = await spec.settle(tg, target, since, randomId);
    } catch {
      throw err;
    }
    if (found !== undefined) return found;
    return spec.run(tg, randomId, target);
  }
}

/** The pinned target as @tgmcp/telegram's writes take it (a bot is a user there). */
export const handleOf = (t: PinnedTarget): PeerHandle => ({
  id: t.id,
  type: t.type === 'bot' ? 'user' : t.type,
  accessHash: t.accessHash,
});

type WriteArgs = {
  dry_run: boolean;
  confirm: boolean;
  confirmation_text: string;
  approval_code: string;
  request_id?: string;
  force_resend: boolean;
};

/** Asks the person in their client, showing the approval screen (every string inert). */
async function elicitApproval(mcp: McpServer, view: ApprovalView, extra: ToolExtra) {
  const answer = await mcp.server.elicitInput(
    {
      message: `Approve this Telegram write?\n\n${approvalScreen(view)}`,
      requestedSchema: {
        type: 'object',
        properties: {
          approve: { type: 'boolean', title: 'Approve', description: 'Send it exactly as shown' },
        },
        required: ['approve'],
      },
    },
    { signal: extra.signal },
  );
  return answer.action === 'accept' && answer.content?.approve === true;
}

export async function runWrite<T extends object>(
  mcp: McpServer,
  runtime: ActionsRuntime,
  args: WriteArgs,
  spec: WriteSpec<T>,
  extra: ToolExtra,
) {
  const mode = runtime.approvalMode(mcp);
  const { executor, tg, approvals } = await runtime.parts(mcp);
  const ref =
    args.request_id ??
    (mode === 'operator' && args.approval_code.startsWith('apr_') ? args.approval_code : undefined);
  const request: WriteRequest = {
    account: tg.account.id,
    action: spec.action,
    target: String(spec.target),
    payload: spec.payload,
    text: spec.text,
    caption: spec.caption,
    summary: spec.summary,
    dryRun: args.dry_run,
    confirm: args.confirm,
    confirmationText: args.confirmation_text,
    approval:
      mode === 'seed' ? (args.approval_code ? { code: args.approval_code } : undefined) : ref,
    forceResend: args.force_resend,
    firstContact: spec.firstContact,
    actor: 'agent',
  };
  const previewResult = (p: Awaited<ReturnType<typeof executor.preview>>, nextStep: string) => ({
    success: true,
    status: 'preview' as const,
    action: spec.action,
    target: p.target,
    request_id: p.requestId,
    approval_mode: mode,
    expires_at: iso(p.expiresAt),
    execute_after: iso(p.executeAfter),
    action_hash: p.payloadHash,
    summary: p.summary,
    next_step: nextStep,
  });

  if (args.dry_run) {
    const p = await executor.preview(request);
    return previewResult(p, approvalHelp(mode, runtime.approveCommand));
  }
  if (mode === 'elicit' && !request.approval) {
    const p = await executor.preview({ ...request, dryRun: true });
    if (!p.requestId)
      throw new ToolError('APPROVAL_UNAVAILABLE', 'no approval request could be made');
    const view = await approvals.get(p.requestId);
    if (!view) throw new ToolError('APPROVAL_UNAVAILABLE', 'the approval request vanished');
    const approved = await runtime.server.humanWait(() => elicitApproval(mcp, view, extra));
    if (!approved) {
      await executor.reject(p.requestId, 'person (elicitation)');
      throw new ToolError('APPROVAL_DECLINED', 'The person declined this write; nothing was sent.');
    }
    await executor.approve(p.requestId, 'person (elicitation)');
    request.approval = p.requestId;
  }
  if (mode === 'operator' && !request.approval && executor.approvalMode === 'operator') {
    const p = await executor.preview({ ...request, dryRun: true });
    return previewResult(
      p,
      `Nothing was sent: a person must approve first with \`${runtime.approveCommand} ${p.requestId}\`; then call again with request_id=${p.requestId}, dry_run=false, confirm=true.`,
    );
  }
  // The same logical send gets the same random id (a retry is deduplicated by Telegram too).
  const seed = `${spec.action}:${JSON.stringify(spec.payload)}:${String(spec.target)}:${args.force_resend ? (ref ?? '') : ''}`;
  const randomId = BigInt.asIntN(
    64,
    createHash('sha256').update(seed).digest().readBigUInt64BE(),
  ).toString();
  const r = await executor.execute(request, (target) => {
    // The call already answered TIMEOUT: a write must not go out after that (nothing was sent).
    if (runtime.server.callExpired())
      throw new ToolError(
        'DEADLINE_PASSED',
        'the call deadline (TG_CALL_TIMEOUT_SEC) passed before the write was sent; nothing was sent',
      );
    return runSettled(spec, tg, randomId, handleOf(target));
  });
  return {
    success: true,
    status: r.duplicate ? ('duplicate' as const) : ('executed' as const),
    duplicate: r.duplicate,
    action: spec.action,
    target: r.target,
    request_id: r.duplicate ? null : r.requestId,
    action_hash: r.payloadHash,
    result: r.result as Record<string, unknown>,
    next_step: r.duplicate
      ? 'This exact write was already done; the original result is shown. Nothing was sent again.'
      : undefined,
  };
}
