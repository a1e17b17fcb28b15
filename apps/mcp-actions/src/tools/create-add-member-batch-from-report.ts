// tg_create_add_member_batch_from_report: a batch of the groups a JSON report lists as failed.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { defineTool } from '@tgmcp/mcp';
import { BATCH_WRITE, batchCalls, batchOutput, batchParams as p } from '@tgmcp/policy';
import { z } from 'zod';
import type { ActionsRuntime } from '../actions-runtime.js';

export function registerCreateAddMemberBatchFromReportTool(
  mcp: McpServer,
  runtime: ActionsRuntime,
): void {
  defineTool(mcp, runtime.server, {
    name: 'tg_create_add_member_batch_from_report',
    title: 'Plan a batch from a report',
    description:
      'Creates a batch from a JSON report file (inside the data dir or TG_ACTIONS_REPORT_DIR only): the groups whose error contains error_contains.',
    input: {
      report_path: z.string().min(1).max(1000),
      user: p.user,
      note: p.note,
      error_contains: z.string().max(200).default('join quota exceeded'),
      ttl_hours: p.ttlHours,
    },
    output: batchOutput,
    annotations: BATCH_WRITE,
    async run(a) {
      return batchCalls((await runtime.parts(mcp)).batches).createFromReport(a);
    },
  });
}
