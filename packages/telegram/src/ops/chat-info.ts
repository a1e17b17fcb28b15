// Chat and user details: getChatInfo (members, about, creation date, my rights, slowmode),
// getUser, countMessages and getCreationDate.
import { Api } from 'telegram';
import { InvalidInputError } from '../errors.js';
import type { ResolvedPeer } from '../peers/resolve.js';
import type { OpsContext } from './context.js';
import { normalizeUser } from './normalize-user.js';
import { isoOrNull } from './time.js';
import type { AdminRights, ChatInfo, Peer, UserInfo } from './types.js';

export const toPeer = (p: ResolvedPeer): Peer => ({
  id: p.id,
  type: p.type,
  title: p.title,
  username: p.username ?? null,
});

function rightsOf(r: Api.ChatAdminRights | undefined, creator: boolean): AdminRights | null {
  if (!r && !creator) return null;
  const all = creator;
  return {
    change_info: all || !!r?.changeInfo,
    post_messages: all || !!r?.postMessages,
    delete_messages: all || !!r?.deleteMessages,
    ban_users: all || !!r?.banUsers,
    invite_users: all || !!r?.inviteUsers,
    pin_messages: all || !!r?.pinMessages,
    add_admins: all || !!r?.addAdmins,
  };
}

function myRole(chat: Api.Chat | Api.Channel): ChatInfo['my_role'] {
  if (chat.creator) return 'creator';
  if (chat.left) return 'left';
  if (chat instanceof Api.Channel && chat.bannedRights?.viewMessages) return 'banned';
  if (chat.adminRights) return 'admin';
  return 'member';
}

/** `field`: the caller's name for `ref`, in errors (also CHAT_NOT_ALLOWED). */
export async function getChatInfo(
  ctx: OpsContext,
  ref: unknown,
  field = 'chat',
): Promise<ChatInfo> {
  const peer = await ctx.peers.chat(ref, field);
  const e = peer.entity;
  if (e instanceof Api.User) {
    const full = await ctx.client.invoke(new Api.users.GetFullUser({ id: e }));
    return {
      ...toPeer(peer),
      members_count: null,
      about: full.fullUser.about ?? null,
      created_at: null,
      created_at_unix: null,
      my_role: 'member',
      my_rights: null,
      slowmode_seconds: null,
    };
  }
  let about: string | null = null;
  let members: number | null = null;
  let slowmode: number | null = null;
  let chat: Api.Chat | Api.Channel = e;
  if (e instanceof Api.Channel) {
    const full = await ctx.client.invoke(new Api.channels.GetFullChannel({ channel: e }));
    const fc = full.fullChat as Api.ChannelFull;
    about = fc.about || null;
    members = fc.participantsCount ?? e.participantsCount ?? null;
    slowmode = fc.slowmodeSeconds ?? null;
    chat = (full.chats.find((c) => String(c.id) === String(e.id)) as Api.Channel) ?? e;
  } else {
    const full = await ctx.client.invoke(new Api.messages.GetFullChat({ chatId: e.id }));
    const fc = full.fullChat as Api.ChatFull;
    about = fc.about || null;
    members = e.participantsCount ?? null;
    chat = (full.chats.find((c) => String(c.id) === String(e.id)) as Api.Chat) ?? e;
  }
  // Telegram's chat `date` is the creation date for chats we did not join, else our join date:
  // the creation date is the oldest message's (see getCreationDate).
  const created = await creationDate(ctx, peer);
  return {
    ...toPeer(peer),
    members_count: members,
    about,
    created_at: isoOrNull(created),
    created_at_unix: created,
    my_role: myRole(chat),
    my_rights: rightsOf(chat.adminRights, !!chat.creator),
    slowmode_seconds: slowmode,
  };
}

/** People are not chats: any user resolves; a chat reference only inside the read scope. */
export async function getUser(ctx: OpsContext, ref: unknown, field = 'user'): Promise<UserInfo> {
  const peer = await ctx.peers.peer(ref, field);
  if (!(peer.entity instanceof Api.User))
    throw new InvalidInputError(field, `${peer.id} is a ${peer.type}, not a user`);
  const full = await ctx.client.invoke(new Api.users.GetFullUser({ id: peer.entity }));
  const user = (full.users.find((u) => String(u.id) === String(peer.entity.id)) ??
    peer.entity) as Api.User;
  return { ...normalizeUser(user), about: full.fullUser.about ?? null };
}

/** The server's count of messages in the chat (one request, no history transferred). */
export async function countMessages(
  ctx: OpsContext,
  ref: unknown,
  field = 'chat',
): Promise<number> {
  const peer = await ctx.peers.chat(ref, field);
  const r = await ctx.client.invoke(
    new Api.messages.GetHistory({ peer: peer.entity, limit: 1, offsetId: 0, addOffset: 0 }),
  );
  if (r instanceof Api.messages.MessagesNotModified) return r.count;
  return 'count' in r ? r.count : r.messages.length;
}

async function creationDate(ctx: OpsContext, peer: ResolvedPeer): Promise<number | null> {
  // The oldest message: the page just above id 1 (negative add_offset walks towards newer).
  const r = await ctx.client.invoke(
    new Api.messages.GetHistory({ peer: peer.entity, offsetId: 1, addOffset: -1, limit: 1 }),
  );
  if (r instanceof Api.messages.MessagesNotModified) return null;
  const dates = r.messages.filter((m) => !(m instanceof Api.MessageEmpty)).map((m) => m.date);
  return dates.length ? Math.min(...dates) : null;
}

export async function getCreationDate(
  ctx: OpsContext,
  ref: unknown,
  field = 'chat',
): Promise<{ peer: Peer; created_at: string | null; created_at_unix: number | null }> {
  const peer = await ctx.peers.chat(ref, field);
  const created = await creationDate(ctx, peer);
  return { peer: toPeer(peer), created_at: isoOrNull(created), created_at_unix: created };
}
