// gramjs messages -> MessageRecord. Every kind of sender is described (user, channel posting as
// itself, anonymous group admin), service messages are kept and marked, `is_pinned` is
// Telegram's `pinned` flag (the seed read a field that does not exist and always said false).
import { Api } from 'telegram';
import { displayName } from './normalize-user.js';
import { iso, isoOrNull, toNumber } from './time.js';
import type { ForwardInfo, MediaInfo, MessageRecord } from './types.js';

/** Names of the users and chats that came with a page, by marked id. */
export type EntityNames = Map<string, string | null>;

export function entityNames(users: Api.TypeUser[], chats: Api.TypeChat[]): EntityNames {
  const names: EntityNames = new Map();
  for (const u of users) names.set(String(u.id), displayName(u));
  for (const c of chats) {
    const id =
      c instanceof Api.Channel || c instanceof Api.ChannelForbidden
        ? `-100${String(c.id)}`
        : `-${String(c.id)}`;
    names.set(id, displayName(c));
  }
  return names;
}

export function markedPeer(peer: Api.TypePeer): {
  id: string;
  type: 'user' | 'channel' | 'chat';
} {
  if (peer instanceof Api.PeerUser) return { id: String(peer.userId), type: 'user' };
  if (peer instanceof Api.PeerChannel)
    return { id: `-100${String(peer.channelId)}`, type: 'channel' };
  return { id: `-${String(peer.chatId)}`, type: 'chat' };
}

function mediaOf(media: Api.TypeMessageMedia | undefined): MediaInfo | null {
  if (!media || media instanceof Api.MessageMediaEmpty) return null;
  if (media instanceof Api.MessageMediaPhoto) {
    const photo = media.photo instanceof Api.Photo ? media.photo : undefined;
    const sizes = (photo?.sizes ?? []).map((s) =>
      s instanceof Api.PhotoSize
        ? s.size
        : s instanceof Api.PhotoSizeProgressive
          ? Math.max(0, ...s.sizes)
          : 0,
    );
    return {
      kind: 'photo',
      file_name: null,
      mime_type: 'image/jpeg',
      size: sizes.length ? Math.max(...sizes) : null,
    };
  }
  if (media instanceof Api.MessageMediaDocument) {
    const doc = media.document instanceof Api.Document ? media.document : undefined;
    const nameAttr = doc?.attributes.find(
      (a): a is Api.DocumentAttributeFilename => a instanceof Api.DocumentAttributeFilename,
    );
    return {
      kind: 'document',
      file_name: nameAttr?.fileName ?? null,
      mime_type: doc?.mimeType ?? null,
      size: toNumber(doc?.size),
    };
  }
  const kinds: Array<[new (...args: never[]) => unknown, string]> = [
    [Api.MessageMediaWebPage, 'webpage'],
    [Api.MessageMediaGeo, 'geo'],
    [Api.MessageMediaContact, 'contact'],
    [Api.MessageMediaPoll, 'poll'],
  ];
  const kind = kinds.find(([cls]) => media instanceof cls)?.[1] ?? 'other';
  return { kind, file_name: null, mime_type: null, size: null };
}

function forwardOf(fwd: Api.MessageFwdHeader | undefined, names: EntityNames): ForwardInfo | null {
  if (!fwd) return null;
  const from = fwd.fromId ? markedPeer(fwd.fromId) : undefined;
  return {
    from_id: from?.id ?? null,
    from_type: from?.type ?? null,
    from_name: fwd.fromName ?? (from ? (names.get(from.id) ?? null) : null),
    date: iso(fwd.date),
    channel_post: fwd.channelPost ?? null,
  };
}

const ACTIONS: Array<[new (...args: never[]) => unknown, string]> = [
  [Api.MessageActionChatCreate, 'chat_create'],
  [Api.MessageActionChannelCreate, 'channel_create'],
  [Api.MessageActionChatAddUser, 'chat_add_user'],
  [Api.MessageActionChatJoinedByLink, 'chat_joined_by_link'],
  [Api.MessageActionChatDeleteUser, 'chat_delete_user'],
  [Api.MessageActionChatEditTitle, 'chat_edit_title'],
  [Api.MessageActionPinMessage, 'pin_message'],
];

export function normalizeMessage(
  message: Api.TypeMessage,
  chatId: string,
  names: EntityNames,
  selfId: string,
): MessageRecord | undefined {
  if (message instanceof Api.MessageEmpty) return undefined;
  const service = message instanceof Api.MessageService;
  // No fromId: a channel posting as itself, our own message, or a private chat's peer.
  const sender = message.fromId
    ? markedPeer(message.fromId)
    : message.post
      ? markedPeer(message.peerId)
      : message.out
        ? { id: selfId, type: 'user' as const }
        : message.peerId instanceof Api.PeerUser
          ? markedPeer(message.peerId)
          : undefined;
  const m = message as Api.Message;
  const media = service ? null : mediaOf(m.media);
  const reply = message.replyTo instanceof Api.MessageReplyHeader ? message.replyTo : undefined;
  return {
    id: message.id,
    chat_id: chatId,
    date: iso(message.date),
    date_unix: message.date,
    edit_date: service ? null : isoOrNull(m.editDate),
    from_id: sender?.id ?? null,
    from_type: sender?.type ?? null,
    from_name: sender ? (names.get(sender.id) ?? null) : null,
    post_author: service ? null : (m.postAuthor ?? null),
    text: service ? '' : (m.message ?? ''),
    is_reply: !!reply,
    reply_to_msg_id: reply?.replyToMsgId ?? null,
    fwd_from: service ? null : forwardOf(m.fwdFrom, names),
    views: service ? null : (m.views ?? null),
    forwards: service ? null : (m.forwards ?? null),
    is_pinned: !service && !!m.pinned,
    is_service: service,
    action: service
      ? (ACTIONS.find(([cls]) => message.action instanceof cls)?.[1] ?? 'other')
      : null,
    has_media: media !== null,
    media_type: service || !m.media ? null : m.media.className,
    media,
    // gramjs leaves an absent flag field null, not undefined: String(null) was "null".
    grouped_id: service || m.groupedId == null ? null : String(m.groupedId),
  };
}
