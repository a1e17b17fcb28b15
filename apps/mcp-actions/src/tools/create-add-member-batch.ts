// tg_create_add_member_batch: plans adding one user to many groups; nothing runs before a
// person approves the whole batch.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { defineTool } from '@tgmcp/mcp';
import { z } from 'zod';
import type { ActionsRuntime } from '../actions-runtime.js';
import { BATCH_WRITE, batchOutput, batchUserParam, noteParam, ttlHoursParam } from './schemas.js';

export function registerCreateAddMemberBatchTool(mcp: McpServer, runtime: ActionsRuntime): void {
  defineTool(mcp, runtime.server, {
    name: 'tg_create_add_member_batch',
    title: 'Plan adding a user to many groups',
    description:
      'Creates a batch that adds one user to several groups (ids, @usernames or t.me links; duplicates by id dropped; allowlist applied). Nothing is added until a person approves the whole batch.',
    input: {
      user: batchUserParam,
      groups: z.array(z.string().min(1).max(200)).min(1).max(500),
      note: noteParam,
      ttl_hours: ttlHoursParam,
    },
    output: {
      ...batchOutput,
      unresolved: z.array(z.object({ group: z.string(), code: z.string() })),
    },
    annotations: BATCH_WRITE,
    async run(a) {
      const { batches } = await runtime.parts(mcp);
      const r = await batches.create({
        user: a.user,
        groups: a.groups,
        note: a.note,
        ttlHours: a.ttl_hours,
      });
      return {
        result: { batch: { ...r.batch }, next_step: r.nextStep, unresolved: r.unresolved },
        summary: `Batch ${r.batch.id}: add ${r.user.title} to ${r.batch.total} group(s); waiting for a person's approval`,
      };
    },
  });
}
