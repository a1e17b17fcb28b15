// tg_get_batch_status: a batch's state and every group's.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { defineTool } from '@tgmcp/mcp';
import { batchCalls, batchOutput, batchParams } from '@tgmcp/policy';
import type { ActionsRuntime } from '../actions-runtime.js';

export function registerGetBatchStatusTool(mcp: McpServer, runtime: ActionsRuntime): void {
  defineTool(mcp, runtime.server, {
    name: 'tg_get_batch_status',
    title: 'Batch status',
    description:
      "A batch's state and every group's: pending, in_flight, done, failed (with the error code) or skipped.",
    input: { batch_id: batchParams.batchId },
    output: batchOutput,
    async run(a) {
      return batchCalls((await runtime.parts(mcp)).batches).status(a);
    },
  });
}
