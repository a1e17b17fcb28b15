// Message reads: history pages, search (with limit 0 counts), messages by id.
import { Api } from 'telegram';
import { RpcError } from '../mtproto/connection.js';
import type { History } from '../world/history.js';
import type { MessageRecord, PeerRef } from '../world/records.js';
import type { World } from '../world/world.js';
import type { HandlerTable } from './context.js';
import { apiMessage, referenced } from './convert.js';
import { assertReadable, chatOf, num, resolveChannel, resolvePeer } from './peers.js';

const clampLimit = (limit: number, max = 100) => (limit <= 0 ? 20 : Math.min(limit, max));

/** A messages.* answer: channelMessages for channels, slice when more exist, else messages. */
export function messagesAnswer(
  world: World,
  peer: PeerRef | undefined,
  records: MessageRecord[],
  count: number,
) {
  const { users, chats } = referenced(world, peer ? [peer] : [], records);
  const messages = records.map((m) => apiMessage(m, world));
  if (peer?.type === 'channel') {
    return new Api.messages.ChannelMessages({
      pts: chatOf(world, peer)?.pts ?? 1,
      count,
      messages,
      chats,
      users,
      topics: [],
    });
  }
  if (count > records.length)
    return new Api.messages.MessagesSlice({ count, messages, chats, users });
  return new Api.messages.Messages({ messages, chats, users });
}

type Filter = (m: MessageRecord) => boolean;

function searchFilter(req: Api.messages.Search, world: World): Filter {
  const q = req.q.trim().toLowerCase();
  const from = req.fromId ? resolvePeer(world, req.fromId as never) : undefined;
  const kind = req.filter.className;
  return (m) => {
    if (q && !m.text.toLowerCase().includes(q)) return false;
    if (from && (typeof m.from !== 'object' || m.from.id !== from.id)) return false;
    if (req.minDate && m.date < req.minDate) return false;
    if (req.maxDate && m.date > req.maxDate) return false;
    if (kind === 'InputMessagesFilterPhotos' || kind === 'InputMessagesFilterPhotoVideo')
      return m.media?.kind === 'photo';
    if (kind === 'InputMessagesFilterDocument') return m.media?.kind === 'document';
    if (kind === 'InputMessagesFilterPinned') return !!m.pinned;
    return true;
  };
}

function search(
  h: History,
  filter: Filter,
  req: Api.messages.Search,
  limit: number,
): { ids: number[]; count: number } {
  const ids: number[] = [];
  let count = 0;
  let skipped = 0;
  for (const id of h.idsNewestFirst()) {
    if (req.maxId && id >= req.maxId) continue;
    if (req.minId && id <= req.minId) break;
    const m = h.get(id)!;
    if (!filter(m)) continue;
    count++;
    if (req.offsetId && id >= req.offsetId) continue;
    if (skipped < req.addOffset) {
      skipped++;
      continue;
    }
    if (ids.length < limit) ids.push(id);
  }
  return { ids, count };
}

export const messageHandlers: HandlerTable = {
  'messages.GetHistory'(req: Api.messages.GetHistory, { world }) {
    const peer = resolvePeer(world, req.peer as never);
    assertReadable(world, peer);
    const h = world.history(peer);
    const ids = h.page({
      offsetId: req.offsetId,
      offsetDate: req.offsetDate,
      addOffset: req.addOffset,
      limit: clampLimit(req.limit),
      maxId: req.maxId,
      minId: req.minId,
    });
    return messagesAnswer(
      world,
      peer,
      ids.map((id) => h.get(id)!),
      h.count(),
    );
  },

  'messages.Search'(req: Api.messages.Search, { world }) {
    const peer = resolvePeer(world, req.peer as never);
    assertReadable(world, peer);
    const h = world.history(peer);
    const plain =
      !req.q &&
      !req.fromId &&
      req.filter.className === 'InputMessagesFilterEmpty' &&
      !req.minDate &&
      !req.maxDate;
    if (req.limit === 0 && plain && !req.maxId && !req.minId)
      return messagesAnswer(world, peer, [], h.count());
    const { ids, count } = search(h, searchFilter(req, world), req, clampLimit(req.limit));
    return messagesAnswer(
      world,
      peer,
      ids.map((id) => h.get(id)!),
      count,
    );
  },

  'messages.GetMessages'(req: Api.messages.GetMessages, { world }) {
    const found: MessageRecord[] = [];
    for (const input of req.id) {
      const id = (input as Api.InputMessageID).id;
      const m = typeof id === 'number' ? world.findCommonMessage(id) : undefined;
      if (m) found.push(m);
    }
    return messagesAnswer(world, undefined, found, found.length);
  },

  'channels.GetMessages'(req: Api.channels.GetMessages, { world }) {
    const chat = resolveChannel(world, req.channel as never);
    const peer = world.peerOfChat(chat);
    assertReadable(world, peer);
    const h = world.history(peer);
    const found = req.id
      .map((input) => h.get(num((input as Api.InputMessageID).id)))
      .filter((m): m is MessageRecord => !!m);
    return messagesAnswer(world, peer, found, h.count());
  },
};

export { RpcError };
