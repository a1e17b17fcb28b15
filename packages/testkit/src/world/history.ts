// Message histories: explicit (a sorted array) or generated on demand (a channel with a million
// messages costs no memory until pages are asked for). Both take appended messages.
import { hashUnit, textFor } from './rng.js';
import type { MessageRecord, PeerRef } from './records.js';

export interface PageQuery {
  offsetId: number;
  offsetDate: number;
  addOffset: number;
  limit: number;
  maxId: number;
  minId: number;
}

export interface History {
  count(): number;
  topId(): number;
  get(id: number): MessageRecord | undefined;
  /** Ids of a history page, newest first, the way messages.getHistory selects them. */
  page(query: PageQuery): number[];
  /** Every id, newest first (for search); generated histories iterate lazily. */
  idsNewestFirst(): Iterable<number>;
  add(message: MessageRecord): void;
}

function lowerBound(ids: number[], value: number): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function selectPage(
  all: number,
  idAt: (indexFromNewest: number) => number,
  dateOf: (id: number) => number,
  q: PageQuery,
  firstBelow: (id: number) => number,
): number[] {
  // firstBelow(offsetId) = index (from newest) of the first id < offsetId.
  let start = q.offsetId > 0 ? firstBelow(q.offsetId) : 0;
  if (q.offsetId === 0 && q.offsetDate > 0) {
    let lo = 0;
    let hi = all;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (dateOf(idAt(mid)) >= q.offsetDate) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  start = Math.max(0, start + q.addOffset);
  const out: number[] = [];
  for (let i = start; i < all && out.length < q.limit; i++) {
    const id = idAt(i);
    if (q.maxId > 0 && id >= q.maxId) continue;
    if (q.minId > 0 && id <= q.minId) break;
    out.push(id);
  }
  return out;
}

export function arrayHistory(): History {
  const ids: number[] = [];
  const byId = new Map<number, MessageRecord>();
  const idAt = (i: number) => ids[ids.length - 1 - i]!;
  return {
    count: () => ids.length,
    topId: () => ids[ids.length - 1] ?? 0,
    get: (id) => byId.get(id),
    page: (q) =>
      selectPage(
        ids.length,
        idAt,
        (id) => byId.get(id)!.date,
        q,
        (offsetId) => ids.length - lowerBound(ids, offsetId),
      ),
    *idsNewestFirst() {
      for (let i = ids.length - 1; i >= 0; i--) yield ids[i]!;
    },
    add(message) {
      if (byId.has(message.id)) throw new Error(`duplicate message id ${message.id}`);
      byId.set(message.id, message);
      if (ids.length === 0 || message.id > ids[ids.length - 1]!) ids.push(message.id);
      else ids.splice(lowerBound(ids, message.id), 0, message.id);
    },
  };
}

export interface GeneratedHistoryOptions {
  peer: PeerRef;
  count: number;
  from: number;
  to: number;
  seed: number;
  senders: number[];
}

/** Messages 1..count, made on demand from (seed, id); later messages live in an overlay. */
export function generatedHistory(o: GeneratedHistoryOptions): History {
  const extraIds: number[] = []; // ascending, all > o.count
  const extra = new Map<number, MessageRecord>();
  const span = Math.max(0, o.to - o.from);
  const dateOf = (id: number) => o.from + Math.floor(((id - 1) * span) / Math.max(1, o.count - 1));
  const make = (id: number): MessageRecord => {
    const senderIndex = o.senders.length
      ? Math.floor(hashUnit(o.seed + 3, id) * o.senders.length)
      : -1;
    return {
      id,
      peer: o.peer,
      date: dateOf(id),
      from: senderIndex >= 0 ? { type: 'user', id: o.senders[senderIndex]! } : undefined,
      text: textFor(o.seed, id),
      views:
        o.peer.type === 'channel' ? 10 + Math.floor(hashUnit(o.seed + 5, id) * 5000) : undefined,
    };
  };
  const total = () => o.count + extraIds.length;
  // Index 0 is the newest message: the overlay first, then the generated range downwards.
  const idAt = (i: number) =>
    i < extraIds.length ? extraIds[extraIds.length - 1 - i]! : o.count - (i - extraIds.length);
  const firstBelow = (offsetId: number) =>
    offsetId > o.count
      ? extraIds.length - lowerBound(extraIds, offsetId)
      : extraIds.length + (o.count - (offsetId - 1));
  return {
    count: total,
    topId: () => extraIds[extraIds.length - 1] ?? o.count,
    get: (id) => (id >= 1 && id <= o.count ? make(id) : extra.get(id)),
    page: (q) =>
      selectPage(
        total(),
        idAt,
        (id) => (id <= o.count ? dateOf(id) : extra.get(id)!.date),
        q,
        firstBelow,
      ),
    *idsNewestFirst() {
      for (let i = extraIds.length - 1; i >= 0; i--) yield extraIds[i]!;
      for (let id = o.count; id >= 1; id--) yield id;
    },
    add(message) {
      if (message.id <= o.count || extra.has(message.id))
        throw new Error(`message id ${message.id} is taken`);
      extra.set(message.id, message);
      extraIds.splice(lowerBound(extraIds, message.id), 0, message.id);
    },
  };
}
