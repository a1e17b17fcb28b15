// tg_run_add_member_batch: runs an approved batch in chunks, each add through the executor,
// reporting progress (groups processed) as it goes.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { defineTool } from '@tgmcp/mcp';
import { BATCH_WRITE, batchCalls, batchParams, batchRunOutput } from '@tgmcp/policy';
import { z } from 'zod';
import type { ActionsRuntime } from '../actions-runtime.js';

export function registerRunAddMemberBatchTool(mcp: McpServer, runtime: ActionsRuntime): void {
  defineTool(mcp, runtime.server, {
    name: 'tg_run_add_member_batch',
    title: 'Run an approved batch',
    description:
      'Adds the user to the pending groups of an approved batch, at most max_actions per call. Safe to call again after an interruption: nobody is added twice. FLOOD_WAIT or SLOWMODE pause it (retry_after); PEER_FLOOD stops it.',
    input: {
      batch_id: batchParams.batchId,
      max_actions: z.number().int().min(1).max(500).default(100),
    },
    output: batchRunOutput,
    annotations: BATCH_WRITE,
    async run(a, extra) {
      return batchCalls((await runtime.parts(mcp)).batches).run(a, {
        signal: extra.signal,
        progress: (done, total) => extra.progress(done, total, 'groups'),
      });
    },
  });
}
