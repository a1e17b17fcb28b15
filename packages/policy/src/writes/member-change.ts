// Member writes as the policy sees them: users pinned by resolved id (the seed compared raw
// strings and could add then remove the same person); an add or removal broken off by the
// connection is settled by asking whether the user is a member now.
import { TargetRefusal } from '../errors.js';
import { resolveUser } from '../flow/resolve-user.js';
import type { WriteSpec } from '../flow/settled-write.js';
import type { MemberOps, PinnedPeerLike } from './ops.js';

const pinUser = <U extends PinnedPeerLike>(tg: MemberOps<U>, ref: string, field: string) =>
  resolveUser((r) => tg.pinPeer(r), ref, field);

/** tg_add_member_to_group, tg_remove_member_from_group: `user` added to or removed from `group`. */
export async function memberChangeWrite<U extends PinnedPeerLike>(
  tg: MemberOps<U>,
  verb: 'add' | 'remove',
  group: string | number,
  user: string,
): Promise<WriteSpec<unknown>> {
  const u = await pinUser(tg, user, 'user');
  return {
    action: verb === 'add' ? 'add_member' : 'remove_member',
    target: group,
    payload: { user: u.id },
    summary: `${verb} ${u.title}${u.username ? ` (@${u.username})` : ''} [id ${u.id}]`,
    write: (g) => (verb === 'add' ? tg.addMember(g, u) : tg.removeMember(g, u)),
    // Interrupted before Telegram answered: membership now says whether it happened.
    settle: async (g) =>
      (await tg.isMember(g.id, u.id)) === (verb === 'add')
        ? { chat_id: g.id, user_id: u.id, changed: true }
        : undefined,
  };
}

/** tg_migrate_member: adds `newUser`, then removes `oldUser`, under one approval. */
export async function migrateMemberWrite<U extends PinnedPeerLike>(
  tg: MemberOps<U>,
  group: string | number,
  oldUser: string,
  newUser: string,
): Promise<WriteSpec<unknown>> {
  const oldU = await pinUser(tg, oldUser, 'old_user');
  const newU = await pinUser(tg, newUser, 'new_user');
  if (oldU.id === newU.id)
    throw new TargetRefusal(
      'SAME_USER',
      `old_user and new_user are the same person (${oldU.id})`,
      'new_user',
    );
  return {
    action: 'migrate_member',
    target: group,
    payload: { old_user: oldU.id, new_user: newU.id },
    summary: `add ${newU.title} [id ${newU.id}], then remove ${oldU.title} [id ${oldU.id}]`,
    write: async (g) => {
      const added = await tg.addMember(g, newU);
      const removed = await tg.removeMember(g, oldU);
      return { added, removed };
    },
  };
}
