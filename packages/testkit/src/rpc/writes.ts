// Writes that change the world: messages and media sent, members added and removed, joins.
// Permission and privacy errors are the ones Telegram gives; random_id is deduplicated.
import { Api } from 'telegram';
import { RpcError } from '../mtproto/connection.js';
import type {
  ChatRecord,
  FileRecord,
  MessageRecord,
  PeerRef,
  UserRecord,
} from '../world/records.js';
import type { World } from '../world/world.js';
import type { HandlerContext, HandlerTable } from './context.js';
import { apiMessage, big, referenced } from './convert.js';
import { chatOf, num, resolveChannel, resolvePeer, resolveUser } from './peers.js';
import { takeUpload } from './upload.js';

const isAdmin = (c: ChatRecord) => c.myRole === 'creator' || c.myRole === 'admin';

function assertCanPost(world: World, peer: PeerRef): void {
  const chat = chatOf(world, peer);
  if (!chat) {
    const user = world.user(peer.id);
    if (user?.deleted) throw new RpcError(400, 'INPUT_USER_DEACTIVATED');
    return;
  }
  if (chat.myRole === 'banned') throw new RpcError(403, 'USER_BANNED_IN_CHANNEL');
  if (chat.myRole === 'left')
    throw new RpcError(403, chat.kind === 'group' ? 'CHAT_WRITE_FORBIDDEN' : 'CHANNEL_PRIVATE');
  if (chat.kind === 'channel' && !(chat.myRole === 'creator' || chat.myAdminRights?.postMessages))
    throw new RpcError(403, 'CHAT_ADMIN_REQUIRED');
  if (chat.readOnly && !isAdmin(chat)) throw new RpcError(403, 'CHAT_WRITE_FORBIDDEN');
  if (chat.slowmodeSeconds > 0 && !isAdmin(chat)) {
    const last = world.lastPostAt.get(chat.id);
    const left = last === undefined ? 0 : last + chat.slowmodeSeconds - world.now();
    if (left > 0) throw new RpcError(420, `SLOWMODE_WAIT_${left}`);
  }
}

function updatesFor(world: World, message: MessageRecord, randomId: unknown): Api.Updates {
  const apiMsg = apiMessage(message, world);
  const pts = message.peer.type === 'channel' ? (chatOf(world, message.peer)!.pts += 1) : 1;
  const newMessage =
    message.peer.type === 'channel'
      ? new Api.UpdateNewChannelMessage({ message: apiMsg, pts, ptsCount: 1 })
      : new Api.UpdateNewMessage({ message: apiMsg, pts, ptsCount: 1 });
  const { users, chats } = referenced(world, [message.peer], [message]);
  return new Api.Updates({
    updates: [
      new Api.UpdateMessageID({ id: message.id, randomId: big(BigInt(String(randomId))) }),
      newMessage,
    ],
    users,
    chats,
    date: message.date,
    seq: 0,
  });
}

function post(
  ctx: HandlerContext,
  peer: PeerRef,
  randomId: unknown,
  build: () => {
    text: string;
    media?: FileRecord;
    replyTo?: number;
    entities?: MessageRecord['entities'];
  },
): Api.Updates {
  const { world } = ctx;
  const dedupeKey = `${peer.type}:${peer.id}:${String(randomId)}`;
  const previous = world.sentByRandomId.get(dedupeKey);
  if (previous) return updatesFor(world, previous, randomId);
  assertCanPost(world, peer);
  const content = build();
  const message = world.addMessage(peer, {
    date: world.now(),
    from: world.self.id,
    text: content.text,
    replyTo: content.replyTo,
    entities: content.entities as never,
  });
  if (content.media) message.media = content.media;
  world.sentByRandomId.set(dedupeKey, message);
  if (peer.type !== 'user') world.lastPostAt.set(peer.id, world.now());
  return updatesFor(world, message, randomId);
}

function text(message: string, maxLength: number): string {
  if (message.length > maxLength)
    throw new RpcError(400, maxLength === 4096 ? 'MESSAGE_TOO_LONG' : 'MEDIA_CAPTION_TOO_LONG');
  return message;
}

function mediaFrom(
  world: World,
  media: {
    className: string;
    file?: { id: unknown; parts: number; name: string };
    mimeType?: string;
    id?: { id: unknown };
  },
): FileRecord {
  if (media.className === 'InputMediaUploadedPhoto' && media.file) {
    return world.storeUpload(
      'photo',
      media.file.name || 'photo.jpg',
      'image/jpeg',
      takeUpload(world, media.file),
    );
  }
  if (media.className === 'InputMediaUploadedDocument' && media.file) {
    return world.storeUpload(
      'document',
      media.file.name || 'file',
      media.mimeType ?? 'application/octet-stream',
      takeUpload(world, media.file),
    );
  }
  if (
    (media.className === 'InputMediaPhoto' || media.className === 'InputMediaDocument') &&
    media.id
  ) {
    const f = world.file(BigInt(String(media.id.id)));
    if (f) return f;
  }
  throw new RpcError(400, 'MEDIA_INVALID');
}

function inviteOne(
  world: World,
  chat: ChatRecord,
  user: UserRecord,
  single: boolean,
  missing: Api.MissingInvitee[],
): boolean {
  const members = world.members(chat.id);
  const current = members.get(user.id);
  if (current && current.role !== 'left' && current.role !== 'banned')
    throw new RpcError(400, 'USER_ALREADY_PARTICIPANT');
  if (current?.role === 'banned') throw new RpcError(400, 'USER_KICKED');
  if (user.bot && chat.kind === 'channel') throw new RpcError(400, 'BOT_GROUPS_BLOCKED');
  if (user.tooManyChannels && chat.kind !== 'group')
    throw new RpcError(400, 'USER_CHANNELS_TOO_MUCH');
  if (user.forbidsInvites) {
    if (single) throw new RpcError(403, 'USER_PRIVACY_RESTRICTED');
    missing.push(new Api.MissingInvitee({ userId: big(user.id) }));
    return false;
  }
  if (current?.role === 'left' && !user.mutualContact)
    throw new RpcError(400, 'USER_NOT_MUTUAL_CONTACT');
  members.set({ userId: user.id, role: 'member', date: world.now(), inviterId: world.self.id });
  world.addMessage(world.peerOfChat(chat), {
    date: world.now(),
    from: world.self.id,
    service: { action: 'add', userIds: [user.id] },
  });
  return true;
}

function invitedUsers(
  world: World,
  chat: ChatRecord,
  missing: Api.MissingInvitee[],
): Api.messages.InvitedUsers {
  return new Api.messages.InvitedUsers({
    updates: chatUpdates(world, chat),
    missingInvitees: missing,
  });
}

/** An Updates answer that only refreshes the chat (what member changes return). */
const chatUpdates = (world: World, chat: ChatRecord) =>
  new Api.Updates({
    updates: [],
    users: [],
    chats: [referencedChat(world, chat)],
    date: world.now(),
    seq: 0,
  });

const referencedChat = (world: World, chat: ChatRecord) =>
  referenced(world, [world.peerOfChat(chat)], []).chats[0]!;

function assertCanInvite(chat: ChatRecord): void {
  if (chat.myRole === 'left' || chat.myRole === 'banned')
    throw new RpcError(403, 'CHAT_WRITE_FORBIDDEN');
  if (chat.kind !== 'group' && !(chat.myRole === 'creator' || chat.myAdminRights?.inviteUsers))
    throw new RpcError(400, 'CHAT_ADMIN_REQUIRED');
}

export const writeHandlers: HandlerTable = {
  'messages.SendMessage'(req: Api.messages.SendMessage, ctx) {
    const peer = resolvePeer(ctx.world, req.peer as never);
    if (!req.message.trim()) throw new RpcError(400, 'MESSAGE_EMPTY');
    const replyTo = (req.replyTo as { replyToMsgId?: number } | undefined)?.replyToMsgId;
    return post(ctx, peer, req.randomId, () => ({ text: text(req.message, 4096), replyTo }));
  },

  'messages.SendMedia'(req: Api.messages.SendMedia, ctx) {
    const peer = resolvePeer(ctx.world, req.peer as never);
    return post(ctx, peer, req.randomId, () => ({
      text: text(req.message ?? '', 1024),
      media: mediaFrom(ctx.world, req.media as never),
    }));
  },

  'channels.InviteToChannel'(req: Api.channels.InviteToChannel, { world }) {
    const chat = resolveChannel(world, req.channel as never);
    assertCanInvite(chat);
    const missing: Api.MissingInvitee[] = [];
    for (const input of req.users)
      inviteOne(world, chat, resolveUser(world, input as never), req.users.length === 1, missing);
    return invitedUsers(world, chat, missing);
  },

  'messages.AddChatUser'(req: Api.messages.AddChatUser, { world }) {
    const chat = world.chat(num(req.chatId));
    if (!chat || chat.kind !== 'group') throw new RpcError(400, 'CHAT_ID_INVALID');
    assertCanInvite(chat);
    const missing: Api.MissingInvitee[] = [];
    inviteOne(world, chat, resolveUser(world, req.userId as never), true, missing);
    return invitedUsers(world, chat, missing);
  },

  'channels.EditBanned'(req: Api.channels.EditBanned, { world }) {
    const chat = resolveChannel(world, req.channel as never);
    if (!(chat.myRole === 'creator' || chat.myAdminRights?.banUsers))
      throw new RpcError(400, 'CHAT_ADMIN_REQUIRED');
    const peer = resolvePeer(world, req.participant as never);
    const members = world.members(chat.id);
    const rights = req.bannedRights;
    if (rights.viewMessages) members.set({ userId: peer.id, role: 'banned', date: world.now() });
    else if (members.get(peer.id)?.role === 'banned')
      members.set({ userId: peer.id, role: 'left', date: world.now() });
    return chatUpdates(world, chat);
  },

  'messages.DeleteChatUser'(req: Api.messages.DeleteChatUser, { world }) {
    const chat = world.chat(num(req.chatId));
    if (!chat || chat.kind !== 'group') throw new RpcError(400, 'CHAT_ID_INVALID');
    const user = resolveUser(world, req.userId as never);
    if (user.id !== world.self.id && !isAdmin(chat)) throw new RpcError(400, 'CHAT_ADMIN_REQUIRED');
    const p = world.members(chat.id).get(user.id);
    if (!p || p.role === 'left') throw new RpcError(400, 'USER_NOT_PARTICIPANT');
    world.members(chat.id).set({ userId: user.id, role: 'left', date: world.now() });
    if (user.id === world.self.id) chat.myRole = 'left';
    return chatUpdates(world, chat);
  },

  'channels.JoinChannel'(req: Api.channels.JoinChannel, { world }) {
    const chat = resolveChannel(world, req.channel as never);
    if (chat.myRole === 'banned') throw new RpcError(400, 'CHANNEL_PRIVATE');
    if (chat.myRole !== 'left') throw new RpcError(400, 'USER_ALREADY_PARTICIPANT');
    if (world.self.tooManyChannels) throw new RpcError(400, 'CHANNELS_TOO_MUCH');
    chat.myRole = 'member';
    world.members(chat.id).set({ userId: world.self.id, role: 'member', date: world.now() });
    return chatUpdates(world, chat);
  },

  'messages.ImportChatInvite'(req: Api.messages.ImportChatInvite, { world }) {
    const chat = world.chatByInvite(req.hash);
    if (!chat) throw new RpcError(400, 'INVITE_HASH_INVALID');
    if (chat.myRole === 'banned') throw new RpcError(400, 'CHANNEL_PRIVATE');
    if (chat.myRole !== 'left') throw new RpcError(400, 'USER_ALREADY_PARTICIPANT');
    chat.myRole = 'member';
    world.members(chat.id).set({ userId: world.self.id, role: 'member', date: world.now() });
    return chatUpdates(world, chat);
  },
};
