// iterMessages: a chat's history, one request per page of up to 100 (Telegram's maximum), newest
// first or oldest first, with id/date bounds, text search, sender filter and pinned/media filters.
// Each page is a request of its own through the chokepoint.
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers.js';
import { InvalidInputError } from '../errors.js';
import type { OpsContext } from './context.js';
import { entityNames, normalizeMessage } from './normalize-message.js';
import type { MessageRecord } from './types.js';

export type MessageFilter = 'pinned' | 'photos' | 'documents' | 'media';

export interface IterMessagesOptions {
  /** At most this many messages (default: all). */
  limit?: number;
  /** Start after this id: older than it (newest first) or newer than it (`reverse`). */
  offsetId?: number;
  /** Only ids greater than this. */
  minId?: number;
  /** Only ids smaller than this. */
  maxId?: number;
  /** Only messages at or after / at or before these times (unix seconds or Date). */
  minDate?: number | Date;
  maxDate?: number | Date;
  /** Oldest first. */
  reverse?: boolean;
  /** Text search (Telegram's messages.search). */
  search?: string;
  /** Only messages sent by this user (any peer ref). */
  fromUser?: unknown;
  filter?: MessageFilter;
  /** Keep service messages (joins, pins, title changes). Default true. */
  includeService?: boolean;
  /** Requests of up to this many messages (1-100, default 100). */
  pageSize?: number;
  signal?: AbortSignal;
  /** The caller's name for the chat reference, in errors. Default `chat`. */
  field?: string;
}

const unix = (d: number | Date | undefined) =>
  d === undefined ? 0 : d instanceof Date ? Math.floor(d.getTime() / 1000) : Math.floor(d);

const FILTERS: Record<MessageFilter, () => Api.TypeMessagesFilter> = {
  pinned: () => new Api.InputMessagesFilterPinned(),
  photos: () => new Api.InputMessagesFilterPhotos(),
  documents: () => new Api.InputMessagesFilterDocument(),
  media: () => new Api.InputMessagesFilterPhotoVideo(),
};

function check(o: IterMessagesOptions): void {
  const ints: Array<[keyof IterMessagesOptions, string]> = [
    ['limit', 'limit'],
    ['offsetId', 'offset_id'],
    ['minId', 'min_id'],
    ['maxId', 'max_id'],
  ];
  for (const [key, field] of ints) {
    const v = o[key];
    if (v !== undefined && (!Number.isInteger(v) || (v as number) < 0))
      throw new InvalidInputError(field, 'must be a whole number >= 0');
  }
  if (
    o.pageSize !== undefined &&
    (!Number.isInteger(o.pageSize) || o.pageSize < 1 || o.pageSize > 100)
  )
    throw new InvalidInputError('page_size', 'must be a whole number from 1 to 100');
  if (o.filter !== undefined && !(o.filter in FILTERS))
    throw new InvalidInputError('filter', `must be one of ${Object.keys(FILTERS).join(', ')}`);
  if (o.reverse && (o.search || o.fromUser !== undefined || o.filter))
    throw new InvalidInputError(
      'reverse',
      'cannot be combined with search, from_user or filter (Telegram returns those newest first)',
    );
  if (o.minDate !== undefined && o.maxDate !== undefined && unix(o.minDate) > unix(o.maxDate))
    throw new InvalidInputError('min_date', 'must not be after max_date');
}

export async function* iterMessages(
  ctx: OpsContext,
  ref: unknown,
  o: IterMessagesOptions = {},
): AsyncGenerator<MessageRecord> {
  check(o);
  const peer = await ctx.peers.chat(ref, o.field ?? 'chat');
  // A sender is described, not read: people pass; a chat (posting as itself) only in the scope.
  const from = o.fromUser !== undefined ? await ctx.peers.peer(o.fromUser, 'from_user') : undefined;
  const limit = o.limit ?? Number.POSITIVE_INFINITY;
  const pageSize = o.pageSize ?? 100;
  const minId = o.minId ?? 0;
  const maxId = o.maxId ?? 0;
  const minDate = unix(o.minDate);
  const maxDate = unix(o.maxDate);
  const includeService = o.includeService ?? true;
  const selfId = String(ctx.self.id);
  const searching = !!o.search || !!from || !!o.filter;
  // Reverse pages ask for ids >= offsetId: start just after the given id.
  let offsetId = o.offsetId ?? 0;
  if (o.reverse) offsetId = offsetId > 0 ? offsetId + 1 : minId > 0 ? minId + 1 : minDate ? 0 : 1;
  let sent = 0;

  while (sent < limit) {
    o.signal?.throwIfAborted();
    const want = Math.min(pageSize, limit - sent);
    const common = { peer: peer.entity, limit: want, maxId, minId, hash: returnBigInt(0) };
    const request = searching
      ? new Api.messages.Search({
          ...common,
          q: o.search ?? '',
          fromId: from?.entity,
          filter: o.filter ? FILTERS[o.filter]() : new Api.InputMessagesFilterEmpty(),
          minDate,
          maxDate,
          offsetId,
          addOffset: 0,
        })
      : new Api.messages.GetHistory({
          ...common,
          offsetId,
          // First page of a dated query: start at the date instead of an id.
          offsetDate: offsetId === 0 ? (o.reverse ? minDate : maxDate ? maxDate + 1 : 0) : 0,
          addOffset: o.reverse ? -want : 0,
        });
    const r = await ctx.client.invoke(request);
    if (r instanceof Api.messages.MessagesNotModified) return;
    const names = entityNames(r.users, r.chats);
    // Telegram answers newest first; reverse walks towards newer ids.
    const page = r.messages.filter((m) => !(m instanceof Api.MessageEmpty));
    if (o.reverse) page.sort((a, b) => a.id - b.id);
    const fresh = o.reverse ? page.filter((m) => m.id >= offsetId) : page;
    if (fresh.length === 0) return;
    for (const m of fresh) {
      if (!o.reverse && maxDate && m.date > maxDate) continue;
      if (o.reverse && minDate && m.date < minDate) continue;
      if (!o.reverse && minDate && m.date < minDate) return;
      if (o.reverse && maxDate && m.date > maxDate) return;
      const record = normalizeMessage(m, peer.id, names, selfId);
      if (!record || (record.is_service && !includeService)) continue;
      yield record;
      if (++sent >= limit) return;
    }
    const edge = fresh.at(-1)!.id;
    offsetId = o.reverse ? edge + 1 : edge;
    // A short page is the last one. Reverse windows are padded with older messages, so there
    // the count of newer ones tells.
    if ((o.reverse ? fresh.length : r.messages.length) < want) return;
  }
}
