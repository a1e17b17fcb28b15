// tg_add_member_to_group.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { groupParam } from '@tgmcp/mcp';
import { memberChangeWrite } from '@tgmcp/policy';
import type { ActionsRuntime } from '../actions-runtime.js';
import { defineWriteTool } from './define-write.js';
import { userParam } from './schemas.js';

export function registerAddMemberToGroupTool(mcp: McpServer, runtime: ActionsRuntime): void {
  defineWriteTool(mcp, runtime, {
    name: 'tg_add_member_to_group',
    title: 'Add a member',
    description: 'Adds a user to a group or channel.',
    input: { group: groupParam, user: userParam },
    destructive: false,
    write: async (a) => memberChangeWrite(await runtime.telegram(mcp), 'add', a.group, a.user),
  });
}
