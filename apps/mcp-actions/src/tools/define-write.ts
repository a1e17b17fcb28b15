// Registers a write tool: write annotations, the shared write parameters, and the approval
// instructions of the active mode in its description.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { inert } from '@tgmcp/policy';
import { defineTool, type ToolExtra } from '@tgmcp/mcp';
import type { z } from 'zod';
import type { ActionsRuntime } from '../actions-runtime.js';
import { approvalHelp, writeOutput, writeParams } from './write-flow.js';

type Shape = z.ZodRawShape;

export function defineWriteTool<I extends Shape>(
  mcp: McpServer,
  runtime: ActionsRuntime,
  spec: {
    name: string;
    title: string;
    description: string;
    input: I;
    destructive: boolean;
    run: (
      args: z.infer<z.ZodObject<I & typeof writeParams>>,
      extra: ToolExtra,
    ) => Promise<z.infer<z.ZodObject<typeof writeOutput>>>;
  },
): void {
  const mode = runtime.policy.approvalMode;
  defineTool(mcp, runtime.server, {
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
      const result = await spec.run(args as never, extra);
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
