// tg_get_batch_status: a batch's state and every group's.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { defineTool } from '@tgmcp/mcp';
import type { ActionsRuntime } from '../actions-runtime.js';
import { batchIdParam, batchOutput } from './schemas.js';

export function registerGetBatchStatusTool(mcp: McpServer, runtime: ActionsRuntime): void {
  defineTool(mcp, runtime.server, {
    name: 'tg_get_batch_status',
    title: 'Batch status',
    description:
      "A batch's state and every group's: pending, in_flight, done, failed (with the error code) or skipped.",
    input: { batch_id: batchIdParam },
    output: batchOutput,
    async run(a) {
      const { batches } = await runtime.parts(mcp);
      const view = await batches.status(a.batch_id);
      return {
        result: { batch: { ...view }, next_step: view.nextStep },
        summary: `Batch ${view.id}: ${view.status}`,
      };
    },
  });
}
