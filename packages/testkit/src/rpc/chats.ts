// Chats and channels: getChats, getChannels, getFullChat, getFullChannel.
import { Api } from 'telegram';
import { RpcError } from '../mtproto/connection.js';
import type { ChatRecord } from '../world/records.js';
import type { HandlerTable } from './context.js';
import { apiChat, apiUser, big } from './convert.js';
import { num, resolveChannel } from './peers.js';

export const chatHandlers: HandlerTable = {
  'messages.CheckChatInvite'(req: Api.messages.CheckChatInvite, { world }) {
    const chat = world.chatByInvite(req.hash);
    if (!chat) throw new RpcError(400, 'INVITE_HASH_INVALID');
    if (chat.myRole !== 'left' && chat.myRole !== 'banned')
      return new Api.ChatInviteAlready({ chat: apiChat(chat, world) });
    return new Api.ChatInvite({
      title: chat.title,
      about: chat.about || undefined,
      photo: new Api.PhotoEmpty({ id: big(0) }),
      participantsCount: world.members(chat.id).count(),
      channel: chat.kind !== 'group' || undefined,
      broadcast: chat.kind === 'channel' || undefined,
      megagroup: chat.kind === 'supergroup' || undefined,
      color: 0,
    });
  },

  'messages.GetChats'(req: Api.messages.GetChats, { world }) {
    const chats = req.id
      .map((id) => world.chat(num(id)))
      .filter((c): c is ChatRecord => !!c && c.kind === 'group');
    return new Api.messages.Chats({ chats: chats.map((c) => apiChat(c, world)) });
  },

  'channels.GetChannels'(req: Api.channels.GetChannels, { world }) {
    return new Api.messages.Chats({
      chats: req.id.map((input) => apiChat(resolveChannel(world, input as never), world)),
    });
  },

  'messages.GetFullChat'(req: Api.messages.GetFullChat, { world }) {
    const chat = world.chat(num(req.chatId));
    if (!chat || chat.kind !== 'group') throw new RpcError(400, 'CHAT_ID_INVALID');
    const { items } = world.members(chat.id).list('recent', 0, 10_000);
    return new Api.messages.ChatFull({
      fullChat: new Api.ChatFull({
        id: big(chat.id),
        about: chat.about,
        participants: new Api.ChatParticipants({
          chatId: big(chat.id),
          participants: items.map((p) =>
            p.role === 'creator'
              ? new Api.ChatParticipantCreator({ userId: big(p.userId) })
              : p.role === 'admin'
                ? new Api.ChatParticipantAdmin({
                    userId: big(p.userId),
                    inviterId: big(p.inviterId ?? world.self.id),
                    date: p.date,
                  })
                : new Api.ChatParticipant({
                    userId: big(p.userId),
                    inviterId: big(p.inviterId ?? world.self.id),
                    date: p.date,
                  }),
          ),
          version: 1,
        }),
        notifySettings: new Api.PeerNotifySettings({}),
      }),
      chats: [apiChat(chat, world)],
      users: items
        .map((p) => world.user(p.userId))
        .filter((u) => !!u)
        .map((u) => apiUser(u, world)),
    });
  },

  'channels.GetFullChannel'(req: Api.channels.GetFullChannel, { world }) {
    const chat = resolveChannel(world, req.channel as never);
    if (chat.myRole === 'banned') throw new RpcError(400, 'CHANNEL_PRIVATE');
    const top = world.history(world.peerOfChat(chat)).topId();
    const isAdmin = chat.myRole === 'creator' || chat.myRole === 'admin';
    return new Api.messages.ChatFull({
      fullChat: new Api.ChannelFull({
        id: big(chat.id),
        about: chat.about,
        participantsCount: world.members(chat.id).count(),
        adminsCount: isAdmin ? world.members(chat.id).list('admins', 0, 0).total : undefined,
        canViewParticipants: chat.kind === 'supergroup' || isAdmin || undefined,
        readInboxMaxId: top,
        readOutboxMaxId: top,
        unreadCount: 0,
        chatPhoto: new Api.PhotoEmpty({ id: big(0) }),
        notifySettings: new Api.PeerNotifySettings({}),
        botInfo: [],
        pts: chat.pts,
        slowmodeSeconds: chat.slowmodeSeconds || undefined,
      }),
      chats: [apiChat(chat, world)],
      users: [],
    });
  },
};
