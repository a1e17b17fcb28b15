// Chat references -> one peer of this account, with its marked id. Usernames and invite links
// ask Telegram; ids use gramjs's entity cache, filled from the dialog list once when needed.
import { Api, type TelegramClient } from 'telegram';
import { returnBigInt } from 'telegram/Helpers.js';
import { PeerNotFoundError } from '../errors.js';
import { type PeerRef, parsePeerRef } from './parse-ref.js';

export type PeerType = 'user' | 'group' | 'supergroup' | 'channel';

export interface ResolvedPeer {
  /** Marked id: `<id>` user, `-<id>` basic group, `-100<id>` supergroup or channel. */
  id: string;
  type: PeerType;
  title: string;
  username?: string;
  /** The gramjs entity, for this package's own operations only. */
  entity: Api.User | Api.Chat | Api.Channel;
}

export function describeEntity(
  entity: Api.User | Api.Chat | Api.Channel,
): Omit<ResolvedPeer, 'entity'> {
  if (entity instanceof Api.User) {
    const title =
      [entity.firstName, entity.lastName].filter(Boolean).join(' ') ||
      (entity.deleted ? 'Deleted Account' : '');
    return { id: String(entity.id), type: 'user', title, username: entity.username ?? undefined };
  }
  if (entity instanceof Api.Chat)
    return { id: `-${String(entity.id)}`, type: 'group', title: entity.title };
  return {
    id: `-100${String(entity.id)}`,
    type: entity.broadcast ? 'channel' : 'supergroup',
    title: entity.title,
    username: entity.username ?? undefined,
  };
}

/** The reference as written, and the caller's name for it (for errors). */
interface Input {
  text: string;
  field: string;
}

const isPeerEntity = (e: unknown): e is Api.User | Api.Chat | Api.Channel =>
  e instanceof Api.User || e instanceof Api.Chat || e instanceof Api.Channel;

export class PeerResolver {
  private dialogsLoaded = false;

  constructor(private readonly client: TelegramClient) {}

  /** `field` names the reference in errors (the caller's parameter: `group`, `username`, ...). */
  async resolve(input: unknown, field = 'chat'): Promise<ResolvedPeer> {
    const ref = parsePeerRef(input, field);
    const text = typeof input === 'string' ? input.trim() : String(input);
    const entity = await this.find(ref, { text, field });
    return { ...describeEntity(entity), entity };
  }

  private async find(ref: PeerRef, input: Input): Promise<Api.User | Api.Chat | Api.Channel> {
    switch (ref.kind) {
      case 'self':
        return await this.client.getMe();
      case 'username':
        return this.byUsername(ref.username, input);
      case 'invite':
        return this.byInvite(ref.hash, input);
      case 'id':
        return this.byId(ref.type, ref.id, input);
    }
  }

  private async byUsername(username: string, { text, field }: Input) {
    try {
      const r = await this.client.invoke(new Api.contacts.ResolveUsername({ username }));
      const all = [...r.users, ...r.chats].filter(isPeerEntity);
      const peer = r.peer;
      const wanted =
        peer instanceof Api.PeerUser
          ? String(peer.userId)
          : peer instanceof Api.PeerChannel
            ? String(peer.channelId)
            : String(peer.chatId);
      const found = all.find((e) => String(e.id) === wanted);
      if (found) return found;
    } catch (err) {
      const message = (err as { errorMessage?: string }).errorMessage;
      if (message !== 'USERNAME_NOT_OCCUPIED' && message !== 'USERNAME_INVALID') throw err;
    }
    throw new PeerNotFoundError(
      text,
      `no user, group or channel has the username @${username}`,
      field,
    );
  }

  private async byInvite(hash: string, { text, field }: Input) {
    let invite: Api.TypeChatInvite;
    try {
      invite = await this.client.invoke(new Api.messages.CheckChatInvite({ hash }));
    } catch (err) {
      const message = (err as { errorMessage?: string }).errorMessage;
      if (message === 'INVITE_HASH_EXPIRED' || message === 'INVITE_HASH_INVALID')
        throw new PeerNotFoundError(text, 'the invite link is invalid or expired', field);
      throw err;
    }
    if (invite instanceof Api.ChatInviteAlready && isPeerEntity(invite.chat)) return invite.chat;
    if (invite instanceof Api.ChatInvitePeek && isPeerEntity(invite.chat)) return invite.chat;
    throw new PeerNotFoundError(
      text,
      'this account is not a member of the chat behind the invite link',
      field,
    );
  }

  private async byId(
    type: 'user' | 'chat' | 'channel' | 'unknown',
    id: string,
    { text, field }: Input,
  ) {
    const candidates: Api.TypePeer[] =
      type === 'user'
        ? [new Api.PeerUser({ userId: returnBigInt(id) })]
        : type === 'chat'
          ? [new Api.PeerChat({ chatId: returnBigInt(id) })]
          : type === 'channel'
            ? [new Api.PeerChannel({ channelId: returnBigInt(id) })]
            : [
                new Api.PeerUser({ userId: returnBigInt(id) }),
                new Api.PeerChannel({ channelId: returnBigInt(id) }),
                new Api.PeerChat({ chatId: returnBigInt(id) }),
              ];
    let found = await this.lookup(candidates);
    if (found.length === 0 && !this.dialogsLoaded) {
      // gramjs knows only entities it has seen: the dialog list shows it the account's chats.
      this.dialogsLoaded = true;
      await this.client.getDialogs({ limit: 500 });
      found = await this.lookup(candidates);
    }
    if (found.length === 1) return found[0]!;
    if (found.length > 1) {
      throw new PeerNotFoundError(
        text,
        `ambiguous: ${found.map((e) => describeEntity(e).id).join(' and ')}; give the marked id (-100<id> for channels)`,
        field,
      );
    }
    throw new PeerNotFoundError(
      text,
      'no chat or user with this id is known to this account',
      field,
    );
  }

  private async lookup(peers: Api.TypePeer[]): Promise<Array<Api.User | Api.Chat | Api.Channel>> {
    const out: Array<Api.User | Api.Chat | Api.Channel> = [];
    for (const peer of peers) {
      try {
        const entity = await this.client.getEntity(peer);
        // gramjs's cache is keyed by bare id: keep only what matches the kind asked for.
        const matches =
          (peer instanceof Api.PeerUser && entity instanceof Api.User) ||
          (peer instanceof Api.PeerChat && entity instanceof Api.Chat) ||
          (peer instanceof Api.PeerChannel && entity instanceof Api.Channel);
        if (matches) out.push(entity);
      } catch {
        // Not known (or not accessible) as this kind of peer.
      }
    }
    return out;
  }
}
