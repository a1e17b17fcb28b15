// tg_approve_batch: asks the person to approve a batch exactly as previewed, as the approval
// channel does it (elicitation, a seed code; operator mode: only a person's command).
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { defineTool } from '@tgmcp/mcp';
import { BATCH_WRITE, batchCalls, batchOutput, batchParams } from '@tgmcp/policy';
import { z } from 'zod';
import type { ActionsRuntime } from '../actions-runtime.js';

export function registerApproveBatchTool(mcp: McpServer, runtime: ActionsRuntime): void {
  defineTool(mcp, runtime.server, {
    name: 'tg_approve_batch',
    title: 'Ask a person to approve a batch',
    description:
      "Asks the person to approve a batch exactly as previewed. elicit mode: the client shows it and asks. operator mode: you cannot approve; a person runs `tgmcp-actions approve <batch_id>`. seed mode: the first call sends a one-time code bound to this batch's preview to the operator's terminal (never to you); call again with the approval_code and confirmation_text the person gives you.",
    input: {
      batch_id: batchParams.batchId,
      confirmation_text: z.string().max(200).default(''),
      approval_code: z
        .string()
        .max(200)
        .default('')
        .describe("Seed mode: the one-time code the person read on the operator's terminal"),
    },
    output: batchOutput,
    annotations: BATCH_WRITE,
    async run(a, extra) {
      return batchCalls((await runtime.parts(mcp)).batches).approve(a, extra.signal);
    },
  });
}
