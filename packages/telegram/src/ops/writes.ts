// Write operations of the actions role. They send plain requests: the chokepoint lets them
// through only inside the write capability, which only the policy executor holds. Targets are
// pinned peers (id + access hash), never references: a write resolves nothing.
import { type Clock, type Random, systemClock, systemRandom } from '@tgmcp/core';
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers.js';
import { CustomFile } from 'telegram/client/uploads.js';
import { InvalidInputError, TelegramError } from '../errors.js';
import { readOutboxFile } from '../paths/outbox.js';
import { parsePeerRef } from '../peers/parse-ref.js';
import {
  type PeerHandle,
  chatIdOf,
  inputChannelOf,
  inputPeerOf,
  inputUserOf,
} from '../peers/pinned.js';
import type { OpsContext } from './context.js';
import { iso } from './time.js';
import type { MembershipResult, SendResult } from './types.js';

export class PartialWriteError extends TelegramError {
  readonly code = 'PARTIAL_WRITE';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PartialWriteError';
  }
}

/** A fresh 64-bit random id (decimal string) for a send; keep it to retry the same send. */
export const newRandomId = (random: Random = systemRandom): string =>
  BigInt.asIntN(64, Buffer.from(random.bytes(8)).readBigUInt64BE()).toString();

function randomIdOf(input: string | undefined, random: Random | undefined): string {
  if (input === undefined) return newRandomId(random);
  if (!/^-?\d{1,20}$/.test(input) || BigInt.asIntN(64, BigInt(input)) !== BigInt(input))
    throw new InvalidInputError('random_id', 'must be a signed 64-bit integer in decimal');
  return input;
}

const rpcError = (err: unknown) => (err as { errorMessage?: string }).errorMessage;

function sentOf(
  updates: Api.TypeUpdates,
  peer: PeerHandle,
  randomId: string,
  clock: Clock,
): SendResult {
  if (updates instanceof Api.UpdateShortSentMessage)
    return {
      chat_id: peer.id,
      message_id: updates.id,
      date: iso(updates.date),
      random_id: randomId,
    };
  const list = 'updates' in updates ? updates.updates : [];
  let id: number | undefined;
  let date: number | undefined;
  for (const u of list) {
    if (u instanceof Api.UpdateMessageID && String(u.randomId) === randomId) id = u.id;
    if (
      (u instanceof Api.UpdateNewMessage || u instanceof Api.UpdateNewChannelMessage) &&
      u.message instanceof Api.Message
    ) {
      id ??= u.message.id;
      date = u.message.date;
    }
  }
  if (id === undefined)
    throw new PartialWriteError(
      `Telegram accepted the send to ${peer.id} but returned no message id`,
    );
  return {
    chat_id: peer.id,
    message_id: id,
    date: iso(date ?? ('date' in updates ? updates.date : Math.floor(clock.now() / 1000))),
    random_id: randomId,
  };
}

export interface SendMessageOptions {
  /** The same id on a retry makes it the same send (Telegram deduplicates). */
  randomId?: string;
  replyTo?: number;
  silent?: boolean;
}

export async function sendMessage(
  ctx: OpsContext,
  peer: PeerHandle,
  text: string,
  o: SendMessageOptions = {},
): Promise<SendResult> {
  await ctx.peers.checkHandle(peer, 'chat');
  if (typeof text !== 'string' || !text.trim())
    throw new InvalidInputError('message', 'must not be empty');
  if (text.length > 4096) throw new InvalidInputError('message', 'must be at most 4096 characters');
  const randomId = randomIdOf(o.randomId, ctx.random);
  const updates = await ctx.client.invoke(
    new Api.messages.SendMessage({
      peer: inputPeerOf(peer),
      message: text,
      randomId: returnBigInt(randomId),
      silent: o.silent,
      replyTo: o.replyTo ? new Api.InputReplyToMessage({ replyToMsgId: o.replyTo }) : undefined,
    }),
  );
  return sentOf(updates, peer, randomId, ctx.clock ?? systemClock);
}

const MIME: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  pdf: 'application/pdf',
  txt: 'text/plain',
  csv: 'text/csv',
  json: 'application/json',
  mp4: 'video/mp4',
  zip: 'application/zip',
};

export interface SendFileOptions {
  caption?: string;
  randomId?: string;
  /** Send images as files instead of photos. */
  forceDocument?: boolean;
  /** Expected sha256 of the bytes (what the person approved): refuse if the file changed. */
  sha256?: string;
}

export async function sendFile(
  ctx: OpsContext,
  peer: PeerHandle,
  filePath: string,
  o: SendFileOptions = {},
): Promise<SendResult & { file_name: string; size: number; sha256: string }> {
  await ctx.peers.checkHandle(peer, 'chat');
  const caption = o.caption ?? '';
  if (caption.length > 1024)
    throw new InvalidInputError('caption', 'must be at most 1024 characters');
  const randomId = randomIdOf(o.randomId, ctx.random);
  const file = readOutboxFile(filePath, ctx.fileRoots, ctx.deniedDirs, ctx.maxUploadBytes);
  if (o.sha256 !== undefined && o.sha256 !== file.sha256)
    throw new InvalidInputError('file_path', 'the file changed since it was approved');
  const inputPeer = inputPeerOf(peer);
  const uploaded = await ctx.client.uploadFile({
    file: new CustomFile(file.name, file.size, '', file.bytes),
    workers: 1,
  });
  const ext = file.name.split('.').pop()?.toLowerCase() ?? '';
  const mimeType = MIME[ext] ?? 'application/octet-stream';
  const asPhoto = !o.forceDocument && (mimeType === 'image/jpeg' || mimeType === 'image/png');
  const media = asPhoto
    ? new Api.InputMediaUploadedPhoto({ file: uploaded })
    : new Api.InputMediaUploadedDocument({
        file: uploaded,
        mimeType,
        attributes: [new Api.DocumentAttributeFilename({ fileName: file.name })],
        forceFile: true,
      });
  const updates = await ctx.client.invoke(
    new Api.messages.SendMedia({
      peer: inputPeer,
      media,
      message: caption,
      randomId: returnBigInt(randomId),
    }),
  );
  return {
    ...sentOf(updates, peer, randomId, ctx.clock ?? systemClock),
    file_name: file.name,
    size: file.size,
    sha256: file.sha256,
  };
}

function groupAndUser(chat: PeerHandle, user: PeerHandle) {
  if (chat.type === 'user')
    throw new InvalidInputError('group', `${chat.id} is a user, not a group`);
  return { chat, user: inputUserOf(user), userId: user.id, isChannel: chat.type !== 'group' };
}

export async function addMember(
  ctx: OpsContext,
  chatPeer: PeerHandle,
  userPeer: PeerHandle,
): Promise<MembershipResult> {
  await ctx.peers.checkHandle(chatPeer, 'group');
  const { chat, user, userId, isChannel } = groupAndUser(chatPeer, userPeer);
  const result = { chat_id: chat.id, user_id: userId };
  try {
    const r = isChannel
      ? await ctx.client.invoke(
          new Api.channels.InviteToChannel({ channel: inputChannelOf(chat), users: [user] }),
        )
      : await ctx.client.invoke(
          new Api.messages.AddChatUser({ chatId: chatIdOf(chat), userId: user, fwdLimit: 0 }),
        );
    if (r.missingInvitees.length > 0)
      throw new InvalidInputError(
        'user',
        `${userId}'s privacy settings do not allow adding them (USER_PRIVACY_RESTRICTED)`,
      );
    return { ...result, changed: true };
  } catch (err) {
    if (rpcError(err) === 'USER_ALREADY_PARTICIPANT') return { ...result, changed: false };
    throw err;
  }
}

/** Whether the user is in the channel now: not left, not kicked (restricted members are in). */
async function inChannel(
  ctx: OpsContext,
  channel: Api.TypeInputChannel,
  participant: Api.TypeInputPeer,
): Promise<boolean> {
  try {
    const { participant: p } = await ctx.client.invoke(
      new Api.channels.GetParticipant({ channel, participant }),
    );
    if (p instanceof Api.ChannelParticipantLeft) return false;
    if (p instanceof Api.ChannelParticipantBanned) return !(p.left || p.bannedRights.viewMessages);
    return true;
  } catch (err) {
    if (rpcError(err) === 'USER_NOT_PARTICIPANT') return false;
    throw err;
  }
}

export async function removeMember(
  ctx: OpsContext,
  chatPeer: PeerHandle,
  userPeer: PeerHandle,
): Promise<MembershipResult> {
  // For the read role (which cannot write), even the membership look first must stay in scope.
  await ctx.peers.checkHandle(chatPeer, 'group');
  const { chat, user, userId, isChannel } = groupAndUser(chatPeer, userPeer);
  const result = { chat_id: chat.id, user_id: userId };
  if (!isChannel) {
    try {
      await ctx.client.invoke(
        new Api.messages.DeleteChatUser({ chatId: chatIdOf(chat), userId: user }),
      );
      return { ...result, changed: true };
    } catch (err) {
      if (rpcError(err) === 'USER_NOT_PARTICIPANT')
        return { ...result, changed: false, not_participant: true };
      throw err;
    }
  }
  // Supergroups and channels remove by banning; the unban that follows lets them rejoin later.
  // Banning a non-member would "succeed" (and the unban too): look first, with one read.
  const channel = inputChannelOf(chat);
  const participant = inputPeerOf(userPeer, 'user');
  if (!(await inChannel(ctx, channel, participant)))
    return { ...result, changed: false, not_participant: true };
  const edit = (viewMessages: boolean) =>
    ctx.client.invoke(
      new Api.channels.EditBanned({
        channel,
        participant,
        bannedRights: new Api.ChatBannedRights({ untilDate: 0, viewMessages }),
      }),
    );
  await edit(true);
  let lastError: unknown;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await edit(false);
      return { ...result, changed: true };
    } catch (err) {
      lastError = err;
    }
  }
  throw new PartialWriteError(
    `${userId} was removed from ${chat.id} but is still banned (the unban failed: ${rpcError(lastError) ?? String(lastError)}); unban them in the chat's settings`,
    { cause: lastError },
  );
}

export async function joinChat(ctx: OpsContext, ref: unknown): Promise<MembershipResult> {
  // The read role only ever learns whether it is a member already: for it, the target must be
  // in the read scope.
  await ctx.peers.checkForWrite(ref, 'chat', 'chat');
  const parsed = parsePeerRef(ref);
  const self = String(ctx.self.id);
  if (parsed.kind === 'invite') {
    const invite = await ctx.client.invoke(new Api.messages.CheckChatInvite({ hash: parsed.hash }));
    if (invite instanceof Api.ChatInviteAlready) {
      const c = invite.chat as Api.Chat | Api.Channel;
      return {
        chat_id: c instanceof Api.Channel ? `-100${String(c.id)}` : `-${String(c.id)}`,
        user_id: self,
        changed: false,
      };
    }
    const r = await ctx.client.invoke(new Api.messages.ImportChatInvite({ hash: parsed.hash }));
    const c = 'chats' in r ? (r.chats[0] as Api.Chat | Api.Channel | undefined) : undefined;
    const id = c ? (c instanceof Api.Channel ? `-100${String(c.id)}` : `-${String(c.id)}`) : '';
    return { chat_id: id, user_id: self, changed: true };
  }
  const chat = await ctx.peers.forWrite(ref, 'chat', 'chat');
  if (!(chat.entity instanceof Api.Channel))
    throw new InvalidInputError('chat', `${chat.id} can only be joined through an invite link`);
  try {
    await ctx.client.invoke(new Api.channels.JoinChannel({ channel: chat.entity }));
    return { chat_id: chat.id, user_id: self, changed: true };
  } catch (err) {
    if (rpcError(err) === 'USER_ALREADY_PARTICIPANT')
      return { chat_id: chat.id, user_id: self, changed: false };
    throw err;
  }
}
