// Input peers from a request -> world records, with access hashes checked the way Telegram
// checks them (a wrong hash is CHANNEL_INVALID / PEER_ID_INVALID / USER_ID_INVALID).
import { RpcError } from '../mtproto/connection.js';
import type { ChatRecord, PeerRef, UserRecord } from '../world/records.js';
import type { World } from '../world/world.js';

/** gramjs longs are big-integer objects; ids in the world are plain numbers. */
export const num = (v: unknown): number => Number(String(v));
// eslint-disable-next-line @typescript-eslint/no-base-to-string -- big-integer prints its value
const hash = (v: unknown): bigint => BigInt(v === undefined || v === null ? 0 : String(v));

interface Input {
  className: string;
  userId?: unknown;
  chatId?: unknown;
  channelId?: unknown;
  accessHash?: unknown;
  peer?: Input;
}

export function resolveUser(world: World, input: Input | undefined): UserRecord {
  if (!input) throw new RpcError(400, 'USER_ID_INVALID');
  switch (input.className) {
    case 'InputUserSelf':
    case 'InputPeerSelf':
      return world.self;
    case 'InputUser':
    case 'InputPeerUser': {
      const user = world.user(num(input.userId));
      if (!user || user.accessHash !== hash(input.accessHash))
        throw new RpcError(
          400,
          input.className === 'InputUser' ? 'USER_ID_INVALID' : 'PEER_ID_INVALID',
        );
      return user;
    }
    case 'InputUserFromMessage':
    case 'InputPeerUserFromMessage': {
      const user = world.user(num(input.userId));
      if (!user) throw new RpcError(400, 'USER_ID_INVALID');
      return user;
    }
    default:
      throw new RpcError(400, 'USER_ID_INVALID');
  }
}

export function resolveChannel(world: World, input: Input | undefined): ChatRecord {
  if (!input) throw new RpcError(400, 'CHANNEL_INVALID');
  if (
    input.className === 'InputChannelFromMessage' ||
    input.className === 'InputPeerChannelFromMessage'
  ) {
    const chat = world.chat(num(input.channelId));
    if (!chat || chat.kind === 'group') throw new RpcError(400, 'CHANNEL_INVALID');
    return chat;
  }
  if (input.className !== 'InputChannel' && input.className !== 'InputPeerChannel')
    throw new RpcError(400, 'CHANNEL_INVALID');
  const chat = world.chat(num(input.channelId));
  if (!chat || chat.kind === 'group' || chat.accessHash !== hash(input.accessHash))
    throw new RpcError(400, 'CHANNEL_INVALID');
  return chat;
}

export function resolvePeer(world: World, input: Input | undefined): PeerRef {
  if (!input) throw new RpcError(400, 'PEER_ID_INVALID');
  switch (input.className) {
    case 'InputPeerSelf':
      return { type: 'user', id: world.self.id };
    case 'InputPeerUser':
    case 'InputPeerUserFromMessage':
      return { type: 'user', id: resolveUser(world, input).id };
    case 'InputPeerChat': {
      const chat = world.chat(num(input.chatId));
      if (!chat || chat.kind !== 'group') throw new RpcError(400, 'PEER_ID_INVALID');
      return { type: 'chat', id: chat.id };
    }
    case 'InputPeerChannel':
    case 'InputPeerChannelFromMessage':
      return { type: 'channel', id: resolveChannel(world, input).id };
    default:
      throw new RpcError(400, 'PEER_ID_INVALID');
  }
}

/** The chat record behind a group or channel peer (undefined for users). */
export function chatOf(world: World, peer: PeerRef): ChatRecord | undefined {
  return peer.type === 'user' ? undefined : world.chat(peer.id);
}

/** Reading a channel we are not in needs it to be public. */
export function assertReadable(world: World, peer: PeerRef): void {
  const chat = chatOf(world, peer);
  if (!chat) return;
  if (chat.myRole === 'banned') throw new RpcError(400, 'CHANNEL_PRIVATE');
  if (chat.myRole === 'left' && !chat.username)
    throw new RpcError(400, chat.kind === 'group' ? 'CHAT_ID_INVALID' : 'CHANNEL_PRIVATE');
}
