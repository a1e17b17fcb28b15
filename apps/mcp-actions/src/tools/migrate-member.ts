// tg_migrate_member: adds new_user, then removes old_user, under one approval.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { groupParam } from '@tgmcp/mcp';
import { migrateMemberWrite } from '@tgmcp/policy';
import type { ActionsRuntime } from '../actions-runtime.js';
import { defineWriteTool } from './define-write.js';
import { userParam } from './schemas.js';

export function registerMigrateMemberTool(mcp: McpServer, runtime: ActionsRuntime): void {
  defineWriteTool(mcp, runtime, {
    name: 'tg_migrate_member',
    title: 'Replace a member',
    description: 'Adds new_user to a group, then removes old_user (one approval for both).',
    input: { group: groupParam, old_user: userParam, new_user: userParam },
    destructive: true,
    write: async (a) =>
      migrateMemberWrite(await runtime.telegram(mcp), a.group, a.old_user, a.new_user),
  });
}
