// What tg_add_member_to_group and tg_remove_member_from_group share: the user argument, pinned
// by resolved id (the seed compared raw strings and could add then remove the same person).
import { resolveUser, type WriteSpec } from '@tgmcp/policy';
import type { Telegram } from '@tgmcp/telegram';
import { z } from 'zod';

export const userParam = z
  .string()
  .min(1)
  .max(200)
  .describe('The user: @username, t.me link or numeric id');

export const pinUser = (tg: Telegram, ref: string, field: string) =>
  resolveUser((r) => tg.pinPeer(r), ref, field);

export async function memberChange(
  tg: Telegram,
  verb: 'add' | 'remove',
  a: { group: string | number; user: string },
): Promise<WriteSpec<unknown>> {
  const u = await pinUser(tg, a.user, 'user');
  return {
    action: verb === 'add' ? 'add_member' : 'remove_member',
    target: a.group,
    payload: { user: u.id },
    summary: `${verb} ${u.title}${u.username ? ` (@${u.username})` : ''} [id ${u.id}]`,
    write: (group) => (verb === 'add' ? tg.addMember(group, u) : tg.removeMember(group, u)),
    // Interrupted before Telegram answered: membership now says whether it happened.
    settle: async (group) =>
      (await tg.isMember(group.id, u.id)) === (verb === 'add')
        ? { chat_id: group.id, user_id: u.id, changed: true }
        : undefined,
  };
}
