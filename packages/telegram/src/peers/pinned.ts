// A peer pinned when it was resolved: marked id, type and access hash. Writes take only this, so
// a username handed to another chat after the policy's gate cannot redirect a write: there is no
// second resolution between the check and the send, and building the input peer asks no one.
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers.js';
import { InvalidInputError } from '../errors.js';
import type { PeerType, ResolvedPeer } from './resolve.js';

export interface PinnedPeer {
  /** Marked id: `<id>` user, `-<id>` basic group, `-100<id>` supergroup or channel. */
  id: string;
  type: PeerType;
  title: string;
  username: string | null;
  /** Telegram's access hash for this account (users, supergroups, channels); null for groups. */
  accessHash: string | null;
}

/** What a write needs of a pinned peer. */
export type PeerHandle = Pick<PinnedPeer, 'id' | 'type' | 'accessHash'>;

export function pinnedOf(p: ResolvedPeer): PinnedPeer {
  const hash =
    p.entity instanceof Api.User || p.entity instanceof Api.Channel
      ? (p.entity.accessHash?.toString() ?? null)
      : null;
  return {
    id: p.id,
    type: p.type,
    title: p.title,
    username: p.username ?? null,
    accessHash: hash,
  };
}

function bareId(handle: PeerHandle, field: string): string {
  const bare =
    handle.type === 'user'
      ? handle.id
      : handle.type === 'group'
        ? handle.id.replace(/^-/, '')
        : handle.id.replace(/^-100/, '');
  if (!/^\d{1,20}$/.test(bare))
    throw new InvalidInputError(field, `pinned peer id ${handle.id} does not match its type`);
  return bare;
}

function hashOf(handle: PeerHandle, field: string) {
  if (handle.accessHash === null || !/^-?\d{1,20}$/.test(handle.accessHash))
    throw new InvalidInputError(field, `pinned peer ${handle.id} has no access hash`);
  return returnBigInt(handle.accessHash);
}

export function inputPeerOf(handle: PeerHandle, field = 'group'): Api.TypeInputPeer {
  const id = returnBigInt(bareId(handle, field));
  if (handle.type === 'user')
    return new Api.InputPeerUser({ userId: id, accessHash: hashOf(handle, field) });
  if (handle.type === 'group') return new Api.InputPeerChat({ chatId: id });
  return new Api.InputPeerChannel({ channelId: id, accessHash: hashOf(handle, field) });
}

export function inputUserOf(handle: PeerHandle, field = 'user'): Api.InputUser {
  if (handle.type !== 'user')
    throw new InvalidInputError(field, `${handle.id} is a ${handle.type}, not a user`);
  return new Api.InputUser({
    userId: returnBigInt(bareId(handle, field)),
    accessHash: hashOf(handle, field),
  });
}

export function inputChannelOf(handle: PeerHandle, field = 'group'): Api.InputChannel {
  return new Api.InputChannel({
    channelId: returnBigInt(bareId(handle, field)),
    accessHash: hashOf(handle, field),
  });
}

/** The basic group's bare id (messages.AddChatUser and friends). */
export const chatIdOf = (handle: PeerHandle, field = 'group'): Api.messages.AddChatUser['chatId'] =>
  returnBigInt(bareId(handle, field));
