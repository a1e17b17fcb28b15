// The contract of a write tool's call: the approval parameters every single-write tool takes
// (the seed's names: they are part of the approval policy, plus request_id), the result it
// returns for an outcome, and the one line a client shows its user.
import { z } from 'zod';
import type { ApprovalMode } from '../config/actions-policy.js';
import { inert } from '../display/inert.js';
import type { WriteCall, WriteOutcome } from './approved-write.js';
import { approvalHelp } from './channel.js';

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

/** What a write tool returns (its structured content). */
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

export type WriteResult = z.infer<z.ZodObject<typeof writeOutput>>;

const writeFlags = z.object(writeParams);

/** The approval arguments of a call (the tool's own arguments are ignored), for `account`. */
export function writeCallOf(args: unknown, account: string): WriteCall {
  const a = writeFlags.parse(args);
  return {
    account,
    dryRun: a.dry_run,
    confirm: a.confirm,
    confirmationText: a.confirmation_text,
    approvalCode: a.approval_code,
    requestId: a.request_id,
    forceResend: a.force_resend,
  };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The result of a call for its outcome, and the one-line summary a client shows its user. */
export function writeResultOf(o: WriteOutcome): { result: WriteResult; summary: string } {
  const result: WriteResult =
    o.status === 'preview'
      ? {
          success: true,
          status: 'preview',
          action: o.action,
          target: o.preview.target,
          request_id: o.preview.requestId,
          approval_mode: o.approvalMode,
          expires_at: iso(o.preview.expiresAt),
          execute_after: iso(o.preview.executeAfter),
          action_hash: o.preview.payloadHash,
          summary: o.preview.summary,
          next_step: o.nextStep,
        }
      : {
          success: true,
          status: o.status,
          duplicate: o.duplicate,
          action: o.action,
          target: o.target,
          request_id: o.requestId,
          action_hash: o.payloadHash,
          result: o.result,
          next_step: o.nextStep,
        };
  // Names from Telegram rendered inert: a title cannot forge the line.
  const where = inert(result.target?.title ?? result.target?.id ?? '');
  const summary =
    result.status === 'preview'
      ? `Preview of ${result.action} to ${where}: nothing sent. ${result.next_step ?? ''}`
      : result.status === 'duplicate'
        ? `Already done; nothing sent again (${result.action} to ${result.target?.id}).`
        : `Done: ${result.action} to ${where}.`;
  return { result, summary };
}

/**
 * How a write tool's description explains approval: the configured mode's way, or, when the
 * mode follows the client (none configured), elicitation with the operator's way as fallback.
 */
export function writeApprovalHelp(
  mode: ApprovalMode | undefined,
  approveCommand: string | undefined,
): string {
  return mode
    ? approvalHelp(mode, approveCommand)
    : `${approvalHelp('elicit')} Without elicitation support: ${approvalHelp('operator', approveCommand)}`;
}

/** A write tool's description: what it writes, then the dry run, approval and gates it goes through. */
export function writeDescription(
  what: string,
  mode: ApprovalMode | undefined,
  approveCommand: string | undefined,
): string {
  return `${what} Defaults to a dry run. ${writeApprovalHelp(mode, approveCommand)} Every write passes the policy gates (allowlist, quotas, duplicate window).`;
}

/** A write tool's annotations: it writes to Telegram; a repeated call is not done twice. */
export const writeAnnotations = (destructive: boolean) => ({
  readOnlyHint: false,
  destructiveHint: destructive,
  idempotentHint: true,
  openWorldHint: true,
});
