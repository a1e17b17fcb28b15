// tg_add_member_to_group, tg_remove_member_from_group, tg_migrate_member. Users are compared by
// resolved id (the seed compared raw strings and could add then remove the same person).
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ToolError, groupParam } from '@tgmcp/mcp';
import type { Telegram } from '@tgmcp/telegram';
import { z } from 'zod';
import type { ActionsRuntime } from '../actions-runtime.js';
import { defineWriteTool } from './define-write.js';
import { runWrite } from './write-flow.js';

const userParam = z
  .string()
  .min(1)
  .max(200)
  .describe('The user: @username, t.me link or numeric id');

async function user(tg: Telegram, ref: string | number, field: string) {
  const peer = await tg.pinPeer(ref).catch((err: unknown) => {
    Object.assign(err as object, { field });
    throw err;
  });
  if (peer.type !== 'user')
    throw new ToolError('NOT_A_USER', `${peer.id} is a ${peer.type}, not a user`, field);
  return peer;
}

export function registerMemberTools(mcp: McpServer, runtime: ActionsRuntime): void {
  for (const [name, action, verb] of [
    ['tg_add_member_to_group', 'add_member', 'add'],
    ['tg_remove_member_from_group', 'remove_member', 'remove'],
  ] as const) {
    defineWriteTool(mcp, runtime, {
      name,
      title: verb === 'add' ? 'Add a member' : 'Remove a member',
      description:
        verb === 'add'
          ? 'Adds a user to a group or channel.'
          : 'Removes a user from a group or channel (they may rejoin later).',
      input: { group: groupParam, user: userParam },
      destructive: verb === 'remove',
      run: async (a, extra) => {
        const { tg } = await runtime.parts(mcp);
        const u = await user(tg, a.user, 'user');
        return runWrite(
          mcp,
          runtime,
          a,
          {
            action,
            target: a.group,
            payload: { user: u.id },
            summary: `${verb} ${u.title}${u.username ? ` (@${u.username})` : ''} [id ${u.id}]`,
            run: (t, _randomId, group) =>
              verb === 'add' ? t.addMember(group, u) : t.removeMember(group, u),
            // Interrupted before Telegram answered: membership now says whether it happened.
            settle: async (t, group) =>
              (await t.isMember(group.id, u.id)) === (verb === 'add')
                ? { chat_id: group.id, user_id: u.id, changed: true }
                : undefined,
          },
          extra,
        );
      },
    });
  }

  defineWriteTool(mcp, runtime, {
    name: 'tg_migrate_member',
    title: 'Replace a member',
    description: 'Adds new_user to a group, then removes old_user (one approval for both).',
    input: { group: groupParam, old_user: userParam, new_user: userParam },
    destructive: true,
    run: async (a, extra) => {
      const { tg } = await runtime.parts(mcp);
      const oldU = await user(tg, a.old_user, 'old_user');
      const newU = await user(tg, a.new_user, 'new_user');
      if (oldU.id === newU.id)
        throw new ToolError(
          'SAME_USER',
          `old_user and new_user are the same person (${oldU.id})`,
          'new_user',
        );
      return runWrite(
        mcp,
        runtime,
        a,
        {
          action: 'migrate_member',
          target: a.group,
          payload: { old_user: oldU.id, new_user: newU.id },
          summary: `add ${newU.title} [id ${newU.id}], then remove ${oldU.title} [id ${oldU.id}]`,
          run: async (t, _randomId, group) => {
            const added = await t.addMember(group, newU);
            const removed = await t.removeMember(group, oldU);
            return { added, removed };
          },
        },
        extra,
      );
    },
  });
}
