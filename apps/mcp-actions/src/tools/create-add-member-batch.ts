// tg_create_add_member_batch: plans adding one user to many groups; nothing runs before a
// person approves the whole batch.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { defineTool } from '@tgmcp/mcp';
import { BATCH_WRITE, batchCalls, batchCreateOutput, batchParams as p } from '@tgmcp/policy';
import { z } from 'zod';
import type { ActionsRuntime } from '../actions-runtime.js';

export function registerCreateAddMemberBatchTool(mcp: McpServer, runtime: ActionsRuntime): void {
  defineTool(mcp, runtime.server, {
    name: 'tg_create_add_member_batch',
    title: 'Plan adding a user to many groups',
    description:
      'Creates a batch that adds one user to several groups (ids, @usernames or t.me links; duplicates by id dropped; allowlist applied). Nothing is added until a person approves the whole batch.',
    input: {
      user: p.user,
      groups: z.array(z.string().min(1).max(200)).min(1).max(500),
      note: p.note,
      ttl_hours: p.ttlHours,
    },
    output: batchCreateOutput,
    annotations: BATCH_WRITE,
    async run(a) {
      return batchCalls((await runtime.parts(mcp)).batches).create(a);
    },
  });
}
