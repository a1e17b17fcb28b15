// World records -> gramjs Api objects, exactly as Telegram would send them (required fields
// filled: gramjs writes a missing number as 0 but throws on a missing string or vector).
import bigInt from 'big-integer';
import { Api } from 'telegram';
import type {
  ChatRecord,
  FileRecord,
  MessageRecord,
  PeerRef,
  UserRecord,
} from '../world/records.js';
import type { World } from '../world/world.js';

export const big = (n: number | bigint) => bigInt(String(n));

export function apiPeer(p: PeerRef): Api.TypePeer {
  if (p.type === 'user') return new Api.PeerUser({ userId: big(p.id) });
  if (p.type === 'chat') return new Api.PeerChat({ chatId: big(p.id) });
  return new Api.PeerChannel({ channelId: big(p.id) });
}

export function apiUser(u: UserRecord, world: World): Api.User {
  const isSelf = u.id === world.self.id;
  return new Api.User({
    id: big(u.id),
    accessHash: big(u.accessHash),
    self: isSelf || undefined,
    contact: u.contact || undefined,
    mutualContact: u.mutualContact || undefined,
    deleted: u.deleted || undefined,
    bot: u.bot || undefined,
    premium: u.premium || undefined,
    verified: u.verified || undefined,
    firstName: u.deleted ? undefined : u.firstName,
    lastName: u.deleted ? undefined : u.lastName,
    username: u.username,
    phone: isSelf || u.contact ? u.phone : undefined,
    botInfoVersion: u.bot ? 1 : undefined,
  });
}

export function adminRights(chat: ChatRecord): Api.ChatAdminRights | undefined {
  if (chat.myRole === 'creator') {
    return new Api.ChatAdminRights({
      changeInfo: true,
      postMessages: true,
      editMessages: true,
      deleteMessages: true,
      banUsers: true,
      inviteUsers: true,
      pinMessages: true,
      addAdmins: true,
      manageCall: true,
      other: true,
    });
  }
  if (chat.myRole !== 'admin') return undefined;
  const r = chat.myAdminRights ?? {};
  return new Api.ChatAdminRights({
    changeInfo: r.changeInfo,
    postMessages: r.postMessages,
    deleteMessages: r.deleteMessages,
    banUsers: r.banUsers,
    inviteUsers: r.inviteUsers,
    pinMessages: r.pinMessages,
    addAdmins: r.addAdmins,
  });
}

export function apiChat(
  chat: ChatRecord,
  world: World,
): Api.Chat | Api.Channel | Api.ChannelForbidden {
  const count = world.members(chat.id).count();
  const left = chat.myRole === 'left' || undefined;
  if (chat.kind === 'group') {
    return new Api.Chat({
      id: big(chat.id),
      title: chat.title,
      photo: new Api.ChatPhotoEmpty(),
      participantsCount: count,
      date: chat.date,
      version: 1,
      creator: chat.myRole === 'creator' || undefined,
      left,
      adminRights: adminRights(chat),
    });
  }
  if (chat.myRole === 'banned') {
    return new Api.ChannelForbidden({
      id: big(chat.id),
      accessHash: big(chat.accessHash),
      title: chat.title,
      megagroup: chat.kind === 'supergroup' || undefined,
      broadcast: chat.kind === 'channel' || undefined,
    });
  }
  return new Api.Channel({
    id: big(chat.id),
    accessHash: big(chat.accessHash),
    title: chat.title,
    username: chat.username,
    photo: new Api.ChatPhotoEmpty(),
    date: chat.date,
    broadcast: chat.kind === 'channel' || undefined,
    megagroup: chat.kind === 'supergroup' || undefined,
    creator: chat.myRole === 'creator' || undefined,
    left,
    slowmodeEnabled: chat.slowmodeSeconds > 0 || undefined,
    adminRights: adminRights(chat),
    participantsCount: count,
  });
}

export function apiMedia(f: FileRecord, date: number): Api.TypeMessageMedia {
  if (f.kind === 'photo') {
    return new Api.MessageMediaPhoto({
      photo: new Api.Photo({
        id: big(f.id),
        accessHash: big(f.accessHash),
        fileReference: f.fileReference,
        date,
        sizes: [new Api.PhotoSize({ type: 'x', w: 800, h: 600, size: f.size })],
        dcId: f.dcId,
      }),
    });
  }
  return new Api.MessageMediaDocument({
    document: new Api.Document({
      id: big(f.id),
      accessHash: big(f.accessHash),
      fileReference: f.fileReference,
      date,
      mimeType: f.mimeType,
      size: big(f.size),
      dcId: f.dcId,
      attributes: [new Api.DocumentAttributeFilename({ fileName: f.name })],
    }),
  });
}

const ENTITY: Record<
  string,
  (o: { offset: number; length: number; url?: string }) => Api.TypeMessageEntity
> = {
  bold: (o) => new Api.MessageEntityBold(o),
  italic: (o) => new Api.MessageEntityItalic(o),
  code: (o) => new Api.MessageEntityCode(o),
  url: (o) => new Api.MessageEntityUrl(o),
  mention: (o) => new Api.MessageEntityMention(o),
  textUrl: (o) =>
    new Api.MessageEntityTextUrl({ offset: o.offset, length: o.length, url: o.url ?? '' }),
};

function serviceAction(m: MessageRecord, world: World): Api.TypeMessageAction {
  const s = m.service!;
  const users = (s.userIds ?? []).map((id) => big(id));
  switch (s.action) {
    case 'create':
      return m.peer.type === 'channel'
        ? new Api.MessageActionChannelCreate({
            title: s.title ?? world.chat(m.peer.id)?.title ?? '',
          })
        : new Api.MessageActionChatCreate({
            title: s.title ?? world.chat(m.peer.id)?.title ?? '',
            users,
          });
    case 'join':
      return new Api.MessageActionChatJoinedByLink({ inviterId: users[0] ?? big(0) });
    case 'add':
      return new Api.MessageActionChatAddUser({ users });
    case 'leave':
      return new Api.MessageActionChatDeleteUser({ userId: users[0] ?? big(0) });
  }
}

export function apiMessage(m: MessageRecord, world: World): Api.Message | Api.MessageService {
  const isBroadcast = m.peer.type === 'channel' && world.chat(m.peer.id)?.kind === 'channel';
  const fromId = m.from === 'anonymous' ? apiPeer(m.peer) : m.from ? apiPeer(m.from) : undefined;
  // In a private chat, the peer of a message we received is the sender; of one we sent, the recipient.
  const peerId = apiPeer(m.peer);
  if (m.service) {
    return new Api.MessageService({
      id: m.id,
      peerId,
      date: m.date,
      fromId,
      action: serviceAction(m, world),
      out: m.out || undefined,
    });
  }
  return new Api.Message({
    id: m.id,
    peerId,
    date: m.date,
    message: m.text,
    out: m.out || undefined,
    fromId: isBroadcast ? undefined : fromId,
    post: isBroadcast || undefined,
    replyTo: m.replyTo ? new Api.MessageReplyHeader({ replyToMsgId: m.replyTo }) : undefined,
    fwdFrom: m.forwardedFrom
      ? new Api.MessageFwdHeader({
          date: m.forwardedFrom.date,
          fromId: m.forwardedFrom.userId
            ? apiPeer({ type: 'user', id: m.forwardedFrom.userId })
            : m.forwardedFrom.channelId
              ? apiPeer({ type: 'channel', id: m.forwardedFrom.channelId })
              : undefined,
          fromName: m.forwardedFrom.name,
        })
      : undefined,
    pinned: m.pinned || undefined,
    editDate: m.editDate,
    views: m.views,
    // views and forwards share one flag bit: both or neither.
    forwards: m.views !== undefined ? 0 : undefined,
    entities: m.entities?.map((e) => (ENTITY[e.type] ?? ENTITY.bold!)(e)),
    media: m.media ? apiMedia(m.media, m.date) : undefined,
  });
}

/** Users and chats that a set of messages and peers refer to (Telegram sends them alongside). */
export function referenced(
  world: World,
  peers: PeerRef[],
  messages: MessageRecord[],
): { users: Api.User[]; chats: Array<Api.TypeChat> } {
  const userIds = new Set<number>();
  const chatIds = new Set<number>();
  const add = (p: PeerRef | 'anonymous' | undefined) => {
    if (!p || p === 'anonymous') return;
    if (p.type === 'user') userIds.add(p.id);
    else chatIds.add(p.id);
  };
  peers.forEach(add);
  for (const m of messages) {
    add(m.peer);
    add(m.from);
    if (m.forwardedFrom?.userId) userIds.add(m.forwardedFrom.userId);
    if (m.forwardedFrom?.channelId) chatIds.add(m.forwardedFrom.channelId);
    for (const id of m.service?.userIds ?? []) userIds.add(id);
  }
  userIds.add(world.self.id);
  const users = [...userIds]
    .map((id) => world.user(id))
    .filter((u): u is UserRecord => !!u)
    .map((u) => apiUser(u, world));
  const chats = [...chatIds]
    .map((id) => world.chat(id))
    .filter((c): c is ChatRecord => !!c)
    .map((c) => apiChat(c, world));
  return { users, chats };
}
