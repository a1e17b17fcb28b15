// tg_remove_member_from_group.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { groupParam } from '@tgmcp/mcp';
import { memberChangeWrite } from '@tgmcp/policy';
import type { ActionsRuntime } from '../actions-runtime.js';
import { defineWriteTool } from './define-write.js';
import { userParam } from './schemas.js';

export function registerRemoveMemberFromGroupTool(mcp: McpServer, runtime: ActionsRuntime): void {
  defineWriteTool(mcp, runtime, {
    name: 'tg_remove_member_from_group',
    title: 'Remove a member',
    description: 'Removes a user from a group or channel (they may rejoin later).',
    input: { group: groupParam, user: userParam },
    destructive: true,
    write: async (a) => memberChangeWrite(await runtime.telegram(mcp), 'remove', a.group, a.user),
  });
}
