// exportMessages: a chat's history as MessageRecords, oldest first by default, resumable after
// the last id written (minId when walking up, offsetId when walking down: never a gap or a
// repeat), with progress against Telegram's count.
import { systemClock } from '@tgmcp/core';
import type { IterMessagesOptions, MessageRecord, Telegram } from '@tgmcp/telegram';
import { ExportError } from '../errors.js';
import { type DescribeTelegram, describeChat, once } from './describe.js';
import { ProgressMeter } from './progress.js';
import type { ExportSource, SourceOptions } from './types.js';

export type MessagesTelegram = Pick<Telegram, 'iterMessages' | 'countMessages'> & DescribeTelegram;

export interface MessageCheckpoint {
  /** The last id yielded (null before the first). */
  last_id: number | null;
  done: number;
}

export interface ExportMessagesOptions extends SourceOptions<MessageCheckpoint> {
  /** `oldest-first` (default, the order of Telegram Desktop exports) or `newest-first`. */
  order?: 'oldest-first' | 'newest-first';
  limit?: number;
  /** Only ids greater than `minId` / smaller than `maxId`. */
  minId?: number;
  maxId?: number;
  /** Only messages at or after / at or before (unix seconds or Date). */
  minDate?: number | Date;
  maxDate?: number | Date;
  /** Keep service messages (joins, pins, title changes). Default true. */
  includeService?: boolean;
  /** Text search and sender filter (Telegram serves these newest first only). */
  search?: string;
  fromUser?: string;
}

const unix = (d: number | Date | undefined) =>
  d === undefined ? null : d instanceof Date ? Math.floor(d.getTime() / 1000) : d;

function checkInt(value: number | undefined, field: string): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 0))
    throw new ExportError('INVALID_INPUT', `${field} must be a whole number >= 0`, field);
}

export function exportMessages(
  tg: MessagesTelegram,
  chat: unknown,
  options: ExportMessagesOptions = {},
): ExportSource<MessageRecord, MessageCheckpoint> {
  const order = options.order ?? 'oldest-first';
  if (order !== 'oldest-first' && order !== 'newest-first')
    throw new ExportError('INVALID_INPUT', 'order must be oldest-first or newest-first', 'order');
  checkInt(options.limit, 'limit');
  checkInt(options.minId, 'min_id');
  checkInt(options.maxId, 'max_id');
  const every = options.progressEvery ?? 100;
  checkInt(every, 'progress_every');
  let state: MessageCheckpoint = options.resumeFrom ?? { last_id: null, done: 0 };
  const describe = once(() => describeChat(tg, chat));
  const filters = {
    order,
    limit: options.limit ?? null,
    min_id: options.minId ?? null,
    max_id: options.maxId ?? null,
    min_date: unix(options.minDate),
    max_date: unix(options.maxDate),
    include_service: options.includeService ?? true,
    search: options.search ?? null,
    from_user: options.fromUser ?? null,
  };

  async function* iterate(): AsyncGenerator<MessageRecord> {
    const { chat: peer } = await describe();
    const ref = peer!.id;
    const meter = new ProgressMeter(options.clock ?? systemClock, every || 100, options.onProgress);
    meter.begin(state.done);
    let total: number | undefined;
    if (options.onProgress) {
      const count = await tg.countMessages(ref);
      total = options.limit !== undefined ? Math.min(count, options.limit) : count;
    }
    const remaining = options.limit === undefined ? undefined : options.limit - state.done;
    if (remaining !== undefined && remaining <= 0) return meter.finish(state.done, total);
    const last = state.last_id;
    const query: IterMessagesOptions = {
      limit: remaining,
      reverse: order === 'oldest-first',
      minId: options.minId,
      maxId: options.maxId,
      minDate: options.minDate,
      maxDate: options.maxDate,
      includeService: options.includeService,
      search: options.search,
      fromUser: options.fromUser,
      signal: options.signal,
    };
    // Resume strictly after the last id written, in the direction of travel.
    if (last !== null && order === 'oldest-first') query.minId = Math.max(options.minId ?? 0, last);
    if (last !== null && order === 'newest-first') query.offsetId = last;
    for await (const m of tg.iterMessages(ref, query)) {
      state = { last_id: m.id, done: state.done + 1 };
      yield m;
      meter.tick(state.done, total);
      options.signal?.throwIfAborted();
    }
    meter.finish(state.done, total);
  }

  return {
    kind: 'messages',
    filters,
    describe,
    checkpoint: () => ({ ...state }),
    restore(s) {
      state = { ...s };
    },
    mark: (m) => ({ id: m.id, time: m.date_unix }),
    [Symbol.asyncIterator]: iterate,
  };
}
