// channels.getParticipants (recent, search, admins, banned filters; 200 per page) and
// channels.getParticipant.
import { Api } from 'telegram';
import { RpcError } from '../mtproto/connection.js';
import type { ParticipantFilter } from '../world/participants.js';
import type { ChatRecord, ParticipantRecord } from '../world/records.js';
import type { World } from '../world/world.js';
import type { HandlerTable } from './context.js';
import { adminRights, apiChat, apiPeer, apiUser, big } from './convert.js';
import { resolveChannel, resolvePeer } from './peers.js';

export function apiParticipant(
  p: ParticipantRecord,
  chat: ChatRecord,
  world: World,
): Api.TypeChannelParticipant {
  const userId = big(p.userId);
  const isSelf = p.userId === world.self.id;
  switch (p.role) {
    case 'creator':
      return new Api.ChannelParticipantCreator({
        userId,
        adminRights: new Api.ChatAdminRights({
          changeInfo: true,
          banUsers: true,
          inviteUsers: true,
          addAdmins: true,
        }),
        rank: p.rank,
      });
    case 'admin':
      return new Api.ChannelParticipantAdmin({
        // `self` and `inviterId` share one flag bit: both or neither.
        userId,
        self: isSelf || undefined,
        inviterId: isSelf ? big(p.inviterId ?? world.self.id) : undefined,
        promotedBy: big(world.self.id),
        date: p.date,
        adminRights:
          (isSelf ? adminRights(chat) : undefined) ??
          new Api.ChatAdminRights({ inviteUsers: true }),
        rank: p.rank,
      });
    case 'banned':
      return new Api.ChannelParticipantBanned({
        peer: apiPeer({ type: 'user', id: p.userId }),
        kickedBy: big(world.self.id),
        date: p.date,
        bannedRights: new Api.ChatBannedRights({ untilDate: 0, viewMessages: true }),
      });
    case 'left':
      return new Api.ChannelParticipantLeft({ peer: apiPeer({ type: 'user', id: p.userId }) });
    default:
      return isSelf
        ? new Api.ChannelParticipantSelf({
            userId,
            inviterId: big(p.inviterId ?? world.self.id),
            date: p.date,
          })
        : new Api.ChannelParticipant({ userId, date: p.date });
  }
}

function filterOf(f: { className: string; q?: string }): { filter: ParticipantFilter; q: string } {
  switch (f.className) {
    case 'ChannelParticipantsAdmins':
      return { filter: 'admins', q: '' };
    case 'ChannelParticipantsBanned':
      return { filter: 'banned', q: f.q ?? '' };
    case 'ChannelParticipantsKicked':
      return { filter: 'kicked', q: f.q ?? '' };
    case 'ChannelParticipantsSearch':
      return { filter: 'search', q: f.q ?? '' };
    case 'ChannelParticipantsBots':
      return { filter: 'bots', q: '' };
    default:
      return { filter: 'recent', q: '' };
  }
}

export const participantHandlers: HandlerTable = {
  'channels.GetParticipants'(req: Api.channels.GetParticipants, { world }) {
    const chat = resolveChannel(world, req.channel as never);
    const isAdmin = chat.myRole === 'creator' || chat.myRole === 'admin';
    if (chat.kind === 'channel' && !isAdmin) throw new RpcError(400, 'CHAT_ADMIN_REQUIRED');
    if (chat.myRole === 'left' || chat.myRole === 'banned')
      throw new RpcError(400, 'CHANNEL_PRIVATE');
    const { filter, q } = filterOf(req.filter);
    const needle = q.toLowerCase();
    const match = (userId: number) => {
      const u = world.user(userId);
      if (filter === 'bots') return !!u?.bot;
      if (!needle) return true;
      return (
        !!u && [u.firstName, u.lastName, u.username].some((s) => s?.toLowerCase().includes(needle))
      );
    };
    const limit = Math.max(0, Math.min(req.limit, 200));
    const { items, total } = world
      .members(chat.id)
      .list(
        filter === 'search' || filter === 'bots' ? 'recent' : filter,
        Math.max(0, req.offset),
        limit,
        needle || filter === 'bots' ? match : undefined,
      );
    return new Api.channels.ChannelParticipants({
      count: total,
      participants: items.map((p) => apiParticipant(p, chat, world)),
      chats: [],
      users: items
        .map((p) => world.user(p.userId))
        .filter((u) => !!u)
        .map((u) => apiUser(u, world)),
    });
  },

  'channels.GetParticipant'(req: Api.channels.GetParticipant, { world }) {
    const chat = resolveChannel(world, req.channel as never);
    const peer = resolvePeer(world, req.participant as never);
    const p = world.members(chat.id).get(peer.id);
    if (!p || p.role === 'left') throw new RpcError(400, 'USER_NOT_PARTICIPANT');
    const user = world.user(peer.id);
    return new Api.channels.ChannelParticipant({
      participant: apiParticipant(p, chat, world),
      chats: [apiChat(chat, world)],
      users: user ? [apiUser(user, world)] : [],
    });
  },
};
