// Members of a group or channel: explicit, or generated (100,000 members without 100,000
// records until they are asked for), with the additions and removals the world made.
import type { ParticipantRecord } from './records.js';
import type { ParticipantRole } from './types.js';

export type ParticipantFilter =
  'recent' | 'admins' | 'banned' | 'kicked' | 'search' | 'contacts' | 'bots';

export interface Participants {
  count(): number;
  get(userId: number): ParticipantRecord | undefined;
  /** Members in list order matching the filter, `offset`, at most `limit`; and the total matching. */
  list(
    filter: ParticipantFilter,
    offset: number,
    limit: number,
    match?: (userId: number) => boolean,
  ): { items: ParticipantRecord[]; total: number };
  set(record: ParticipantRecord): void;
  remove(userId: number): void;
}

const ACTIVE: ReadonlySet<ParticipantRole> = new Set(['creator', 'admin', 'member']);

function selects(filter: ParticipantFilter, p: ParticipantRecord): boolean {
  if (filter === 'admins') return p.role === 'creator' || p.role === 'admin';
  if (filter === 'banned' || filter === 'kicked') return p.role === 'banned';
  return ACTIVE.has(p.role);
}

export function createParticipants(
  explicit: ParticipantRecord[],
  generated?: { count: number; baseUserId: number; date: number },
): Participants {
  const overrides = new Map<number, ParticipantRecord | null>(); // null = removed
  const order: number[] = []; // explicit and added members, in list order
  for (const p of explicit) {
    overrides.set(p.userId, p);
    order.push(p.userId);
  }
  const isGenerated = (userId: number) =>
    !!generated &&
    userId > generated.baseUserId &&
    userId <= generated.baseUserId + generated.count;
  const get = (userId: number): ParticipantRecord | undefined => {
    const o = overrides.get(userId);
    if (o !== undefined) return o ?? undefined;
    return isGenerated(userId) ? { userId, role: 'member', date: generated!.date } : undefined;
  };

  function* all(): Generator<ParticipantRecord> {
    for (const id of order) {
      const p = overrides.get(id);
      if (p) yield p;
    }
    if (generated) {
      for (let i = 1; i <= generated.count; i++) {
        const userId = generated.baseUserId + i;
        if (overrides.has(userId)) continue;
        yield { userId, role: 'member', date: generated.date };
      }
    }
  }

  return {
    count() {
      let n = 0;
      for (const id of order) if (ACTIVE.has(overrides.get(id)?.role ?? 'left')) n++;
      if (generated) {
        n += generated.count;
        for (const [id, p] of overrides)
          if (isGenerated(id) && !order.includes(id) && !ACTIVE.has(p?.role ?? 'left')) n--;
      }
      return n;
    },
    get,
    list(filter, offset, limit, match) {
      const items: ParticipantRecord[] = [];
      let total = 0;
      // Fast path for the common "recent" page of a generated group with no filter.
      for (const p of all()) {
        if (!selects(filter, p) || (match && !match(p.userId))) continue;
        if (total >= offset && items.length < limit) items.push(p);
        total++;
        if (!match && filter === 'recent' && items.length >= limit && generated) {
          return { items, total: this.count() };
        }
      }
      return { items, total };
    },
    set(record) {
      if (!overrides.has(record.userId) && !isGenerated(record.userId)) order.push(record.userId);
      overrides.set(record.userId, record);
    },
    remove(userId) {
      overrides.set(userId, null);
    },
  };
}
