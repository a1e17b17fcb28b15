// iterParticipants: every member page (200 per request, Telegram's maximum) of a supergroup or
// channel, with Telegram's filters and member search; basic groups come whole from getFullChat.
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers.js';
import { InvalidInputError } from '../errors.js';
import type { OpsContext } from './context.js';
import { normalizeUser } from './normalize-user.js';
import { isoOrNull } from './time.js';
import type { Participant } from './types.js';

export type ParticipantFilter = 'all' | 'admins' | 'bots' | 'banned' | 'kicked';
export const PARTICIPANT_FILTERS: readonly ParticipantFilter[] = [
  'all',
  'admins',
  'bots',
  'banned',
  'kicked',
];

export interface IterParticipantsOptions {
  limit?: number;
  filter?: ParticipantFilter;
  /** Telegram's member search (names and usernames). */
  search?: string;
  /** Keep bots (default true; the seed dropped them). */
  includeBots?: boolean;
  /** Members' phone numbers are personal data: `phone` is null unless this is true. */
  includePhone?: boolean;
  signal?: AbortSignal;
  /** The caller's name for the chat reference, in errors. Default `chat` (`group` for a user). */
  field?: string;
}

const PAGE = 200;

function channelFilter(f: ParticipantFilter, q: string): Api.TypeChannelParticipantsFilter {
  if (f === 'admins') return new Api.ChannelParticipantsAdmins();
  if (f === 'bots') return new Api.ChannelParticipantsBots();
  if (f === 'banned') return new Api.ChannelParticipantsBanned({ q });
  if (f === 'kicked') return new Api.ChannelParticipantsKicked({ q });
  return q ? new Api.ChannelParticipantsSearch({ q }) : new Api.ChannelParticipantsRecent();
}

type AnyParticipant = Api.TypeChannelParticipant | Api.TypeChatParticipant;

function describe(p: AnyParticipant): Omit<Participant, keyof ReturnType<typeof normalizeUser>> {
  const date = 'date' in p && typeof p.date === 'number' ? p.date : undefined;
  const inviter = 'inviterId' in p && p.inviterId != null ? String(p.inviterId) : null;
  const rank = 'rank' in p && typeof p.rank === 'string' ? p.rank : null;
  const role: Participant['role'] =
    p instanceof Api.ChannelParticipantCreator || p instanceof Api.ChatParticipantCreator
      ? 'creator'
      : p instanceof Api.ChannelParticipantAdmin || p instanceof Api.ChatParticipantAdmin
        ? 'admin'
        : p instanceof Api.ChannelParticipantBanned
          ? p.left
            ? 'left'
            : 'banned'
          : p instanceof Api.ChannelParticipantLeft
            ? 'left'
            : 'member';
  return { role, joined_at: isoOrNull(date), inviter_id: inviter, rank };
}

function userIdOf(p: AnyParticipant): string | undefined {
  if ('userId' in p && p.userId !== undefined) return String(p.userId);
  if ('peer' in p && p.peer instanceof Api.PeerUser) return String(p.peer.userId);
  return undefined;
}

export async function* iterParticipants(
  ctx: OpsContext,
  ref: unknown,
  o: IterParticipantsOptions = {},
): AsyncGenerator<Participant> {
  const filter = o.filter ?? 'all';
  if (!PARTICIPANT_FILTERS.includes(filter))
    throw new InvalidInputError('filter', `must be one of ${PARTICIPANT_FILTERS.join(', ')}`);
  const limit = o.limit ?? Number.POSITIVE_INFINITY;
  if (o.limit !== undefined && (!Number.isInteger(limit) || limit < 0))
    throw new InvalidInputError('limit', 'must be a whole number >= 0');
  const includeBots = o.includeBots ?? true;
  const q = (o.search ?? '').trim();
  const peer = await ctx.peers.chat(ref, o.field ?? 'chat');
  const e = peer.entity;
  if (e instanceof Api.User)
    throw new InvalidInputError(o.field ?? 'group', `${peer.id} is a user, not a group or channel`);
  let sent = 0;
  const emit = (p: AnyParticipant, users: Map<string, Api.User>): Participant | undefined => {
    const user = users.get(userIdOf(p) ?? '');
    if (!user || (!includeBots && user.bot)) return undefined;
    const record = { ...normalizeUser(user), ...describe(p) };
    return o.includePhone ? record : { ...record, phone: null };
  };

  if (e instanceof Api.Chat) {
    const full = await ctx.client.invoke(new Api.messages.GetFullChat({ chatId: e.id }));
    const users = new Map(
      full.users.filter((u): u is Api.User => u instanceof Api.User).map((u) => [String(u.id), u]),
    );
    const list = (full.fullChat as Api.ChatFull).participants;
    const members = list instanceof Api.ChatParticipants ? list.participants : [];
    const needle = q.toLowerCase();
    for (const p of members) {
      const record = emit(p, users);
      if (!record) continue;
      if (filter === 'admins' && record.role === 'member') continue;
      if (filter === 'bots' && !record.is_bot) continue;
      if (filter === 'banned' || filter === 'kicked') continue;
      const names = [record.first_name, record.last_name, record.username];
      if (needle && !names.some((n) => n?.toLowerCase().includes(needle))) continue;
      if (sent++ >= limit) return;
      yield record;
    }
    return;
  }

  for (let offset = 0; sent < limit;) {
    o.signal?.throwIfAborted();
    const r = await ctx.client.invoke(
      new Api.channels.GetParticipants({
        channel: e,
        filter: channelFilter(filter, q),
        offset,
        limit: PAGE,
        hash: returnBigInt(0),
      }),
    );
    if (!(r instanceof Api.channels.ChannelParticipants)) return;
    const users = new Map(
      r.users.filter((u): u is Api.User => u instanceof Api.User).map((u) => [String(u.id), u]),
    );
    for (const p of r.participants) {
      const record = emit(p, users);
      if (!record) continue;
      yield record;
      if (++sent >= limit) return;
    }
    offset += r.participants.length;
    if (r.participants.length === 0 || offset >= r.count) return;
  }
}
