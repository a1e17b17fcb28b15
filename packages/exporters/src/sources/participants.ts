// exportParticipants: a group's or channel's members. Telegram's participant offsets shift while
// people join and leave, so a resumed export walks the list again and skips every id already
// written (the checkpoint holds them): no duplicates, and nobody still listed is missed.
import { systemClock } from '@tgmcp/core';
import type { IterParticipantsOptions, Participant, Telegram } from '@tgmcp/telegram';
import { ExportError } from '../errors.js';
import { type DescribeTelegram, describeChat, once } from './describe.js';
import { ProgressMeter } from './progress.js';
import type { ExportSource, SourceOptions } from './types.js';

export type ParticipantsTelegram = Pick<Telegram, 'iterParticipants' | 'getChatInfo'> &
  DescribeTelegram;

export interface ParticipantCheckpoint {
  /** Ids of every member yielded so far. */
  seen: string[];
  done: number;
}

export interface ExportParticipantsOptions extends SourceOptions<ParticipantCheckpoint> {
  limit?: number;
  filter?: IterParticipantsOptions['filter'];
  search?: string;
  includeBots?: boolean;
  /** Phone numbers are personal data: exported only when asked (default false). */
  includePhone?: boolean;
}

export function exportParticipants(
  tg: ParticipantsTelegram,
  chat: unknown,
  options: ExportParticipantsOptions = {},
): ExportSource<Participant, ParticipantCheckpoint> {
  if (options.limit !== undefined && (!Number.isInteger(options.limit) || options.limit < 0))
    throw new ExportError('INVALID_INPUT', 'limit must be a whole number >= 0', 'limit');
  const every = options.progressEvery ?? 100;
  let seen = new Set<string>(options.resumeFrom?.seen ?? []);
  let done = options.resumeFrom?.done ?? 0;
  const describe = once(() => describeChat(tg, chat));
  const includePhone = options.includePhone ?? false;
  const filters = {
    limit: options.limit ?? null,
    filter: options.filter ?? 'all',
    search: options.search ?? null,
    include_bots: options.includeBots ?? true,
    include_phone: includePhone,
  };

  async function* iterate(): AsyncGenerator<Participant> {
    const { chat: peer } = await describe();
    const meter = new ProgressMeter(options.clock ?? systemClock, every || 100, options.onProgress);
    meter.begin(done);
    let total: number | undefined;
    if (options.onProgress && (options.filter ?? 'all') === 'all' && !options.search) {
      const info = await tg.getChatInfo(peer!.id);
      if (info.members_count !== null)
        total =
          options.limit !== undefined
            ? Math.min(info.members_count, options.limit)
            : info.members_count;
    }
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    if (done >= limit) return meter.finish(done, total);
    const members = tg.iterParticipants(peer!.id, {
      filter: options.filter,
      search: options.search,
      includeBots: options.includeBots,
      includePhone,
      signal: options.signal,
    });
    for await (const p of members) {
      if (seen.has(p.id)) continue;
      seen.add(p.id);
      done++;
      // Blanked here too: a Telegram layer that does not know the option must not leak them.
      yield includePhone ? p : { ...p, phone: null };
      meter.tick(done, total);
      options.signal?.throwIfAborted();
      if (done >= limit) break;
    }
    meter.finish(done, total);
  }

  return {
    kind: 'participants',
    filters,
    describe,
    checkpoint: () => ({ seen: [...seen], done }),
    restore(s) {
      seen = new Set(s.seen);
      done = s.done;
    },
    mark: (p) => ({
      id: p.id,
      time: p.joined_at ? Math.floor(Date.parse(p.joined_at) / 1000) : null,
    }),
    [Symbol.asyncIterator]: iterate,
  };
}
