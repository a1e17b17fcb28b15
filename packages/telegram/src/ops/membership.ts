// isMember: whether a user is in a group now (one request), for reconciling a batch after a crash.
// Write path: outside the read scope for the actions role (see PeerAccess).
import { Api } from 'telegram';
import { InvalidInputError } from '../errors.js';
import type { OpsContext } from './context.js';

export async function isMember(
  ctx: OpsContext,
  chatRef: unknown,
  userRef: unknown,
): Promise<boolean> {
  const chat = await ctx.peers.forWrite(chatRef, 'group', 'chat');
  const user = await ctx.peers.forWrite(userRef, 'user', 'peer');
  if (user.type !== 'user')
    throw new InvalidInputError('user', `${user.id} is a ${user.type}, not a user`);
  if (chat.entity instanceof Api.Channel) {
    try {
      const r = await ctx.client.invoke(
        new Api.channels.GetParticipant({ channel: chat.entity, participant: user.entity }),
      );
      const p = r.participant;
      return !(
        p instanceof Api.ChannelParticipantLeft || p instanceof Api.ChannelParticipantBanned
      );
    } catch (err) {
      if ((err as { errorMessage?: string }).errorMessage === 'USER_NOT_PARTICIPANT') return false;
      throw err;
    }
  }
  if (chat.entity instanceof Api.Chat) {
    const full = await ctx.client.invoke(new Api.messages.GetFullChat({ chatId: chat.entity.id }));
    const list = (full.fullChat as Api.ChatFull).participants;
    const members = list instanceof Api.ChatParticipants ? list.participants : [];
    return members.some((p) => String(p.userId) === String((user.entity as Api.User).id));
  }
  throw new InvalidInputError('group', `${chat.id} is a user, not a group`);
}
