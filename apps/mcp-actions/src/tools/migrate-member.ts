// tg_migrate_member: adds new_user, then removes old_user, under one approval.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ToolError, groupParam } from '@tgmcp/mcp';
import type { ActionsRuntime } from '../actions-runtime.js';
import { defineWriteTool } from './define-write.js';
import { pinUser, userParam } from './member-change.js';

export function registerMigrateMemberTool(mcp: McpServer, runtime: ActionsRuntime): void {
  defineWriteTool(mcp, runtime, {
    name: 'tg_migrate_member',
    title: 'Replace a member',
    description: 'Adds new_user to a group, then removes old_user (one approval for both).',
    input: { group: groupParam, old_user: userParam, new_user: userParam },
    destructive: true,
    async write(a) {
      const tg = await runtime.telegram(mcp);
      const oldU = await pinUser(tg, a.old_user, 'old_user');
      const newU = await pinUser(tg, a.new_user, 'new_user');
      if (oldU.id === newU.id)
        throw new ToolError(
          'SAME_USER',
          `old_user and new_user are the same person (${oldU.id})`,
          'new_user',
        );
      return {
        action: 'migrate_member',
        target: a.group,
        payload: { old_user: oldU.id, new_user: newU.id },
        summary: `add ${newU.title} [id ${newU.id}], then remove ${oldU.title} [id ${oldU.id}]`,
        write: async (group) => {
          const added = await tg.addMember(group, newU);
          const removed = await tg.removeMember(group, oldU);
          return { added, removed };
        },
      };
    },
  });
}
