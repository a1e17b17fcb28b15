// Registers a write tool: write annotations, the shared write parameters, the approval
// instructions of the active mode in its description, and the call through the executor's
// approved-write flow. A tool only says what it writes (a WriteSpec); this file does the rest.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { type WriteOutcome, type WriteSpec, approvalHelp, inert } from '@tgmcp/policy';
import { ToolError, defineTool } from '@tgmcp/mcp';
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

type WriteParams = typeof writeParams;
// The shared flags out of a tool's arguments, typed (the generic arguments hide them from tsc).
const writeFlags = z.object(writeParams);
type WriteResult = z.infer<z.ZodObject<typeof writeOutput>>;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function resultOf(o: WriteOutcome): WriteResult {
  if (o.status !== 'preview')
    return {
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
  const p = o.preview;
  return {
    success: true,
    status: 'preview',
    action: o.action,
    target: p.target,
    request_id: p.requestId,
    approval_mode: o.approvalMode,
    expires_at: iso(p.expiresAt),
    execute_after: iso(p.executeAfter),
    action_hash: p.payloadHash,
    summary: p.summary,
    next_step: o.nextStep,
  };
}

export function defineWriteTool<I extends z.ZodRawShape, T>(
  mcp: McpServer,
  runtime: ActionsRuntime,
  spec: {
    name: string;
    title: string;
    description: string;
    input: I;
    destructive: boolean;
    write(args: z.infer<z.ZodObject<I & WriteParams>>): Promise<WriteSpec<T>>;
  },
): void {
  const mode = runtime.policy.approvalMode;
  defineTool<I & WriteParams, typeof writeOutput>(mcp, runtime.server, {
    name: spec.name,
    title: spec.title,
    description: `${spec.description} Defaults to a dry run. ${
      mode
        ? approvalHelp(mode, runtime.approveCommand)
        : `${approvalHelp('elicit')} Without elicitation support: ${approvalHelp('operator', runtime.approveCommand)}`
    } Every write passes the policy gates (allowlist, quotas, duplicate window).`,
    input: { ...spec.input, ...writeParams },
    output: writeOutput,
    annotations: {
      readOnlyHint: false,
      destructiveHint: spec.destructive,
      idempotentHint: true,
      openWorldHint: true,
    },
    async run(args, extra) {
      const write = await spec.write(args);
      const { executor, tg } = await runtime.parts(mcp);
      const a = writeFlags.parse(args);
      const outcome = await executor.write(
        {
          account: tg.account.id,
          dryRun: a.dry_run,
          confirm: a.confirm,
          confirmationText: a.confirmation_text,
          approvalCode: a.approval_code,
          requestId: a.request_id,
          forceResend: a.force_resend,
        },
        write,
        {
          signal: extra.signal,
          // The call already answered TIMEOUT: a write must not go out after that.
          beforeWrite: () => {
            if (runtime.server.callExpired())
              throw new ToolError(
                'DEADLINE_PASSED',
                'the call deadline (TG_CALL_TIMEOUT_SEC) passed before the write was sent; nothing was sent',
              );
          },
        },
      );
      const result = resultOf(outcome);
      // The one-line summary is what a client shows its user: names from Telegram rendered inert.
      const where = inert(result.target?.title ?? result.target?.id ?? '');
      const summary =
        result.status === 'preview'
          ? `Preview of ${result.action} to ${where}: nothing sent. ${result.next_step ?? ''}`
          : result.status === 'duplicate'
            ? `Already done; nothing sent again (${result.action} to ${result.target?.id}).`
            : `Done: ${result.action} to ${where}.`;
      return { result, summary };
    },
  });
}
