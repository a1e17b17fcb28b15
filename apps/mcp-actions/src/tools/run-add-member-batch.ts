// tg_run_add_member_batch: runs an approved batch in chunks, each add through the executor,
// reporting progress (groups processed) as it goes.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { defineTool } from '@tgmcp/mcp';
import { z } from 'zod';
import type { ActionsRuntime } from '../actions-runtime.js';
import { BATCH_WRITE, batchIdParam, batchOutput } from './schemas.js';

export function registerRunAddMemberBatchTool(mcp: McpServer, runtime: ActionsRuntime): void {
  defineTool(mcp, runtime.server, {
    name: 'tg_run_add_member_batch',
    title: 'Run an approved batch',
    description:
      'Adds the user to the pending groups of an approved batch, at most max_actions per call. Safe to call again after an interruption: nobody is added twice. FLOOD_WAIT or SLOWMODE pause it (retry_after); PEER_FLOOD stops it.',
    input: {
      batch_id: batchIdParam,
      max_actions: z.number().int().min(1).max(500).default(100),
    },
    output: {
      ...batchOutput,
      processed: z.number().int(),
      stopped: z.string().nullable(),
      retry_after: z.number().nullable(),
    },
    annotations: BATCH_WRITE,
    async run(a, extra) {
      const { batches } = await runtime.parts(mcp);
      const r = await batches.run({
        batchId: a.batch_id,
        maxActions: a.max_actions,
        signal: extra.signal,
        onProgress: (p) => void extra.progress(p.processed, a.max_actions, 'groups'),
      });
      return {
        result: {
          batch: { ...r.batch },
          next_step: r.nextStep,
          processed: r.processed,
          stopped: r.stopped,
          retry_after: r.retryAfterSec,
        },
        summary: `Batch ${a.batch_id}: ${r.processed} add(s) this run; ${JSON.stringify(r.counts)}${r.stopped ? `; stopped: ${r.stopped}` : ''}`,
      };
    },
  });
}
